#include "config/constants.hpp"
#include "config/derived.hpp"
#include "phases/init_run.hpp"

namespace ks::phases {

namespace {

const std::string kKubeletFix =
    "check that the kubelet runs: 'systemctl status kubelet' and 'journalctl -xeu kubelet'";
const std::string kStaticPodFix =
    "the kubelet starts these from /etc/kubernetes/manifests; look at their containers with 'crictl ps -a' "
    "and 'crictl logs <id>', and at 'journalctl -xeu kubelet'";

std::string local(int port, const char* scheme = "https") {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(port);
}

}  // namespace

workflow::Phase wait_control_plane_phase(InitRun& run) {
  workflow::Phase phase{"wait-control-plane", "Wait for the kubelet and the control plane to become healthy"};
  phase.run = [&run]() -> Status {
    const auto& config = run.config;
    auto kubelet = local(constants::kKubeletHealthzPort, "http");
    if (config.dry_run) {
      run.reporter.line("dryrun", "Would wait for the kubelet at " + kubelet +
                                      "/healthz, then the API server, controller-manager and scheduler");
      return {};
    }
    auto say = [&run](const char* label) {
      return [&run, label](const std::string& text) { run.reporter.line(label, text); };
    };
    KS_CHECK(kube::wait_until_healthy(
        {{"kubelet", kubelet, {"/healthz"}, kKubeletFix}},
        {config.timeouts.kubelet_health_check, run.health_poll_interval, say("kubelet-check")},
        run.host.clock, *run.health_prober));
    return kube::wait_until_healthy(
        {{"kube-apiserver", config::local_api_url(config), {"/livez", "/readyz"}, kStaticPodFix},
         {"kube-controller-manager", local(constants::kControllerManagerPort), {"/healthz"}, kStaticPodFix},
         {"kube-scheduler", local(constants::kSchedulerPort), {"/livez"}, kStaticPodFix}},
        {config.timeouts.control_plane_component_health_check, run.health_poll_interval,
         say("control-plane-check")},
        run.host.clock, *run.health_prober);
  };
  return phase;
}

}  // namespace ks::phases

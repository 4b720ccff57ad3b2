#include <chrono>
#include <memory>

#include "base/duration.hpp"
#include "base/strings.hpp"
#include "config/constants.hpp"
#include "config/derived.hpp"
#include "phases/init_run.hpp"

namespace ks::phases {

namespace {

using namespace std::chrono_literals;

struct HealthTarget {
  std::string component;
  std::string base_url;
  std::vector<std::string> paths;  // all must answer 200
  std::string last_error = "not checked yet";
  bool healthy = false;
  std::shared_ptr<kube::ApiClient> client = nullptr;  // kept between polls: one connection, not one per poll
};

// Unauthenticated, unverified GETs, as kubeadm's control-plane check does; no retries here, the caller
// polls.
bool check(InitRun& run, HealthTarget& target) {
  if (!target.client) {
    kube::Kubeconfig endpoint;
    endpoint.server = target.base_url;
    kube::ClientOptions options;
    options.timeout = 0s;
    options.insecure_skip_tls_verify = true;
    target.client = std::make_shared<kube::ApiClient>(endpoint, run.host.clock, options);
  }
  for (const auto& path : target.paths) {
    auto response = target.client->request("GET", path);
    if (!response) {
      target.last_error = response.error().why;
      return false;
    }
    if (response->status != 200) {
      target.last_error = target.base_url + path + " answered " + std::to_string(response->status) + ": " +
                          std::string(trim(response->message.substr(0, 200)));
      return false;
    }
  }
  return true;
}

Status wait_for(InitRun& run, const std::string& label, std::vector<HealthTarget> targets,
                std::chrono::nanoseconds timeout) {
  auto& clock = run.host.clock;
  auto start = clock.monotonic();
  run.reporter.line(label, "Waiting for " +
                               join(
                                   [&] {
                                     std::vector<std::string> names;
                                     for (const auto& t : targets)
                                       names.push_back(t.component + " at " + t.base_url + t.paths.back());
                                     return names;
                                   }(),
                                   ", ") +
                               ". This can take up to " + format_go_duration(timeout));
  while (true) {
    bool all = true;
    for (auto& target : targets) {
      if (target.healthy) continue;
      target.healthy = check(run, target);
      if (target.healthy)
        run.reporter.line(
            label, target.component + " is healthy after " + format_elapsed(clock.monotonic() - start));
      all = all && target.healthy;
    }
    if (all) return {};
    if (clock.monotonic() - start >= timeout) break;
    clock.sleep_for(run.health_poll_interval);
  }
  std::vector<std::string> failing, reasons;
  for (const auto& target : targets)
    if (!target.healthy) {
      failing.push_back(target.component);
      reasons.push_back(target.component + ": " + target.last_error);
    }
  std::string fix =
      failing.front() == "kubelet"
          ? "check that the kubelet runs: 'systemctl status kubelet' and 'journalctl -xeu kubelet'"
          : "the kubelet starts these from /etc/kubernetes/manifests; look at their containers with 'crictl "
            "ps "
            "-a' and 'crictl logs <id>', and at 'journalctl -xeu kubelet'";
  return failure(join(failing, ", ") + " not healthy after " + format_go_duration(timeout),
                 join(reasons, "; "), fix);
}

}  // namespace

workflow::Phase wait_control_plane_phase(InitRun& run) {
  workflow::Phase phase{"wait-control-plane", "Wait for the kubelet and the control plane to become healthy"};
  phase.run = [&run]() -> Status {
    const auto& config = run.config;
    auto kubelet = "http://127.0.0.1:" + std::to_string(constants::kKubeletHealthzPort);
    if (config.dry_run) {
      run.reporter.line("dryrun", "Would wait for the kubelet at " + kubelet +
                                      "/healthz, then the API server, controller-manager and scheduler");
      return {};
    }
    KS_CHECK(wait_for(run, "kubelet-check", {{"kubelet", kubelet, {"/healthz"}}},
                      config.timeouts.kubelet_health_check));
    return wait_for(run, "control-plane-check",
                    {{"kube-apiserver", config::local_api_url(config), {"/livez", "/readyz"}},
                     {"kube-controller-manager", "https://127.0.0.1:10257", {"/healthz"}},
                     {"kube-scheduler", "https://127.0.0.1:10259", {"/livez"}}},
                    config.timeouts.control_plane_component_health_check);
  };
  return phase;
}

}  // namespace ks::phases

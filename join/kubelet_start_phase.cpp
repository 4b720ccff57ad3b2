#include "base/duration.hpp"
#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "base/yaml_writer.hpp"
#include "config/constants.hpp"
#include "join/join_run.hpp"
#include "join/kubelet_bootstrap_wait.hpp"
#include "kube/health.hpp"
#include "kube/nodes.hpp"
#include "phases/kubelet_service.hpp"
#include "phases/node_facts.hpp"
#include "templates/kubelet_files.hpp"

namespace ks::joining {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

const std::string kTag = "kubelet-start";

// Removing a node's cluster state by hand, until kubestrap has a reset command.
std::string reset_fix(const config::JoinConfiguration& config) {
  return "this machine is (or was) a node of a cluster already; to join again, stop the kubelet and remove " +
         std::string(kKubeletKubeconfig) + ", " + std::string(kBootstrapKubeconfig) + ", " +
         config.ca_cert_path + " and /var/lib/kubelet/pki (kubeadm's 'kubeadm reset' does this)";
}

// A Ready Node of this name is another machine's (or this one's, joined before): taking its name over
// would mix two kubelets' reports into one Node.
Status refuse_ready_node(kube::Api& api, const std::string& name) {
  auto node = api.get("/api/v1/nodes/" + name);
  if (!node) {
    if (node.error().is(404)) return {};
    return std::unexpected(Error(node.error()).context("checking for a Node named " + quote(name)));
  }
  for (const auto& condition : member(member(*node, "status"), "conditions"))
    if (string_member(condition, "type") == "Ready" && string_member(condition, "status") == "True")
      return conflict("a Node named " + quote(name) + " is already in the cluster and Ready",
                      "this machine would take over its name and mix its reports with that node's",
                      "delete that Node first ('kubectl delete node " + name +
                          "' on a control-plane node), or join under another name with --node-name");
  return {};
}

// The cluster CA this node trusts: written when absent, kept when it is the same, never replaced.
Result<bool> ca_needs_writing(const host::Files& files, const std::string& path, const std::string& ca_pem,
                              const config::JoinConfiguration& config) {
  if (!files.exists(path)) return true;
  auto existing = KS_TRY(files.read(path, constants::kPemFileLimit));
  if (existing == ca_pem) return false;
  return conflict(path + " already holds another CA than the cluster's", "it belongs to another cluster",
                  reset_fix(config));
}

// Where the kubelet serves /healthz, as the cluster's KubeletConfiguration sets it.
std::string kubelet_healthz(const nlohmann::json& kubelet_configuration) {
  auto address = string_member(kubelet_configuration, "healthzBindAddress", "127.0.0.1");
  if (address.empty() || address == "0.0.0.0") address = "127.0.0.1";
  if (address == "::") address = "::1";
  auto port = member(kubelet_configuration, "healthzPort");
  int number = port.is_number_integer() ? port.get<int>() : constants::kKubeletHealthzPort;
  auto host = address.find(':') == std::string::npos ? address : "[" + address + "]";
  return "http://" + host + ":" + std::to_string(number);
}

Status start_and_wait(JoinRun& run, const ClusterSettings& settings) {
  const auto& config = run.config;
  auto& files = run.host.files;
  auto healthz = kubelet_healthz(settings.kubelet_configuration);
  if (config.dry_run) {
    run.reporter.line("dryrun", "Would wait for the kubelet at " + healthz +
                                    "/healthz, then for its TLS "
                                    "bootstrap to write " +
                                    std::string(kKubeletKubeconfig) + ", then remove " +
                                    std::string(kBootstrapKubeconfig));
    return {};
  }
  auto say = [&run](const std::string& text) { run.reporter.line("kubelet-check", text); };
  auto started = run.host.clock.monotonic();
  KS_CHECK(kube::wait_until_healthy({{"kubelet",
                                      healthz,
                                      {"/healthz"},
                                      "check that the kubelet runs: 'systemctl status kubelet' and "
                                      "'journalctl -xeu kubelet'"}},
                                    {config.timeouts.kubelet_health_check, run.poll_interval, say},
                                    run.host.clock, *run.health_prober));
  auto healthy = run.host.clock.monotonic() - started;
  auto done =
      KS_TRY(wait_for_kubelet_bootstrap({std::string(kKubeletKubeconfig), config.node_registration.name,
                                         config.timeouts.tls_bootstrap, run.poll_interval, say},
                                        files, *run.api_factory, run.host.clock));
  // As kubeadm's join (kubelet-start, phases/patchnode/patchnode.go): the node records its CRI socket on its
  // Node, with its own new credential, once the kubelet has registered it; `kubeadm upgrade` reads it there.
  // Not with NodeLocalCRISocket: the socket then stays in the node's instance configuration.
  bool annotates = !templates::cri_socket_is_node_local(settings.node);
  auto registered = run.host.clock.monotonic();
  if (annotates)
    KS_CHECK(with_context(kube::patch_node(*done.api, config.node_registration.name,
                                           config.timeouts.kubernetes_api_call, run.host.clock,
                                           [&](const nlohmann::json& node) {
                                             return kube::cri_socket_annotation_patch(
                                                 node, config.node_registration.cri_socket);
                                           }),
                          "recording the CRI socket on Node " + quote(config.node_registration.name)));
  auto annotated = run.host.clock.monotonic() - registered;
  run.reporter.line(kTag,
                    "Removing " + std::string(kBootstrapKubeconfig) + ": the kubelet no longer needs it");
  KS_CHECK(files.remove(kBootstrapKubeconfig));
  auto& kubelet = run.results["kubelet"];
  kubelet = {{"user", done.user},
             {"waitedForHealthMs", duration_cast<milliseconds>(healthy).count()},
             {"waitedForTLSBootstrapMs", duration_cast<milliseconds>(done.waited).count()},
             {"reactionToKubeletConfMs",
              duration_cast<std::chrono::microseconds>(done.noticed_after).count() / 1000.0}};
  // Only when the Node was waited for, to annotate it.
  if (annotates) kubelet["waitedForNodeMs"] = duration_cast<milliseconds>(annotated).count();
  return {};
}

}  // namespace

workflow::Phase kubelet_start_phase(JoinRun& run) {
  workflow::Phase phase{"kubelet-start",
                        "Hand the kubelet its bootstrap credentials and settings, start it, and wait for its "
                        "TLS bootstrap"};
  phase.run = [&run]() -> Status {
    const auto& config = run.config;
    auto& files = run.host.files;
    // Everything is checked, and every file rendered, before the first one is written.
    if (files.exists(kKubeletKubeconfig))
      return conflict("this machine has a " + std::string(kKubeletKubeconfig) + " already",
                      "its kubelet belongs to a cluster", reset_fix(config));
    const auto& bootstrap = *KS_TRY(run.bootstrap_kubeconfig());
    const auto& settings = *KS_TRY(run.cluster_settings());
    const auto& name = config.node_registration.name;
    run.results["nodeName"] = name;
    KS_CHECK(refuse_ready_node(*KS_TRY(run.bootstrap_api()), name));
    bool write_ca = KS_TRY(ca_needs_writing(files, config.ca_cert_path, bootstrap.ca_pem, config));
    auto flags_env = templates::kubelet_flags_env(settings.node, phases::read_node_facts(run.host), true);
    auto instance_config = templates::kubelet_instance_config(settings.node);
    auto kubelet_config =
        to_yaml(templates::with_instance_config(settings.kubelet_configuration, settings.node));

    phases::KubeletService kubelet(run.host, run.reporter, kTag);
    kubelet.stop();
    KS_CHECK(files.make_dirs(constants::kKubernetesDir, 0755));
    run.reporter.line(kTag, "Writing " + std::string(kBootstrapKubeconfig));
    KS_CHECK(files.write_atomic(kBootstrapKubeconfig, kube::render_kubeconfig(bootstrap),
                                constants::kKubeconfigMode));
    if (write_ca) {
      auto directory = config.ca_cert_path.substr(0, config.ca_cert_path.rfind('/'));
      KS_CHECK(files.make_dirs(directory.empty() ? "/" : directory, constants::kPrivateDirMode));
      run.reporter.line(kTag, "Writing the cluster's CA to " + config.ca_cert_path);
      KS_CHECK(files.write_atomic(config.ca_cert_path, bootstrap.ca_pem, constants::kCertificateMode));
    }
    // The kubelet watches this directory for static Pods; a worker has none, but the kubelet wants it there.
    KS_CHECK(files.make_dirs(constants::kManifestsDir, constants::kPrivateDirMode));
    KS_CHECK(files.make_dirs(constants::kKubeletDir, constants::kPrivateDirMode));
    KS_CHECK(kubelet.write_if_changed(std::string(constants::kKubeletFlagsEnvFile), flags_env,
                                      constants::kKubeletFileMode));
    KS_CHECK(kubelet.write_instance_config(instance_config));
    KS_CHECK(kubelet.write_if_changed(std::string(constants::kKubeletConfigFile), kubelet_config,
                                      constants::kKubeletFileMode));
    KS_CHECK(kubelet.install_unit_if_missing());
    kubelet.restart();
    return start_and_wait(run, settings);
  };
  return phase;
}

}  // namespace ks::joining

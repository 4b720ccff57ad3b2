#include "phases/init_run.hpp"

#include <algorithm>
#include <thread>

#include "base/strings.hpp"
#include "base/yaml_writer.hpp"
#include "config/constants.hpp"
#include "config/derived.hpp"
#include "kube/api_client.hpp"
#include "kube/cri/grpc_runtime.hpp"
#include "kube/dry_run_api.hpp"
#include "kube/kubeconfig_files.hpp"
#include "phases/node_facts.hpp"
#include "templates/control_plane_pods.hpp"
#include "token/bootstrap_token.hpp"

namespace ks::phases {

InitRun::InitRun(const config::InitConfiguration& config, const host::Host& host,
                 workflow::Reporter& reporter)
    : config(config),
      host(host),
      reporter(reporter),
      keys(config::key_algorithm(config), std::max(1u, std::thread::hardware_concurrency())),
      pki(host, config, keys, reporter),
      cri(std::make_unique<kube::cri::GrpcConnector>(host.files, host.clock)),
      api_factory(std::make_unique<kube::CurlApiFactory>(
          host.clock, kube::ClientOptions{.timeout = config.timeouts.kubernetes_api_call})),
      health_prober(std::make_unique<kube::HttpHealthProber>(host.clock)) {}

Result<std::unique_ptr<kube::Api>> InitRun::client_for(const std::string& path) {
  auto text = host.files.read(path, constants::kKubeconfigLimit);
  if (!text)
    return failure("reading " + path, text.error().why, "run 'kubestrap init phase kubeconfig' first");
  auto kubeconfig = KS_TRY(kube::parse_kubeconfig(*text));
  if (config.dry_run)
    return std::unique_ptr<kube::Api>(std::make_unique<kube::DryRunApi>(
        kubeconfig, [this](const std::string& line) { reporter.line("dryrun", line); }));
  return api_factory->connect(kubeconfig);
}

Result<kube::Api*> InitRun::api() {
  if (!api_) api_ = KS_TRY(client_for(std::string(constants::kKubernetesDir) + "/admin.conf"));
  return api_.get();
}

Result<kube::Api*> InitRun::super_admin_api() {
  if (!super_admin_api_)
    super_admin_api_ = KS_TRY(client_for(std::string(constants::kKubernetesDir) + "/super-admin.conf"));
  return super_admin_api_.get();
}

int InitRun::api_requests() const {
  return (api_ ? api_->requests_sent() : 0) + (super_admin_api_ ? super_admin_api_->requests_sent() : 0);
}

namespace {

// Counts the API requests of every phase that sends any, for --output json ("apiRequests") and the
// benchmark: a request repeated without cause shows up here.
void count_api_requests(InitRun& run, workflow::Phase& phase, const std::string& parent) {
  auto path = parent.empty() ? phase.name : parent + "/" + phase.name;
  if (phase.run) {
    auto inner = std::move(phase.run);
    phase.run = [&run, inner = std::move(inner), path]() -> Status {
      int before = run.api_requests();
      auto status = inner();
      if (int sent = run.api_requests() - before; sent > 0) run.results["apiRequests"][path] = sent;
      return status;
    };
  }
  for (auto& child : phase.children) count_api_requests(run, child, path);
}

}  // namespace

Result<const std::vector<config::BootstrapToken>*> InitRun::tokens() {
  if (!tokens_) {
    auto tokens = config.bootstrap_tokens;
    for (auto& token : tokens)
      if (token.token.empty()) token.token = KS_TRY(token::generate_token(host.random)).str();
    tokens_ = std::move(tokens);
  }
  return &*tokens_;
}

templates::NodeFacts InitRun::node_facts() const {
  auto facts = read_node_facts(host);
  facts.external_ca = pki.external_ca();
  return facts;
}

Status InitRun::write_manifest(const std::string& component, const nlohmann::json& pod) const {
  auto path = std::string(constants::kManifestsDir) + "/" + component + ".yaml";
  auto content = to_yaml(pod);
  if (host.files.exists(path)) {
    auto existing = KS_TRY(host.files.read(path, constants::kManifestLimit));
    if (existing == content) {
      reporter.line("control-plane", "Static Pod manifest for \"" + component + "\" is up to date");
      return {};
    }
    return conflict(
        path + " already exists with different content",
        "it belongs to a control plane this node already runs (or ran)",
        "run 'kubestrap reset' to remove the node's cluster state, or remove " + path + " yourself");
  }
  KS_CHECK(host.files.make_dirs(constants::kManifestsDir, constants::kPrivateDirMode));
  return host.files.write_atomic(path, content, constants::kManifestMode);
}

size_t keys_needed(const workflow::Runner& runner, const workflow::Selection& selection) {
  size_t count = 0;
  for (const auto& planned : runner.plan(selection))
    if (planned.decision == workflow::Decision::Run && planned.phase->new_keys)
      count += planned.phase->new_keys();
  return count;
}

std::vector<workflow::Phase> init_phases(InitRun& run) {
  std::vector<workflow::Phase> phases;
  phases.push_back(preflight_phase(run));
  phases.push_back(certs_phase(run));
  phases.push_back(kubeconfig_phase(run));
  phases.push_back(etcd_phase(run));
  phases.push_back(control_plane_phase(run));
  phases.push_back(kubelet_start_phase(run));
  phases.push_back(wait_control_plane_phase(run));
  phases.push_back(upload_config_phase(run));
  phases.push_back(upload_certs_phase(run));
  phases.push_back(mark_control_plane_phase(run));
  phases.push_back(bootstrap_token_phase(run));
  phases.push_back(kubelet_finalize_phase(run));
  phases.push_back(addon_phase(run));
  phases.push_back(show_join_command_phase(run));
  for (auto& phase : phases) count_api_requests(run, phase, "");
  return phases;
}

}  // namespace ks::phases

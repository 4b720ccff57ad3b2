// phases: thin declarations of the init phases. Each phase is a few lines that hand the shared run
// state to a topic module (certs, kube, templates); the workflow runner does the rest.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "certs/key_pool.hpp"
#include "certs/pki.hpp"
#include "config/types.hpp"
#include "host/host.hpp"
#include "kube/api.hpp"
#include "kube/cri/runtime.hpp"
#include "kube/health.hpp"
#include "templates/node_facts.hpp"
#include "workflow/phase.hpp"
#include "workflow/reporter.hpp"
#include "workflow/runner.hpp"

namespace ks::phases {

// The state the init phases share for one run.
struct InitRun {
  InitRun(const config::InitConfiguration& config, const host::Host& host, workflow::Reporter& reporter);

  const config::InitConfiguration& config;
  const host::Host& host;
  workflow::Reporter& reporter;
  certs::KeyPool keys;
  certs::Pki pki;
  // How preflight reaches the container runtime, how the run reaches the API server (from a kubeconfig)
  // and how wait-control-plane asks components for their health. Tests put fakes here; phases never
  // build their own.
  std::unique_ptr<kube::cri::Connector> cri;
  std::unique_ptr<kube::ApiFactory> api_factory;
  std::unique_ptr<kube::HealthProber> health_prober;
  // --fix: preflight repairs what it can before judging the machine.
  bool fix_host = false;

  // How often wait-control-plane polls the health endpoints: often enough that init moves on within
  // 50 ms of the last component becoming healthy (kubeadm polls every 500 ms). The benchmark varies it.
  std::chrono::milliseconds health_poll_interval{50};
  // --skip-token-print: the join command shows <value withheld> instead of the token.
  bool skip_token_print = false;
  // What a script wants from init (--output json): the join command, token, CA hashes.
  nlohmann::json results = nlohmann::json::object();

  // The API client of admin.conf (under --dry-run one that prints requests), made on first use.
  Result<kube::Api*> api();
  // The same through super-admin.conf, for the one call admin.conf cannot make before its binding exists.
  Result<kube::Api*> super_admin_api();
  // API requests sent so far through admin.conf and super-admin.conf, retries included.
  int api_requests() const;
  // This run's bootstrap tokens, with the ones left empty generated once.
  Result<const std::vector<config::BootstrapToken>*> tokens();

  templates::NodeFacts node_facts() const;
  // Writes a static Pod manifest. An identical file is left alone; a different one is a conflict, never
  // overwritten silently.
  Status write_manifest(const std::string& component, const nlohmann::json& pod) const;

 private:
  Result<std::unique_ptr<kube::Api>> client_for(const std::string& kubeconfig_path);
  std::unique_ptr<kube::Api> api_, super_admin_api_;
  std::optional<std::vector<config::BootstrapToken>> tokens_;
};

std::vector<workflow::Phase> init_phases(InitRun& run);

// How many keys the phases this selection runs will generate (each phase declares its own), so that the
// pool can start on all of them before the first phase runs.
size_t keys_needed(const workflow::Runner& runner, const workflow::Selection& selection);

// Pieces of the tree, one file each.
workflow::Phase preflight_phase(InitRun& run);
workflow::Phase certs_phase(InitRun& run);
workflow::Phase kubeconfig_phase(InitRun& run);
workflow::Phase etcd_phase(InitRun& run);
workflow::Phase control_plane_phase(InitRun& run);
workflow::Phase kubelet_start_phase(InitRun& run);
workflow::Phase wait_control_plane_phase(InitRun& run);
workflow::Phase upload_config_phase(InitRun& run);
workflow::Phase upload_certs_phase(InitRun& run);
workflow::Phase mark_control_plane_phase(InitRun& run);
workflow::Phase bootstrap_token_phase(InitRun& run);
workflow::Phase kubelet_finalize_phase(InitRun& run);
workflow::Phase addon_phase(InitRun& run);
workflow::Phase show_join_command_phase(InitRun& run);

}  // namespace ks::phases

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
#include "kube/cri/runtime.hpp"
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
  // How preflight reaches the container runtime; tests put a fake here.
  std::unique_ptr<kube::cri::Connector> cri;
  // --fix: preflight repairs what it can before judging the machine.
  bool fix_host = false;

  templates::NodeFacts node_facts() const;
  // Writes a static Pod manifest. An identical file is left alone; a different one is a conflict, never
  // overwritten silently.
  Status write_manifest(const std::string& component, const nlohmann::json& pod) const;
};

std::vector<workflow::Phase> init_phases(InitRun& run);

// How many keys the selected phases will generate (missing key files only), so that the pool can start
// on all of them before the first phase runs.
size_t keys_needed(const InitRun& run, const workflow::Runner& runner, const workflow::Selection& selection);

// Pieces of the tree, one file each.
workflow::Phase preflight_phase(InitRun& run);
workflow::Phase certs_phase(InitRun& run);
workflow::Phase kubeconfig_phase(InitRun& run);
workflow::Phase etcd_phase(InitRun& run);
workflow::Phase control_plane_phase(InitRun& run);
workflow::Phase kubelet_start_phase(InitRun& run);
std::vector<workflow::Phase> api_phases();

}  // namespace ks::phases

#include "phases/init_run.hpp"
#include "templates/control_plane_pods.hpp"

namespace ks::phases {

namespace {

using Renderer = nlohmann::json (*)(const config::InitConfiguration&, const templates::NodeFacts&);

workflow::Phase manifest_phase(InitRun& run, std::string name, std::string component, Renderer render) {
  workflow::Phase phase{name, "Write the static Pod manifest of " + component};
  phase.run = [&run, component, render]() -> Status {
    run.reporter.line("control-plane", "Creating static Pod manifest for \"" + component + "\"");
    return run.write_manifest(component, render(run.config, run.node_facts()));
  };
  return phase;
}

}  // namespace

workflow::Phase control_plane_phase(InitRun& run) {
  workflow::Phase phase{"control-plane", "Write the static Pod manifests of the control plane"};
  phase.children = {manifest_phase(run, "apiserver", "kube-apiserver", templates::kube_apiserver_pod),
                    manifest_phase(run, "controller-manager", "kube-controller-manager",
                                   templates::kube_controller_manager_pod),
                    manifest_phase(run, "scheduler", "kube-scheduler", templates::kube_scheduler_pod)};
  return phase;
}

}  // namespace ks::phases

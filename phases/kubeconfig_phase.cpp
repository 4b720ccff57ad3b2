#include "kube/kubeconfig_files.hpp"
#include "phases/init_run.hpp"

namespace ks::phases {

workflow::Phase kubeconfig_phase(InitRun& run) {
  workflow::Phase phase{"kubeconfig",
                        "Write the kubeconfig files of the administrator and the control plane"};
  for (const auto& spec : kube::kubeconfig_specs(run.config)) {
    workflow::Phase child{spec.name, "Write " + spec.help};
    child.run = [&run, spec] {
      return kube::ensure_kubeconfig(spec, run.config, run.pki, run.host, run.reporter);
    };
    child.needs = {"certs/ca"};
    child.new_keys = [&run, spec]() -> size_t { return !run.host.files.exists(kube::kubeconfig_path(spec)); };
    phase.children.push_back(std::move(child));
  }
  return phase;
}

}  // namespace ks::phases

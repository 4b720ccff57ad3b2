#include "base/yaml_writer.hpp"
#include "config/constants.hpp"
#include "phases/init_run.hpp"
#include "phases/kubelet_service.hpp"
#include "templates/kubelet_files.hpp"

namespace ks::phases {

workflow::Phase kubelet_start_phase(InitRun& run) {
  workflow::Phase phase{"kubelet-start", "Write the kubelet's settings and (re)start it"};
  phase.run = [&run]() -> Status {
    auto facts = run.node_facts();
    std::vector<std::string> warnings;
    auto config = templates::with_instance_config(
        templates::kubelet_configuration(run.config, facts, warnings), run.config);
    for (const auto& warning : warnings) run.reporter.warning("kubelet-start", warning);
    KubeletService kubelet(run.host, run.reporter, "kubelet-start");
    kubelet.stop();
    KS_CHECK(run.host.files.make_dirs(constants::kKubeletDir, constants::kPrivateDirMode));
    KS_CHECK(kubelet.write_if_changed(std::string(constants::kKubeletFlagsEnvFile),
                                      templates::kubelet_flags_env(run.config, facts, false),
                                      constants::kKubeletFileMode));
    // kubeadm's order: flags, instance configuration, config.yaml (init/kubelet.go, runKubeletStart).
    KS_CHECK(kubelet.write_instance_config(templates::kubelet_instance_config(run.config)));
    KS_CHECK(kubelet.write_if_changed(std::string(constants::kKubeletConfigFile), to_yaml(config),
                                      constants::kKubeletFileMode));
    KS_CHECK(kubelet.install_unit_if_missing());
    kubelet.restart();
    return {};
  };
  return phase;
}

}  // namespace ks::phases

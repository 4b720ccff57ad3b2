#include "config/constants.hpp"
#include "kube/nodes.hpp"
#include "phases/init_run.hpp"

namespace ks::phases {

workflow::Phase mark_control_plane_phase(InitRun& run) {
  workflow::Phase phase{"mark-control-plane", "Label and taint this node as a control-plane node"};
  phase.run = [&run]() -> Status {
    const auto& name = run.config.node_registration.name;
    auto* api = KS_TRY(run.api());
    auto taints = run.config.node_registration.taints.value_or(
        std::vector<config::Taint>{{std::string(constants::kControlPlaneTaintKey), "", "NoSchedule"}});
    run.reporter.line("mark-control-plane", "Marking node " + name + " as control-plane: labels " +
                                                std::string(constants::kControlPlaneLabel) + ", " +
                                                std::string(constants::kExcludeFromLoadBalancersLabel));
    return kube::patch_node(
        *api, name, run.config.timeouts.kubernetes_api_call, run.host.clock,
        [&taints](const auto& node) { return kube::control_plane_node_patch(node, taints); });
  };
  return phase;
}

}  // namespace ks::phases

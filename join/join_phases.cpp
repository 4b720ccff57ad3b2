#include "join/join_run.hpp"

namespace ks::joining {

namespace {

// kubeadm's control-plane join phases: in the tree so that `join phase` and --skip-phases know them, run
// only with --control-plane, which this version refuses before any phase runs.
workflow::Phase control_plane_phase(JoinRun& run, std::string name, std::string help) {
  workflow::Phase phase{std::move(name), std::move(help)};
  phase.enabled = [&run] { return run.config.control_plane.has_value(); };
  phase.unavailable = "joining as a control-plane node is not available in this version";
  return phase;
}

void count_api_requests(JoinRun& run, workflow::Phase& phase) {
  if (!phase.run) return;
  auto inner = std::move(phase.run);
  phase.run = [&run, inner = std::move(inner), name = phase.name]() -> Status {
    int before = run.api_requests();
    auto status = inner();
    if (int sent = run.api_requests() - before; sent > 0) run.results["apiRequests"][name] = sent;
    return status;
  };
}

}  // namespace

std::vector<workflow::Phase> join_phases(JoinRun& run) {
  std::vector<workflow::Phase> phases;
  phases.push_back(preflight_phase(run));
  phases.push_back(control_plane_phase(run, "control-plane-prepare",
                                       "Prepare this machine to run a control plane (--control-plane)"));
  phases.push_back(kubelet_start_phase(run));
  phases.push_back(
      control_plane_phase(run, "control-plane-join",
                          "Add this node's etcd member and mark it a control plane (--control-plane)"));
  for (auto& phase : phases) count_api_requests(run, phase);
  return phases;
}

}  // namespace ks::joining

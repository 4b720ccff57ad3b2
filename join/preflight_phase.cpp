#include "config/defaults.hpp"
#include "join/join_run.hpp"
#include "preflight/checks.hpp"
#include "preflight/runner.hpp"

namespace ks::joining {

workflow::Phase preflight_phase(JoinRun& run) {
  workflow::Phase phase{"preflight",
                        "Check that this machine can join the cluster (--fix repairs what it can)"};
  phase.run = [&run]() -> Status {
    // The checks read the node's own settings; the cluster's are not known before discovery (kubeadm's
    // worker checks do not need them either).
    config::InitConfiguration local;
    local.node_registration = run.config.node_registration;
    local.timeouts = run.config.timeouts;
    bool control_plane = run.config.control_plane.has_value();
    if (control_plane) local.local_api_endpoint = run.config.control_plane->local_api_endpoint;
    std::vector<std::string> ignored;
    config::apply_static_defaults(local, ignored);
    local.bootstrap_tokens.clear();
    auto role = control_plane ? preflight::Role::JoinControlPlane : preflight::Role::JoinWorker;
    preflight::Context context{run.host, local, *run.cri, control_plane};
    return preflight::run_preflight(
        context, preflight::checks_for(local, role),
        {run.config.node_registration.ignore_preflight_errors, run.fix_host, run.config.dry_run},
        run.reporter);
  };
  return phase;
}

}  // namespace ks::joining

#include "phases/init_run.hpp"
#include "preflight/checks.hpp"
#include "preflight/runner.hpp"

namespace ks::phases {

workflow::Phase preflight_phase(InitRun& run) {
  workflow::Phase phase{"preflight",
                        "Check that this machine can host a control plane (--fix repairs what it can)"};
  phase.run = [&run]() -> Status {
    preflight::Context context{run.host, run.config, *run.cri, true};
    return preflight::run_preflight(
        context, preflight::init_checks(run.config),
        {run.config.node_registration.ignore_preflight_errors, run.fix_host, run.config.dry_run},
        run.reporter);
  };
  return phase;
}

}  // namespace ks::phases

#include "phases/init_run.hpp"
#include "preflight/checks.hpp"
#include "preflight/runner.hpp"

namespace ks::phases {

workflow::Phase preflight_phase(InitRun& run) {
  workflow::Phase phase{"preflight", "Check that this machine can host a control plane"};
  phase.run = [&run]() -> Status {
    run.reporter.line("preflight", "Running pre-flight checks");
    auto report = preflight::run_checks(preflight::init_checks(run.config), {run.host, run.config, *run.cri, true},
                                        run.config.node_registration.ignore_preflight_errors);
    return preflight::report(report, run.reporter, run.config.dry_run);
  };
  return phase;
}

}  // namespace ks::phases

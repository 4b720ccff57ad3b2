#include "phases/init_run.hpp"
#include "preflight/checks.hpp"
#include "preflight/fixes.hpp"
#include "preflight/runner.hpp"

namespace ks::phases {

workflow::Phase preflight_phase(InitRun& run) {
  workflow::Phase phase{"preflight",
                        "Check that this machine can host a control plane (--fix repairs what it can)"};
  phase.run = [&run]() -> Status {
    run.reporter.line("preflight", "Running pre-flight checks");
    preflight::Context context{run.host, run.config, *run.cri, true};
    auto checks = preflight::init_checks(run.config);
    const auto& ignore = run.config.node_registration.ignore_preflight_errors;
    auto report = preflight::run_checks(checks, context, ignore);
    if (run.fix_host) {
      auto applied = KS_TRY(preflight::apply_fixes(report, context, run.reporter));
      if (applied > 0) {
        run.reporter.line("preflight",
                          "Applied " + std::to_string(applied) + " fix(es); running the checks again");
        report = preflight::run_checks(checks, context, ignore);
      } else {
        run.reporter.line("preflight", "Nothing to fix");
      }
    }
    return preflight::report(report, run.reporter, run.config.dry_run);
  };
  return phase;
}

}  // namespace ks::phases

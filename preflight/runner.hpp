#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "preflight/check.hpp"
#include "workflow/reporter.hpp"

namespace ks::preflight {

struct Report {
  std::vector<CheckResult> results;  // in the order of the checks
  bool has_errors() const;
};

// Runs every check concurrently and keeps their order in the report. A check whose name (case-insensitive)
// or "all" is in `ignore` turns an error into Ignored.
Report run_checks(const std::vector<Check>& checks, const Context& context,
                  const std::vector<std::string>& ignore);

// Reports the results ("[preflight] ..." lines, and a "checks" list for JSON output) and turns errors
// into one Preflight error naming every failed check and how to get past it. Under a dry run, errors are
// reported as what would stop a real run and do not fail.
Status report(const Report& report, workflow::Reporter& reporter, bool dry_run);

// The whole preflight step: run the checks for the role, with --fix apply the remedies and check again,
// then report. Used by `init` and `join`.
struct Options {
  std::vector<std::string> ignore;
  bool fix = false;
  bool dry_run = false;
};
Status run_preflight(const Context& context, const std::vector<Check>& checks, const Options& options,
                     workflow::Reporter& reporter);

}  // namespace ks::preflight

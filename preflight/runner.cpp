#include "preflight/runner.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <future>

#include "base/strings.hpp"
#include "preflight/fixes.hpp"

namespace ks::preflight {

std::string_view to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::Ok:
      return "ok";
    case CheckStatus::Warning:
      return "warning";
    case CheckStatus::Error:
      return "error";
    case CheckStatus::Ignored:
      return "ignored";
  }
  return "unknown";
}

std::string path_label(const std::string& path) {
  std::string label = path;
  std::ranges::replace(label, '/', '-');
  return label;
}

bool Report::has_errors() const {
  return std::ranges::any_of(results, [](const auto& r) { return r.status == CheckStatus::Error; });
}

Report run_checks(const std::vector<Check>& checks, const Context& context,
                  const std::vector<std::string>& ignore) {
  std::vector<std::string> ignored;
  for (const auto& name : ignore) ignored.push_back(to_lower(trim(name)));
  bool ignore_all = std::ranges::find(ignored, "all") != ignored.end();
  std::vector<std::future<Finding>> running;
  for (const auto& check : checks)
    running.push_back(std::async(std::launch::async, [&check, &context] { return check.run(context); }));
  Report report;
  for (size_t i = 0; i < checks.size(); ++i) {
    auto finding = running[i].get();
    CheckResult result{checks[i].name, finding.status, finding.message, finding.fix, checks[i].remedy};
    if (result.status == CheckStatus::Error &&
        (ignore_all || std::ranges::find(ignored, to_lower(result.name)) != ignored.end()))
      result.status = CheckStatus::Ignored;
    report.results.push_back(std::move(result));
  }
  return report;
}

Status report(const Report& report, workflow::Reporter& reporter, bool dry_run) {
  nlohmann::json checks = nlohmann::json::array();
  std::vector<std::string> failed_names, failed_lines;
  for (const auto& r : report.results) {
    checks.push_back(
        {{"name", r.name}, {"status", to_string(r.status)}, {"message", r.message}, {"fix", r.fix}});
    std::string fix = r.fix.empty() ? "" : " To fix: " + r.fix;
    if (r.status == CheckStatus::Ok && !r.message.empty())
      reporter.line("preflight", r.name + ": " + r.message);
    if (r.status == CheckStatus::Warning) reporter.warning("preflight", r.name + ": " + r.message + fix);
    if (r.status == CheckStatus::Ignored)
      reporter.warning("preflight", r.name + " (error ignored): " + r.message + fix);
    if (r.status == CheckStatus::Error) {
      failed_names.push_back(r.name);
      failed_lines.push_back("[ERROR " + r.name + "]: " + r.message +
                             (r.fix.empty() ? "" : "\n      to fix: " + r.fix));
    }
  }
  reporter.result("checks", checks);
  size_t passed = std::ranges::count(report.results, CheckStatus::Ok, &CheckResult::status);
  reporter.line("preflight",
                std::to_string(report.results.size()) + " checks: " + std::to_string(passed) + " passed, " +
                    std::to_string(report.results.size() - passed - failed_names.size()) +
                    " with warnings or ignored, " + std::to_string(failed_names.size()) + " failed");
  if (failed_names.empty()) return {};
  if (dry_run) {
    for (const auto& line : failed_lines)
      reporter.warning("preflight", "a real run would stop here: " + line);
    return {};
  }
  std::string why;
  for (const auto& line : failed_lines) why += "\n  " + line;
  return fail(ErrorKind::Preflight, "the machine is not ready to be a node", why,
              "fix the problems above, or, if you know what you are doing, make them non-fatal with "
              "--ignore-preflight-errors=" +
                  join(failed_names, ","));
}

Status run_preflight(const Context& context, const std::vector<Check>& checks, const Options& options,
                     workflow::Reporter& reporter) {
  reporter.line("preflight", "Running pre-flight checks");
  auto result = run_checks(checks, context, options.ignore);
  if (options.fix) {
    auto applied = KS_TRY(apply_fixes(result, context, reporter));
    if (applied > 0) {
      reporter.line("preflight", "Applied " + std::to_string(applied) + " fix(es); running the checks again");
      result = run_checks(checks, context, options.ignore);
    } else {
      reporter.line("preflight", "Nothing to fix");
    }
  }
  return report(result, reporter, options.dry_run);
}

}  // namespace ks::preflight

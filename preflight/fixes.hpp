#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "preflight/check.hpp"
#include "preflight/runner.hpp"
#include "workflow/reporter.hpp"

namespace ks::preflight {

// Applies the remedy of every failed or warning check that has one (`--fix`). Each remedy is idempotent,
// says what it changes before changing it, backs up a file the first time it edits it (<file>.kubestrap.bak),
// writes through the seam (so --root-dir and --dry-run hold) and runs commands through the process runner
// (printed, not run, under --dry-run). Returns the number of remedies applied.
Result<int> apply_fixes(const Report& report, const Context& context, workflow::Reporter& reporter);

// Text edits the remedies make, exposed for tests.
std::string comment_out_swap_lines(const std::string& fstab);
std::string ensure_line(const std::string& text, const std::string& line, const std::string& key = {});
std::string add_kernel_arguments(const std::string& cmdline, const std::vector<std::string>& arguments);
Result<std::string> containerd_config_for_kubernetes(const std::string& toml_text);

}  // namespace ks::preflight

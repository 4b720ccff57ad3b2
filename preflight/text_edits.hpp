#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::preflight {

// The text edits the remedies make to the host's files: pure functions, so that tests and fuzzing reach
// them without a host. Each is idempotent: applied to its own output it changes nothing.

// /etc/fstab with every active swap line commented out.
std::string comment_out_swap_lines(const std::string& fstab);
// `text` holding `line` once, in place of any line setting the same `key` (a sysctl name, say).
std::string ensure_line(const std::string& text, const std::string& line, const std::string& key = {});
// A one-line kernel command line (cmdline.txt) with each argument it lacks appended.
std::string add_kernel_arguments(const std::string& cmdline, const std::vector<std::string>& arguments);
// containerd's config.toml with the CRI plugin enabled and runc on the systemd cgroup driver.
Result<std::string> containerd_config_for_kubernetes(const std::string& toml_text);

}  // namespace ks::preflight

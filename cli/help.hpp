// The help every command and group prints, in one layout: summary, usage, details, the command's flags, the
// common flags, the exit codes.
#pragma once

#include <string>
#include <vector>

#include "cli/scaffold.hpp"

namespace ks::cli {

// The flags every command has (--dry-run only where the command takes it), in the order the help lists them.
std::vector<Flag> common_flags(const CommandSpec& spec);
// The commands under a group (`path` "" for the top level, which lists first words only).
std::string group_help(const CommandTable& table, const std::string& path);
// Whether command `path` lies under group `group`; every command lies under "".
bool under(const std::string& path, const std::string& group);

}  // namespace ks::cli

#pragma once

#include <string>

#include "base/error.hpp"

namespace ks::host {

// Creates a fresh private directory under $TMPDIR (or /tmp) and returns its path. It is not removed:
// a dry run leaves its output there for the user to read.
Result<std::string> make_temp_dir(const std::string& prefix);

}  // namespace ks::host

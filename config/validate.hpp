#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"

namespace ks::config {

// Checks a defaulted configuration and reports every problem at once, each naming the flag or field and
// the expected form. Warnings (accepted but questionable values) are appended to `warnings`.
Status validate(const InitConfiguration& config, std::vector<std::string>& warnings);

// Kubernetes version "v1.32.4" (pre-release and build suffixes allowed) -> minor 32.
Result<int> kubernetes_minor(const std::string& version);

}  // namespace ks::config

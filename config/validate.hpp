#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"

namespace ks::config {

// Checks a defaulted configuration and reports every problem at once, each naming the flag or field and
// the expected form. Warnings (accepted but questionable values) are appended to `warnings`.
Status validate(const InitConfiguration& config, std::vector<std::string>& warnings);

// The same for `kubestrap join`: discovery (exactly one of a bootstrap token and a file), the node's
// registration, caCertPath, a control-plane join's endpoint and certificate key, and timeouts. Without
// `needs_cluster` (`join phase preflight` alone) discovery may be left out; what is given is still checked.
Status validate(const JoinConfiguration& config, bool needs_cluster = true);

// Kubernetes version "v1.32.4" (pre-release and build suffixes allowed) -> minor 32.
Result<int> kubernetes_minor(const std::string& version);

}  // namespace ks::config

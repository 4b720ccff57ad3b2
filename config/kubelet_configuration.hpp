#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::config {

// Checks a user's KubeletConfiguration (kubelet.config.k8s.io/v1beta1, as of Kubernetes v1.32) the way the
// kubelet's own decoder does: every known field must have its Go type (an int32 in range, a duration
// string, a list of strings …), so that a value the kubelet would refuse at start-up is refused before
// anything is written. Unknown fields are warnings, as in the kubelet's lenient fallback. `where` names
// the document in messages. Every problem is reported at once (InvalidInput).
Status check_kubelet_configuration(const nlohmann::json& document, const std::string& where,
                                   std::vector<std::string>& warnings);

}  // namespace ks::config

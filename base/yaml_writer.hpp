#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace ks {

// Writes a JSON value as block YAML in the shape Kubernetes tools print (sigs.k8s.io/yaml): keys sorted,
// sequence items at their key's indentation, strings quoted only where YAML would read them as
// something else, multi-line strings as literal blocks. Deterministic for the same value.
std::string to_yaml(const nlohmann::json& value);

}  // namespace ks

#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace ks::standin {

// label=value, label==value, label!=value and bare label terms, comma-separated.
bool labels_match(const nlohmann::json& object, const std::string& selector);
// The field selectors kube-apiserver supports for the objects served here: metadata.name,
// metadata.namespace, a Secret's type and a CSR's spec.signerName.
bool fields_match(const nlohmann::json& object, const std::string& selector);

}  // namespace ks::standin

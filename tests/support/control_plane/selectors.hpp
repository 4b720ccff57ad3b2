#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace ks::standin {

// label=value, label==value, label!=value and bare label terms, comma-separated.
bool labels_match(const nlohmann::json& object, const std::string& selector);
// The field selectors kube-apiserver supports for the objects served here: metadata.name,
// metadata.namespace, a Secret's type, a CSR's spec.signerName and a Pod's spec.nodeName.
bool fields_match(const nlohmann::json& object, const std::string& selector);

}  // namespace ks::standin

#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace ks::standin {

// label=value, label==value, label!=value and bare label terms, comma-separated.
bool labels_match(const nlohmann::json& object, const std::string& selector);
// A metav1.LabelSelector object (matchLabels and matchExpressions with In, NotIn, Exists, DoesNotExist)
// against an object's labels, as LabelSelectorAsSelector reads it
// (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go): the empty selector selects everything,
// an unknown operator nothing.
bool label_selector_matches(const nlohmann::json& selector, const nlohmann::json& object);
// The field selectors kube-apiserver supports for the objects served here: metadata.name,
// metadata.namespace, a Secret's type, a CSR's spec.signerName and a Pod's spec.nodeName.
bool fields_match(const nlohmann::json& object, const std::string& selector);

}  // namespace ks::standin

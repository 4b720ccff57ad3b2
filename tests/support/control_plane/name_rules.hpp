#pragma once

#include <string>
#include <vector>

namespace ks::standin {

// The checks of staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go and
// .../api/validation/path/name.go, each returning its messages word for word (none when valid).
std::vector<std::string> dns1123_subdomain_errors(const std::string& value);
std::vector<std::string> dns1123_label_errors(const std::string& value);
std::vector<std::string> dns1035_label_errors(const std::string& value);
std::vector<std::string> qualified_name_errors(const std::string& value);  // label and annotation keys
std::vector<std::string> label_value_errors(const std::string& value);
std::vector<std::string> config_map_key_errors(const std::string& value);     // ConfigMap and Secret keys
std::vector<std::string> path_segment_name_errors(const std::string& value);  // RBAC object names

}  // namespace ks::standin

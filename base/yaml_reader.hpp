#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace ks {

// Bounds on what one YAML text may produce, so that a small hostile input (an alias "billion laughs",
// thousands of nested brackets) cannot take the process's memory or stack.
struct YamlLimits {
  size_t max_depth = 64;       // nested mappings and lists
  size_t max_nodes = 100'000;  // scalars, mappings and lists, after aliases are expanded
};

// Parses a (multi-document) YAML text into JSON values with YAML's plain-scalar typing: unquoted 6443 is
// a number, true a boolean, ~ or null a null; quoted scalars are always strings. Empty documents are dropped.
// The text must be UTF-8 without control characters (as Go's YAML parser, and so kubeadm, requires). A
// key given twice in one mapping keeps its last value and adds a warning naming the key and both lines,
// as kubeadm's strict decoding does. Never throws.
Result<std::vector<nlohmann::json>> parse_yaml_documents(std::string_view text,
                                                         std::vector<std::string>* warnings = nullptr,
                                                         YamlLimits limits = {});
Result<nlohmann::json> parse_yaml(std::string_view text, std::vector<std::string>* warnings = nullptr,
                                  YamlLimits limits = {});

}  // namespace ks

#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace ks {

// Parses a (multi-document) YAML text into JSON values with YAML's plain-scalar typing: unquoted 6443 is
// a number, true a boolean, ~ or null a null; quoted scalars are always strings. Empty documents are dropped.
Result<std::vector<nlohmann::json>> parse_yaml_documents(std::string_view text);
Result<nlohmann::json> parse_yaml(std::string_view text);

}  // namespace ks

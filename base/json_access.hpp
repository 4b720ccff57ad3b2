#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ks {

// Reading JSON that came from outside (an API server's answer, a kubeconfig, a Secret): a missing key, a
// value of another type or a parent that is not a mapping gives an empty value instead of one of
// nlohmann's exceptions (json::value and operator[] throw on those).
inline const nlohmann::json& member(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json missing;
  if (!object.is_object()) return missing;
  auto it = object.find(key);
  return it == object.end() ? missing : *it;
}

inline std::string string_member(const nlohmann::json& object, std::string_view key,
                                 std::string fallback = {}) {
  const auto& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : fallback;
}

}  // namespace ks

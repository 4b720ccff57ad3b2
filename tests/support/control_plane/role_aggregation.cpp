#include "tests/support/control_plane/role_aggregation.hpp"

#include <algorithm>
#include <string>

#include "base/json_access.hpp"
#include "tests/support/control_plane/selectors.hpp"

namespace ks::standin {

namespace {

std::string role_name(const nlohmann::json& role) {
  return string_member(member(role, "metadata"), "name");
}

// Go's PolicyRule compares an absent list equal to an empty one (equality.Semantic); JSON does not.
nlohmann::json without_empty_lists(const nlohmann::json& rule) {
  auto kept = nlohmann::json::object();
  if (rule.is_object())
    for (const auto& [key, value] : rule.items())
      if (!value.is_null() && !(value.is_array() && value.empty())) kept[key] = value;
  return kept;
}

}  // namespace

std::optional<nlohmann::json> aggregated_rules(const nlohmann::json& role,
                                               const std::vector<nlohmann::json>& cluster_roles) {
  const auto& rule = member(role, "aggregationRule");
  if (!rule.is_object()) return std::nullopt;
  std::vector<const nlohmann::json*> by_name;
  for (const auto& other : cluster_roles) by_name.push_back(&other);
  std::ranges::sort(by_name, {}, [](const nlohmann::json* other) { return role_name(*other); });
  auto rules = nlohmann::json::array();
  const auto& selectors = member(rule, "clusterRoleSelectors");
  if (!selectors.is_array()) return rules;
  for (const auto& selector : selectors)
    for (const auto* other : by_name) {
      if (role_name(*other) == role_name(role) || !label_selector_matches(selector, *other)) continue;
      const auto& taken = member(*other, "rules");
      if (!taken.is_array()) continue;
      for (const auto& one : taken)
        if (auto canonical = without_empty_lists(one); std::ranges::find(rules, canonical) == rules.end())
          rules.push_back(std::move(canonical));
    }
  return rules;
}

}  // namespace ks::standin

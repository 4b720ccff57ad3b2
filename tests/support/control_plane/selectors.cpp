#include "tests/support/control_plane/selectors.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/json_access.hpp"
#include "base/strings.hpp"

namespace ks::standin {

bool labels_match(const nlohmann::json& object, const std::string& selector) {
  const auto& labels = member(member(object, "metadata"), "labels");
  auto has = [&](const std::string& key) { return labels.is_object() && labels.contains(key); };
  for (const auto& term : split(selector, ',')) {
    if (term.empty()) continue;
    if (auto at = term.find("!="); at != std::string::npos) {
      auto k = term.substr(0, at), v = term.substr(at + 2);
      if (has(k) && labels[k] == v) return false;
    } else if (auto eq = term.find('='); eq != std::string::npos) {
      auto k = term.substr(0, eq),
           v = term.substr(eq + 1 < term.size() && term[eq + 1] == '=' ? eq + 2 : eq + 1);
      if (!has(k) || labels[k] != v) return false;
    } else if (!has(term)) {
      return false;
    }
  }
  return true;
}

bool label_selector_matches(const nlohmann::json& selector, const nlohmann::json& object) {
  if (!selector.is_object()) return false;
  const auto& labels = member(member(object, "metadata"), "labels");
  auto label = [&](const std::string& key) -> const nlohmann::json& { return member(labels, key); };
  const auto& match_labels = member(selector, "matchLabels");
  if (match_labels.is_object())
    for (const auto& [key, value] : match_labels.items())
      if (label(key) != value) return false;
  const auto& expressions = member(selector, "matchExpressions");
  if (!expressions.is_array()) return true;
  for (const auto& expression : expressions) {
    const auto& have = label(string_member(expression, "key"));
    const auto& values = member(expression, "values");
    bool listed = have.is_string() && values.is_array() && std::ranges::find(values, have) != values.end();
    auto operation = string_member(expression, "operator");
    if (operation == "In" && !listed) return false;
    if (operation == "NotIn" && listed) return false;
    if (operation == "Exists" && have.is_null()) return false;
    if (operation == "DoesNotExist" && !have.is_null()) return false;
    if (operation != "In" && operation != "NotIn" && operation != "Exists" && operation != "DoesNotExist")
      return false;
  }
  return true;
}

bool fields_match(const nlohmann::json& object, const std::string& selector) {
  for (const auto& term : split(selector, ',')) {
    if (term.empty()) continue;
    bool negate = term.find("!=") != std::string::npos;
    auto at = term.find(negate ? "!=" : "=");
    if (at == std::string::npos) return false;
    auto field = term.substr(0, at);
    auto want = term.substr(at + (negate ? 2 : (at + 1 < term.size() && term[at + 1] == '=' ? 2 : 1)));
    std::string have;
    if (field == "metadata.name")
      have = string_member(member(object, "metadata"), "name");
    else if (field == "metadata.namespace")
      have = string_member(member(object, "metadata"), "namespace");
    else if (field == "type")
      have = string_member(object, "type");
    else if (field == "spec.signerName")
      have = string_member(member(object, "spec"), "signerName");
    else if (field == "spec.nodeName")
      have = string_member(member(object, "spec"), "nodeName");
    if ((have == want) == negate) return false;
  }
  return true;
}

}  // namespace ks::standin

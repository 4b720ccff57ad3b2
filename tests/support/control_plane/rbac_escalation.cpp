#include "tests/support/control_plane/rbac_escalation.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/json_access.hpp"
#include "base/strings.hpp"

namespace ks::standin {

namespace {

std::vector<std::string> strings(const nlohmann::json& rule, const char* key) {
  std::vector<std::string> values;
  const auto& list = member(rule, key);
  if (list.is_array())
    for (const auto& value : list)
      if (value.is_string()) values.push_back(value.get<std::string>());
  return values;
}

// One verb on one resource (or URL): rbacv1helpers' BreakdownRule.
struct Grant {
  std::string group, resource, name, url, verb;
};

std::vector<Grant> breakdown(const nlohmann::json& rule) {
  std::vector<Grant> grants;
  auto verbs = strings(rule, "verbs"), names = strings(rule, "resourceNames");
  for (const auto& group : strings(rule, "apiGroups"))
    for (const auto& resource : strings(rule, "resources"))
      for (const auto& verb : verbs) {
        if (names.empty()) grants.push_back({group, resource, "", "", verb});
        for (const auto& name : names) grants.push_back({group, resource, name, "", verb});
      }
  for (const auto& url : strings(rule, "nonResourceURLs"))
    for (const auto& verb : verbs) grants.push_back({"", "", "", url, verb});
  return grants;
}

bool has(const std::vector<std::string>& list, const std::string& value) {
  return std::ranges::find(list, value) != list.end();
}

// pkg/registry/rbac/validation/policy_comparator.go ruleCovers.
bool covers(const nlohmann::json& owner, const Grant& grant) {
  auto verbs = strings(owner, "verbs");
  if (!has(verbs, "*") && !has(verbs, grant.verb)) return false;
  if (!grant.url.empty()) {
    for (const auto& url : strings(owner, "nonResourceURLs"))
      if (url == "*" || url == grant.url ||
          (url.ends_with("*") && grant.url.starts_with(url.substr(0, url.size() - 1))))
        return true;
    return false;
  }
  auto groups = strings(owner, "apiGroups");
  if (!has(groups, "*") && !has(groups, grant.group)) return false;
  auto resources = strings(owner, "resources");
  auto slash = grant.resource.find('/');
  bool resource_covered = has(resources, "*") || has(resources, grant.resource) ||
                          (slash != std::string::npos && has(resources, "*" + grant.resource.substr(slash)));
  if (!resource_covered) return false;
  auto names = strings(owner, "resourceNames");
  return names.empty() || (!grant.name.empty() && has(names, grant.name));
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const auto& value : values) quoted.push_back("\"" + value + "\"");
  return "[" + join(quoted, " ") + "]";
}

// CompactRules + CompactString: grants of one group and resource (no names) merged, verbs in order.
std::set<std::string> describe(const std::vector<Grant>& missing) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> merged;
  std::vector<std::pair<std::string, std::string>> order;
  std::set<std::string> descriptions;
  for (const auto& grant : missing) {
    if (!grant.url.empty()) {
      descriptions.insert("{NonResourceURLs:" + quoted_list({grant.url}) +
                          ", Verbs:" + quoted_list({grant.verb}) + "}");
    } else if (!grant.name.empty()) {
      descriptions.insert(
          "{APIGroups:" + quoted_list({grant.group}) + ", Resources:" + quoted_list({grant.resource}) +
          ", ResourceNames:" + quoted_list({grant.name}) + ", Verbs:" + quoted_list({grant.verb}) + "}");
    } else {
      auto& verbs = merged[{grant.group, grant.resource}];
      if (!has(verbs, grant.verb)) verbs.push_back(grant.verb);
    }
  }
  for (const auto& [key, verbs] : merged)
    descriptions.insert("{APIGroups:" + quoted_list({key.first}) +
                        ", Resources:" + quoted_list({key.second}) + ", Verbs:" + quoted_list(verbs) + "}");
  return descriptions;
}

std::optional<std::string> confirm_no_escalation(const UserInfo& user, const std::string& namespace_,
                                                 const std::vector<nlohmann::json>& granted,
                                                 const ObjectSource& objects) {
  auto held = rbac_rules_for(user, namespace_, objects);
  std::vector<Grant> missing;
  for (const auto& rule : granted)
    for (const auto& grant : breakdown(rule))
      if (std::ranges::none_of(held, [&](const auto& owner) { return covers(owner, grant); }))
        missing.push_back(grant);
  if (missing.empty()) return std::nullopt;
  auto descriptions = describe(missing);
  return "user \"" + user.name + "\" (groups=" + quoted_list(user.groups) +
         ") is attempting to grant RBAC permissions not currently held:\n" +
         join(std::vector<std::string>(descriptions.begin(), descriptions.end()), "\n");
}

std::vector<nlohmann::json> rules_of(const nlohmann::json& role) {
  const auto& rules = member(role, "rules");
  return rules.is_array() ? std::vector<nlohmann::json>(rules.begin(), rules.end())
                          : std::vector<nlohmann::json>{};
}

}  // namespace

std::optional<std::string> rbac_escalation_problem(
    const AdmissionRequest& request, const ObjectSource& objects,
    const std::function<bool(const UserInfo&, const Attributes&)>& allowed) {
  const auto& resource = request.resource;
  if (resource.group != "rbac.authorization.k8s.io" || request.operation == "DELETE" || !request.object ||
      request.user.in("system:masters"))
    return std::nullopt;
  const auto& object = *request.object;
  auto name = string_member(member(object, "metadata"), "name");
  const std::string group = "rbac.authorization.k8s.io";
  if (resource.name == "roles" || resource.name == "clusterroles") {
    if (allowed(request.user, {"escalate", true, group, resource.name, "", request.namespace_, name, "", ""}))
      return std::nullopt;
    return confirm_no_escalation(request.user, request.namespace_, rules_of(object), objects);
  }
  // Bindings: `bind` on the referenced role, else its rules must be held.
  const auto& ref = member(object, "roleRef");
  auto role_kind = string_member(ref, "kind"), role_name = string_member(ref, "name");
  auto role_resource = role_kind == "ClusterRole" ? "clusterroles" : "roles";
  if (allowed(request.user, {"bind", true, group, role_resource, "", request.namespace_, role_name, "", ""}))
    return std::nullopt;
  const nlohmann::json* role = nullptr;
  auto candidates = objects(role_resource);
  for (const auto& candidate : candidates)
    if (string_member(member(candidate, "metadata"), "name") == role_name &&
        (role_kind == "ClusterRole" ||
         string_member(member(candidate, "metadata"), "namespace") == request.namespace_))
      role = &candidate;
  if (!role) return role_resource + std::string(".rbac.authorization.k8s.io \"") + role_name + "\" not found";
  return confirm_no_escalation(request.user, request.namespace_, rules_of(*role), objects);
}

}  // namespace ks::standin

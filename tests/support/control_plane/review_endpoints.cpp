#include "tests/support/control_plane/review_endpoints.hpp"

#include "base/json_access.hpp"
#include "tests/support/control_plane/node_authorizer.hpp"

namespace ks::standin {

Reply access_review(const nlohmann::json& body, const Resource& resource, const UserInfo& caller,
                    const IsAllowed& allowed) {
  auto review = body;
  const auto& spec = review["spec"];
  UserInfo user = caller;
  if (resource.name == "subjectaccessreviews")
    user = {spec.value("user", ""), spec.value("groups", std::vector<std::string>{})};
  Attributes attributes;
  if (spec.contains("resourceAttributes")) {
    const auto& r = spec["resourceAttributes"];
    attributes = {r.value("verb", ""),        true,
                  r.value("group", ""),       r.value("resource", ""),
                  r.value("subresource", ""), r.value("namespace", ""),
                  r.value("name", ""),        ""};
  } else {
    const auto& n = spec.value("nonResourceAttributes", nlohmann::json::object());
    attributes = {n.value("verb", ""), false, "", "", "", "", "", n.value("path", "")};
  }
  review["status"] = {{"allowed", allowed(user, attributes)}};
  review["kind"] = resource.kind;
  review["apiVersion"] = "authorization.k8s.io/v1";
  return {201, review};
}

Reply who_am_i(const UserInfo& user) {
  return {201,
          {{"kind", "SelfSubjectReview"},
           {"apiVersion", "authentication.k8s.io/v1"},
           {"metadata", {{"creationTimestamp", nullptr}}},
           {"status", {{"userInfo", {{"username", user.name}, {"groups", user.groups}}}}}}};
}

Reply rules_review(const nlohmann::json& body, const UserInfo& user, const ObjectSource& objects,
                   bool node_authorizer) {
  auto review = body.is_object() ? body : nlohmann::json::object();
  auto namespace_ = string_member(member(review, "spec"), "namespace");
  auto resource_rules = nlohmann::json::array(), non_resource_rules = nlohmann::json::array();
  for (const auto& rule : rbac_rules_for(user, namespace_, objects)) {
    if (member(rule, "nonResourceURLs").is_array() && !member(rule, "nonResourceURLs").empty()) {
      non_resource_rules.push_back(
          {{"verbs", member(rule, "verbs")}, {"nonResourceURLs", member(rule, "nonResourceURLs")}});
      continue;
    }
    nlohmann::json entry = {{"verbs", member(rule, "verbs")}};
    for (const char* key : {"apiGroups", "resources", "resourceNames"})
      if (member(rule, key).is_array()) entry[key] = member(rule, key);
    resource_rules.push_back(entry);
  }
  nlohmann::json status = {
      {"resourceRules", resource_rules}, {"nonResourceRules", non_resource_rules}, {"incomplete", false}};
  if (node_name_of(user) && node_authorizer) {
    status["incomplete"] = true;
    status["evaluationError"] = "node authorizer does not support user rule resolution";
  }
  review["status"] = status;
  review["kind"] = "SelfSubjectRulesReview";
  review["apiVersion"] = "authorization.k8s.io/v1";
  return {201, review};
}

}  // namespace ks::standin

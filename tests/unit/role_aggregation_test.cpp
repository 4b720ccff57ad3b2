// kube-controller-manager's clusterrole-aggregation rule
// (pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go, syncClusterRole), the
// metav1.LabelSelector matching it relies on (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go,
// LabelSelectorAsSelector) and the default user-facing roles
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml), in process.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/control_plane/role_aggregation.hpp"
#include "tests/support/control_plane/selectors.hpp"
#include "tests/support/control_plane/user_facing_roles.hpp"

namespace ks::standin {
namespace {

using nlohmann::json;

json labelled(const std::string& name, json labels, json rules = json::array()) {
  return {{"metadata", {{"name", name}, {"labels", labels}}}, {"rules", rules}};
}

json rule(const std::string& resource, const std::string& verb) {
  return {{"apiGroups", {""}}, {"resources", {resource}}, {"verbs", {verb}}};
}

TEST(LabelSelector, MatchLabelsAndEveryExpressionOperator) {
  auto object = labelled("x", {{"tier", "web"}, {"env", "prod"}});
  struct Case {
    const char* selector;
    bool matches;
  };
  for (const auto& [selector, matches] : std::vector<Case>{
           {R"({})", true},
           {R"({"matchLabels":{"tier":"web"}})", true},
           {R"({"matchLabels":{"tier":"db"}})", false},
           {R"({"matchLabels":{"tier":"web","env":"dev"}})", false},
           {R"({"matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]}]})", true},
           {R"({"matchExpressions":[{"key":"env","operator":"NotIn","values":["prod"]}]})", false},
           {R"({"matchExpressions":[{"key":"missing","operator":"NotIn","values":["x"]}]})", true},
           {R"({"matchExpressions":[{"key":"tier","operator":"Exists"}]})", true},
           {R"({"matchExpressions":[{"key":"tier","operator":"DoesNotExist"}]})", false},
           {R"({"matchExpressions":[{"key":"tier","operator":"Gt","values":["1"]}]})", false},
       })
    EXPECT_EQ(label_selector_matches(json::parse(selector), object), matches) << selector;
  EXPECT_FALSE(label_selector_matches(json(), object));
}

TEST(RoleAggregation, RulesOfMatchingRolesByNameOnceEach) {
  json target = labelled("target", json::object());
  target["aggregationRule"] = {{"clusterRoleSelectors", {{{"matchLabels", {{"into", "target"}}}}}}};
  std::vector<json> roles = {
      target,
      labelled("zeta", {{"into", "target"}}, {rule("pods", "get"), rule("secrets", "get")}),
      labelled("alpha", {{"into", "target"}}, {rule("secrets", "get"), rule("configmaps", "list")}),
      labelled("other", {{"into", "elsewhere"}}, {rule("nodes", "get")}),
  };
  auto rules = aggregated_rules(target, roles);
  ASSERT_TRUE(rules);
  EXPECT_EQ(*rules, json({rule("secrets", "get"), rule("configmaps", "list"), rule("pods", "get")}));
  // An absent resourceNames equals an empty one, as Go compares them.
  roles[1]["rules"][0]["resourceNames"] = json::array();
  EXPECT_EQ(aggregated_rules(target, roles)->size(), 3u);
  EXPECT_FALSE(aggregated_rules(roles[1], roles));
}

TEST(RoleAggregation, TheDefaultRolesNestViewInEditInAdmin) {
  auto roles = user_facing_cluster_roles();
  auto find = [&](const std::string& name) -> json& {
    for (auto& role : roles)
      if (role["metadata"]["name"] == name) return role;
    throw std::logic_error(name);
  };
  // Three passes of the controller: view, then edit from view, then admin from edit.
  for (int pass = 0; pass < 3; ++pass)
    for (const char* name : {"admin", "edit", "view"})
      find(name)["rules"] = *aggregated_rules(find(name), roles);
  auto holds = [&](const std::string& role, const std::string& group, const std::string& resource,
                   const std::string& verb) {
    for (const auto& each : find(role)["rules"])
      if (each["apiGroups"].get<std::vector<std::string>>() == std::vector{group} &&
          std::ranges::count(each["resources"], json(resource)) &&
          std::ranges::count(each["verbs"], json(verb)))
        return true;
    return false;
  };
  EXPECT_TRUE(holds("view", "", "pods", "get"));
  EXPECT_FALSE(holds("view", "", "secrets", "get"));
  EXPECT_TRUE(holds("edit", "", "secrets", "get"));
  EXPECT_TRUE(holds("edit", "apps", "deployments", "create"));
  EXPECT_TRUE(holds("edit", "", "pods", "list"));
  EXPECT_FALSE(holds("edit", "rbac.authorization.k8s.io", "rolebindings", "create"));
  EXPECT_TRUE(holds("admin", "rbac.authorization.k8s.io", "rolebindings", "create"));
  EXPECT_TRUE(holds("admin", "discovery.k8s.io", "endpointslices", "list"));
  EXPECT_EQ(find("system:aggregate-to-view")["rules"].size(), 10u);
  EXPECT_EQ(find("system:aggregate-to-edit")["rules"].size(), 13u);
}

}  // namespace
}  // namespace ks::standin

// The user-facing ClusterRoles every 1.32 cluster has — admin, edit and view, empty but for their
// aggregationRule, and the system:aggregate-to-* roles that fill them
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, testdata/cluster-roles.yaml) — and
// kube-controller-manager's clusterrole-aggregation controller that copies the labelled roles' rules into
// them (pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go), asked with
// `kubectl auth can-i` as users bound to each role in one namespace.
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class DefaultRoles : public RealismCluster {
 protected:
  void SetUp() override {
    RealismCluster::SetUp();
    if (IsSkipped() || prepared_) return;
    ASSERT_EQ(kubectl({"create", "namespace", "roles-lab"}).exit_code, 0);
    for (const char* role : {"view", "edit", "admin"}) {
      auto binding =
          std::string(R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":)") +
          R"({"name":")" + role + R"(-user","namespace":"roles-lab"},"roleRef":{"apiGroup":)" +
          R"("rbac.authorization.k8s.io","kind":"ClusterRole","name":")" + role + R"("},"subjects":)" +
          R"([{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":")" + role + R"(-user"}]})";
      auto created =
          kubectl({"create", "-f", write("/realism/" + std::string(role) + "-user.json", binding)});
      ASSERT_EQ(created.exit_code, 0) << created.err;
    }
    // The controller fills admin from edit, edit from view: wait until admin holds what view aggregates.
    ASSERT_EQ(until_can("admin-user", "list", "endpointslices.discovery.k8s.io"), "yes");
    prepared_ = true;
  }

  // `kubectl auth can-i <verb> <resource> -n roles-lab` as `user`: "yes" or "no".
  static std::string can(const std::string& user, const std::string& verb, const std::string& resource) {
    auto result = kubectl_as(user, {}, {"auth", "can-i", verb, resource, "-n", "roles-lab"});
    return result.out.substr(0, result.out.find('\n'));
  }
  // Asks until the answer is "yes" or a generous bound of requests is spent: the controller aggregates on
  // its own schedule, as in a real cluster.
  static std::string until_can(const std::string& user, const std::string& verb,
                               const std::string& resource) {
    std::string answer;
    for (int i = 0; i < 300 && answer != "yes"; ++i) answer = can(user, verb, resource);
    return answer;
  }

  static inline bool prepared_ = false;
};

TEST_F(DefaultRoles, TheRolesExistWithTheirAggregationLabels) {
  auto roles = nlohmann::json::parse(
      kubectl({"get", "clusterroles", "-l", "kubernetes.io/bootstrapping=rbac-defaults", "-o", "json"}).out,
      nullptr, false);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& role : roles.value("items", nlohmann::json::array()))
    by_name[role["metadata"].value("name", "")] = role;
  for (const char* name : {"admin", "edit", "view"}) {
    ASSERT_TRUE(by_name.contains(name)) << name;
    EXPECT_EQ(by_name[name]["aggregationRule"]["clusterRoleSelectors"][0]["matchLabels"]
                     ["rbac.authorization.k8s.io/aggregate-to-" + std::string(name)],
              "true")
        << name;
    ASSERT_TRUE(by_name.contains("system:aggregate-to-" + std::string(name))) << name;
  }
  EXPECT_EQ(by_name["edit"]["metadata"]["labels"].value("rbac.authorization.k8s.io/aggregate-to-admin", ""),
            "true");
  EXPECT_EQ(by_name["view"]["metadata"]["labels"].value("rbac.authorization.k8s.io/aggregate-to-edit", ""),
            "true");
  EXPECT_EQ(
      by_name["admin"]["metadata"]["annotations"].value("rbac.authorization.kubernetes.io/autoupdate", ""),
      "true");
}

// view reads what does not escalate: no Secrets, nothing written.
TEST_F(DefaultRoles, ViewReadsButNotSecretsAndWritesNothing) {
  EXPECT_EQ(can("view-user", "get", "pods"), "yes");
  EXPECT_EQ(can("view-user", "list", "deployments.apps"), "yes");
  EXPECT_EQ(can("view-user", "watch", "configmaps"), "yes");
  EXPECT_EQ(can("view-user", "get", "secrets"), "no");
  EXPECT_EQ(can("view-user", "create", "configmaps"), "no");
  EXPECT_EQ(can("view-user", "get", "roles.rbac.authorization.k8s.io"), "no");
  // A RoleBinding grants nothing outside its namespace.
  auto elsewhere = kubectl_as("view-user", {}, {"auth", "can-i", "get", "pods", "-n", "default"});
  EXPECT_EQ(elsewhere.out, "no\n");
}

// edit writes workloads and reads Secrets, but grants nothing: no Roles or RoleBindings.
TEST_F(DefaultRoles, EditWritesWorkloadsButNotRbac) {
  EXPECT_EQ(can("edit-user", "create", "deployments.apps"), "yes");
  EXPECT_EQ(can("edit-user", "delete", "pods"), "yes");
  EXPECT_EQ(can("edit-user", "get", "secrets"), "yes");
  EXPECT_EQ(can("edit-user", "create", "leases.coordination.k8s.io"), "yes");
  EXPECT_EQ(can("edit-user", "create", "rolebindings.rbac.authorization.k8s.io"), "no");
  EXPECT_EQ(can("edit-user", "create", "roles.rbac.authorization.k8s.io"), "no");
  EXPECT_EQ(can("edit-user", "update", "resourcequotas"), "no");
}

// admin is edit plus the namespace's RBAC.
TEST_F(DefaultRoles, AdminAlsoManagesRolesAndBindings) {
  EXPECT_EQ(can("admin-user", "create", "rolebindings.rbac.authorization.k8s.io"), "yes");
  EXPECT_EQ(can("admin-user", "create", "roles.rbac.authorization.k8s.io"), "yes");
  EXPECT_EQ(can("admin-user", "delete", "roles.rbac.authorization.k8s.io"), "yes");
  EXPECT_EQ(can("admin-user", "create", "deployments.apps"), "yes");
  EXPECT_EQ(can("admin-user", "get", "secrets"), "yes");
  // Still only in its namespace, and never cluster-scoped objects.
  EXPECT_EQ(can("admin-user", "create", "namespaces"), "no");
  EXPECT_EQ(can("admin-user", "create", "clusterroles.rbac.authorization.k8s.io"), "no");
}

// A ClusterRole created later with the aggregate-to-view label shows up in view's rules, then, through
// view's own label, in edit's and admin's; without the label its rules go again. (kubectl asks about a
// resource the server serves: for one discovery does not know, it sends the name unresolved.)
TEST_F(DefaultRoles, ANewLabelledRoleIsAggregatedLive) {
  EXPECT_EQ(can("view-user", "list", "leases.coordination.k8s.io"), "no");
  auto created = kubectl(
      {"create", "-f",
       write(
           "/realism/lease-viewer.json",
           R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":)"
           R"("lease-viewer","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},)"
           R"("rules":[{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["get","list"]}]})")});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(until_can("view-user", "list", "leases.coordination.k8s.io"), "yes");
  EXPECT_EQ(can("view-user", "delete", "leases.coordination.k8s.io"), "no");
  nlohmann::json lease_rule = {
      {"apiGroups", {"coordination.k8s.io"}}, {"resources", {"leases"}}, {"verbs", {"get", "list"}}};
  auto holds_lease_rule = [&](const std::string& role) {
    auto found =
        nlohmann::json::parse(kubectl({"get", "clusterrole", role, "-o", "json"}).out, nullptr, false);
    auto rules = found.value("rules", nlohmann::json::array());
    return std::ranges::find(rules, lease_rule) != rules.end();
  };
  for (const char* role : {"view", "edit", "admin"}) {
    bool held = false;
    for (int i = 0; i < 300 && !held; ++i) held = holds_lease_rule(role);
    EXPECT_TRUE(held) << role;
  }
  ASSERT_EQ(kubectl({"label", "clusterrole", "lease-viewer", "rbac.authorization.k8s.io/aggregate-to-view-"})
                .exit_code,
            0);
  std::string answer = "yes";
  for (int i = 0; i < 300 && answer != "no"; ++i)
    answer = can("view-user", "list", "leases.coordination.k8s.io");
  EXPECT_EQ(answer, "no");
  EXPECT_FALSE(holds_lease_rule("view"));
}

}  // namespace
}  // namespace ks::testing

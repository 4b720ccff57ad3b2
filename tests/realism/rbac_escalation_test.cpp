// RBAC's escalation prevention as a real 1.32 control plane applies it
// (pkg/registry/rbac/rolebinding/policybased/storage.go,
// pkg/registry/rbac/clusterrole/policybased/storage.go, pkg/registry/rbac/validation/rule.go
// ConfirmNoEscalation): who may write bindings and roles may still grant only what it holds, unless it has
// `bind` on the role (bindings) or `escalate` (roles).
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class RbacEscalation : public RealismCluster {
 protected:
  void SetUp() override {
    RealismCluster::SetUp();
    if (IsSkipped() || prepared_) return;
    // bob may create ClusterRoles and ClusterRoleBindings, and holds nothing else.
    apply(
        "bob-writes-rbac",
        R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"rbac-writer"},)"
        R"("rules":[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["clusterroles","clusterrolebindings"],)"
        R"("verbs":["create"]}]})");
    apply("bob-writes-rbac-binding", binding("bob-rbac-writer", "rbac-writer", "bob"));
    apply(
        "secret-reader",
        R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"secret-reader"},)"
        R"("rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get","list"]}]})");
    prepared_ = true;
  }

  static std::string binding(const std::string& name, const std::string& role, const std::string& user) {
    return R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":")" +
           name + R"("},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":")" +
           role + R"("},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":")" + user +
           R"("}]})";
  }
  static void apply(const std::string& file, const std::string& json) {
    auto created = kubectl({"create", "-f", write("/realism/" + file + ".json", json)});
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }
  static host::ProcessResult as_bob(const std::string& file, const std::string& json) {
    return kubectl_cert("bob", {}, {"create", "-f", write("/realism/" + file + ".json", json)});
  }

  static inline bool prepared_ = false;
};

TEST_F(RbacEscalation, BindingClusterAdminToOneselfIsRefused) {
  auto result = as_bob("bob-admin", binding("bob-admin", "cluster-admin", "bob"));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find(
                "clusterrolebindings.rbac.authorization.k8s.io \"bob-admin\" is forbidden: user \"bob\" "
                "(groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not "
                "currently held:\n{APIGroups:[\"*\"], Resources:[\"*\"], Verbs:[\"*\"]}\n"
                "{NonResourceURLs:[\"*\"], Verbs:[\"*\"]}"),
            std::string::npos)
      << result.err;
  EXPECT_NE(kubectl({"get", "clusterrolebinding", "bob-admin"}).exit_code, 0);
}

TEST_F(RbacEscalation, ARoleGrantingWhatTheWriterLacksIsRefused) {
  auto result =
      as_bob("bob-role", R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":)"
                         R"({"name":"bob-secrets"},"rules":[{"apiGroups":[""],"resources":["secrets"],)"
                         R"("verbs":["get","list","watch"]}]})");
  EXPECT_EQ(
      server_error(result.err),
      std::make_pair(std::string("Forbidden"),
                     std::string("clusterroles.rbac.authorization.k8s.io \"bob-secrets\" is forbidden: user "
                                 "\"bob\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC "
                                 "permissions not currently held:")))
      << result.err;
  EXPECT_NE(
      result.err.find("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\" \"watch\"]}"),
      std::string::npos)
      << result.err;
  // What bob holds he may grant: a role with his own rule.
  auto own = as_bob("bob-own-role",
                    R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":)"
                    R"({"name":"bob-own"},"rules":[{"apiGroups":["rbac.authorization.k8s.io"],)"
                    R"("resources":["clusterroles"],"verbs":["create"]}]})");
  EXPECT_EQ(own.exit_code, 0) << own.err;
}

TEST_F(RbacEscalation, BindOnTheRoleAllowsBindingIt) {
  auto refused = as_bob("carol-reader", binding("carol-reader", "secret-reader", "carol"));
  EXPECT_EQ(server_error(refused.err).first, "Forbidden") << refused.err;
  apply(
      "bob-binds-reader",
      R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"bind-reader"},)"
      R"("rules":[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["clusterroles"],"verbs":["bind"],)"
      R"("resourceNames":["secret-reader"]}]})");
  apply("bob-binds-reader-binding", binding("bob-bind-reader", "bind-reader", "bob"));
  auto allowed = as_bob("carol-reader-2", binding("carol-reader", "secret-reader", "carol"));
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  // bind names one role: another is still refused.
  auto other = as_bob("carol-admin", binding("carol-admin", "cluster-admin", "carol"));
  EXPECT_EQ(server_error(other.err).first, "Forbidden") << other.err;
}

}  // namespace
}  // namespace ks::testing

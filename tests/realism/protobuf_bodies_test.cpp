// What kubectl 1.32 sends as protobuf (application/vnd.kubernetes.protobuf: "k8s\0" + runtime.Unknown,
// staging/src/k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go) for its typed commands, read
// with the field numbers of staging/src/k8s.io/api/{apps,rbac,certificates}/v1/generated.proto: created or
// updated as the same object sent as JSON would be, never refused with 415.
#include "base/base64.hpp"
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class ProtobufBodies : public RealismCluster {
 protected:
  void SetUp() override {
    RealismCluster::SetUp();
    if (IsSkipped() || prepared_) return;
    ASSERT_EQ(kubectl({"create", "namespace", "proto-lab"}).exit_code, 0);
    prepared_ = true;
  }
  static nlohmann::json object(const std::vector<std::string>& what) {
    std::vector<std::string> args = {"get"};
    args.insert(args.end(), what.begin(), what.end());
    args.insert(args.end(), {"-o", "json"});
    return nlohmann::json::parse(kubectl(args).out, nullptr, false);
  }

  static inline bool prepared_ = false;
};

// kubectl create deployment (staging/src/k8s.io/kubectl/pkg/cmd/create/create_deployment.go): the selector
// and template labels app=<name>, one container per image, the port and replicas when given — an explicit
// 0 kept, as the pointer field it is.
TEST_F(ProtobufBodies, CreateDeployment) {
  auto created =
      kubectl({"create", "deployment", "web", "--image=nginx:1.27", "--port=8080", "-n", "proto-lab"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out, "deployment.apps/web created\n");
  auto web = object({"deployment", "web", "-n", "proto-lab"});
  EXPECT_EQ(web["spec"]["replicas"], 1);
  EXPECT_EQ(web["spec"]["selector"], nlohmann::json::parse(R"({"matchLabels":{"app":"web"}})"));
  EXPECT_EQ(web["spec"]["template"]["metadata"]["labels"], nlohmann::json::parse(R"({"app":"web"})"));
  const auto& container = web["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(container["name"], "nginx");
  EXPECT_EQ(container["image"], "nginx:1.27");
  EXPECT_EQ(container["ports"], nlohmann::json::parse(R"([{"containerPort":8080,"protocol":"TCP"}])"));
  auto idle = kubectl({"create", "deployment", "idle", "--image=busybox", "--replicas=0", "-n", "proto-lab",
                       "--", "sleep", "3600"});
  ASSERT_EQ(idle.exit_code, 0) << idle.err;
  auto stopped = object({"deployment", "idle", "-n", "proto-lab"});
  EXPECT_EQ(stopped["spec"]["replicas"], 0);
  EXPECT_EQ(stopped["spec"]["template"]["spec"]["containers"][0]["command"],
            nlohmann::json({"sleep", "3600"}));
  // The same name again is refused as it is for a JSON body (kubectl words this command's errors itself).
  auto again = kubectl({"create", "deployment", "web", "--image=nginx", "-n", "proto-lab"});
  EXPECT_EQ(again.err, "error: failed to create deployment: deployments.apps \"web\" already exists\n");
}

// kubectl create rolebinding / clusterrolebinding / role (create_rolebinding.go, create_role.go): subjects
// with their API group (none for a ServiceAccount), the roleRef, the rules; the binding then takes effect.
TEST_F(ProtobufBodies, CreateRbacObjects) {
  auto binding = kubectl({"create", "rolebinding", "alice-view", "--clusterrole=view", "--user=alice",
                          "--serviceaccount=proto-lab:robot", "-n", "proto-lab"});
  ASSERT_EQ(binding.exit_code, 0) << binding.err;
  auto stored = object({"rolebinding", "alice-view", "-n", "proto-lab"});
  EXPECT_EQ(stored["roleRef"],
            nlohmann::json::parse(
                R"({"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"})"));
  EXPECT_EQ(stored["subjects"],
            nlohmann::json::parse(R"([{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"},
                                      {"kind":"ServiceAccount","name":"robot","namespace":"proto-lab"}])"));
  EXPECT_EQ(kubectl_as("alice", {}, {"auth", "can-i", "list", "pods", "-n", "proto-lab"}).out, "yes\n");
  auto role =
      kubectl({"create", "role", "cm-reader", "--verb=get,list", "--resource=configmaps", "-n", "proto-lab"});
  ASSERT_EQ(role.exit_code, 0) << role.err;
  EXPECT_EQ(
      object({"role", "cm-reader", "-n", "proto-lab"})["rules"],
      nlohmann::json::parse(R"([{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list"]}])"));
  auto cluster_binding =
      kubectl({"create", "clusterrolebinding", "bob-view", "--clusterrole=view", "--group=viewers"});
  ASSERT_EQ(cluster_binding.exit_code, 0) << cluster_binding.err;
  EXPECT_EQ(object({"clusterrolebinding", "bob-view"})["subjects"][0]["name"], "viewers");
}

// kubectl certificate approve (staging/src/k8s.io/kubectl/pkg/cmd/certificates/certificates.go): the whole
// request with an Approved condition, PUT to the approval subresource.
TEST_F(ProtobufBodies, CertificateApprove) {
  auto request = run({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                      "-nodes", "-keyout", "/dev/null", "-subj", "/CN=proto-user"});
  ASSERT_EQ(request.exit_code, 0) << request.err;
  auto manifest = write("/realism/proto-csr.json",
                        R"({"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest",)"
                        R"("metadata":{"name":"proto-csr"},"spec":{"request":")" +
                            base64_encode(request.out) +
                            R"(","signerName":"kubernetes.io/kube-apiserver-client",)"
                            R"("usages":["digital signature","client auth"]}})");
  ASSERT_EQ(kubectl({"create", "-f", manifest}).exit_code, 0);
  auto approved = kubectl({"certificate", "approve", "proto-csr"});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_EQ(approved.out, "certificatesigningrequest.certificates.k8s.io/proto-csr approved\n");
  auto csr = object({"csr", "proto-csr"});
  const auto& condition = csr["status"]["conditions"][0];
  EXPECT_EQ(condition["type"], "Approved");
  EXPECT_EQ(condition["status"], "True");
  EXPECT_EQ(condition["reason"], "KubectlApprove");
  EXPECT_TRUE(condition["lastUpdateTime"].is_string()) << csr.dump();
  // The spec stays the requester's: the approval changes only the conditions.
  EXPECT_EQ(csr["spec"]["username"], "kubernetes-admin");
  // Approving again changes nothing.
  EXPECT_EQ(kubectl({"certificate", "approve", "proto-csr"}).exit_code, 0);
  EXPECT_EQ(object({"csr", "proto-csr"})["status"]["conditions"].size(), 1u);
}

}  // namespace
}  // namespace ks::testing

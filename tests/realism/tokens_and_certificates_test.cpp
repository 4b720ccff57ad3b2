// Bootstrap tokens and certificate requests as a real 1.32 control plane treats them:
// - the bootstrap-token authenticator (plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go and
//   staging/src/k8s.io/cluster-bootstrap/util/secrets/secrets.go);
// - the CSR approver (pkg/controller/certificates/approver/sarapprove.go with ValidateKubeletClientCSR from
//   pkg/apis/certificates/helpers.go) and signer (pkg/controller/certificates/signer/signer.go);
// - the CertificateApproval and CertificateSubjectRestriction admission plugins
//   (plugin/pkg/admission/certificates/approval/admission.go, …/subjectrestriction/admission.go).
#include "base/base64.hpp"
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class TokensAndCertificates : public RealismCluster {
 protected:
  // A bootstrap-token Secret as an administrator would write it by hand; `data` entries are added as given.
  static void store_token(const std::string& id, const std::string& secret,
                          const std::vector<std::pair<std::string, std::string>>& data) {
    std::vector<std::string> args = {"create",
                                     "secret",
                                     "generic",
                                     "bootstrap-token-" + id,
                                     "-n",
                                     "kube-system",
                                     "--type",
                                     "bootstrap.kubernetes.io/token",
                                     "--from-literal=token-id=" + id,
                                     "--from-literal=token-secret=" + secret};
    for (const auto& [key, value] : data) args.push_back("--from-literal=" + key + "=" + value);
    auto created = kubectl(args);
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }

  // A CSR (its PEM request made by the real openssl CLI) as the JSON body kubectl creates.
  static std::string csr_manifest(const std::string& name, const std::string& subject,
                                  const std::string& signer, const std::string& usages,
                                  const std::string& extension = "") {
    std::vector<std::string> command = {
        "openssl", "req",     "-new",      "-newkey", "ec",   "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes",  "-keyout", "/dev/null", "-subj",   subject};
    if (!extension.empty()) command.insert(command.end(), {"-addext", extension});
    auto request = run(command);
    EXPECT_EQ(request.exit_code, 0) << request.err;
    return write("/realism/" + name + ".json",
                 R"({"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":)"
                 R"({"name":")" +
                     name + R"("},"spec":{"request":")" + base64_encode(request.out) + R"(","signerName":")" +
                     signer + R"(","usages":[)" + usages + "]}}");
  }

  static std::string condition(const std::string& csr) {
    return kubectl({"get", "csr", csr, "-o", "jsonpath={.status.conditions[*].type}"}).out;
  }
};

constexpr const char* kUnauthorized = "error: You must be logged in to the server (Unauthorized)";

TEST_F(TokensAndCertificates, AValidTokenAuthenticatesWithItsExtraGroups) {
  store_token("good01", "0123456789abcdef",
              {{"usage-bootstrap-authentication", "true"},
               {"auth-extra-groups", "system:bootstrappers:kubeadm:default-node-token"}});
  auto can =
      kubectl_token("good01.0123456789abcdef", {"auth", "can-i", "create", "certificatesigningrequests"});
  EXPECT_EQ(can.out, "yes\n") << can.err;
  // kubeadm's token RBAC is bound to the extra group, so the group reached the authorizer.
  auto read = kubectl_token("good01.0123456789abcdef",
                            {"get", "configmap", "kubeadm-config", "-n", "kube-system", "-o", "name"});
  EXPECT_EQ(read.out, "configmap/kubeadm-config\n") << read.err;
}

TEST_F(TokensAndCertificates, TokensTheAuthenticatorRefusesAreUnauthorized) {
  // Each Secret breaks one rule; each token is then refused with 401, never served as anonymous.
  store_token("mastr1", "0123456789abcdef",
              {{"usage-bootstrap-authentication", "true"}, {"auth-extra-groups", "system:masters"}});
  store_token("expir1", "0123456789abcdef",
              {{"usage-bootstrap-authentication", "true"}, {"expiration", "2020-01-01T00:00:00Z"}});
  store_token("unpar1", "0123456789abcdef",
              {{"usage-bootstrap-authentication", "true"}, {"expiration", "tomorrow"}});
  store_token("nouse1", "0123456789abcdef", {{"usage-bootstrap-signing", "true"}});
  store_token(
      "upper1", "0123456789abcdef",
      {{"usage-bootstrap-authentication", "true"}, {"auth-extra-groups", "system:bootstrappers:Ops"}});
  for (const std::string token :
       {"mastr1.0123456789abcdef", "expir1.0123456789abcdef", "unpar1.0123456789abcdef",
        "nouse1.0123456789abcdef", "upper1.0123456789abcdef", "good01.0123456789abcdee",
        "GOOD01.0123456789abcdef"}) {
    auto result = kubectl_token(token, {"get", "secrets", "-n", "kube-system"});
    EXPECT_NE(result.exit_code, 0) << token;
    EXPECT_NE(result.err.find(kUnauthorized), std::string::npos) << token << ": " << result.err;
  }
  // A Secret of another type is no token at all.
  auto typed = kubectl({"create", "secret", "generic", "bootstrap-token-other1", "-n", "kube-system",
                        "--from-literal=token-id=other1", "--from-literal=token-secret=0123456789abcdef",
                        "--from-literal=usage-bootstrap-authentication=true"});
  ASSERT_EQ(typed.exit_code, 0) << typed.err;
  EXPECT_NE(kubectl_token("other1.0123456789abcdef", {"get", "nodes"}).err.find(kUnauthorized),
            std::string::npos);
  // A future expiry with an offset is a valid RFC 3339 time.
  store_token("later1", "0123456789abcdef",
              {{"usage-bootstrap-authentication", "true"}, {"expiration", "2099-01-01T00:00:00+02:00"}});
  // (system:basic-user lets every authenticated user ask what it may do.)
  EXPECT_EQ(kubectl_token("later1.0123456789abcdef",
                          {"auth", "can-i", "create", "selfsubjectaccessreviews.authorization.k8s.io"})
                .out,
            "yes\n");
}

TEST_F(TokensAndCertificates, OnlyRealKubeletClientRequestsAreAutoApproved) {
  auto token = init_result()["token"].get<std::string>();
  const std::string signer = "kubernetes.io/kube-apiserver-client-kubelet";
  auto bad_san = csr_manifest("bad-san", "/O=system:nodes/CN=system:node:evil", signer,
                              R"("digital signature","client auth")", "subjectAltName=DNS:evil.example");
  auto server_auth = csr_manifest("server-usage", "/O=system:nodes/CN=system:node:evil2", signer,
                                  R"("digital signature","client auth","server auth")");
  auto wrong_org = csr_manifest("wrong-org", "/O=system:masters/CN=system:node:evil3", signer,
                                R"("digital signature","client auth")");
  auto good = csr_manifest("good-kubelet", "/O=system:nodes/CN=system:node:w5", signer,
                           R"("digital signature","client auth")");
  for (const auto& manifest : {bad_san, server_auth, wrong_org, good}) {
    auto created = kubectl_token(token, {"create", "-f", manifest});
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }
  // The approver handles every pending request in one pass, so once the good one is approved the others have
  // been considered; poll the API (not the clock) for that.
  std::string approved;
  for (int i = 0; i < 300 && approved.find("Approved") == std::string::npos; ++i)
    approved = condition("good-kubelet");
  ASSERT_NE(approved.find("Approved"), std::string::npos);
  // kubectl get csr prints the server's table (printers.go: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION
  // CONDITION).
  auto listed = kubectl({"get", "csr", "good-kubelet"}).out;
  EXPECT_EQ(listed.substr(0, listed.find('\n')).find("NAME"), 0u) << listed;
  for (const char* word : {"SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION",
                           "system:bootstrap:", "kubernetes.io/kube-apiserver-client-kubelet", "Approved"})
    EXPECT_NE(listed.find(word), std::string::npos) << word << " in " << listed;
  EXPECT_EQ(condition("bad-san"), "");
  EXPECT_EQ(condition("server-usage"), "");
  EXPECT_EQ(condition("wrong-org"), "");
  // An administrator approving a request the kubelet signer may not issue: the signer marks it Failed.
  auto approve =
      "import kubernetes\n"
      "kubernetes.config.load_kube_config()\n"
      "api = kubernetes.client.CertificatesV1Api()\n"
      "csr = api.read_certificate_signing_request('bad-san')\n"
      "csr.status.conditions = [kubernetes.client.V1CertificateSigningRequestCondition(\n"
      "    type='Approved', status='True', reason='ByAdmin', message='approved')]\n"
      "api.replace_certificate_signing_request_approval('bad-san', csr)\n";
  auto approved_by_admin = python(approve);
  ASSERT_EQ(approved_by_admin.exit_code, 0) << approved_by_admin.err;
  std::string failed;
  for (int i = 0; i < 300 && failed.find("Failed") == std::string::npos; ++i) failed = condition("bad-san");
  EXPECT_EQ(failed, "Approved Failed");
  EXPECT_EQ(kubectl({"get", "csr", "bad-san", "-o",
                     "jsonpath={.status.conditions[1].reason}:{.status.certificate}"})
                .out,
            "SignerValidationFailure:");
}

TEST_F(TokensAndCertificates, ApprovalNeedsApproveOnTheSigner) {
  // alice may update CSR approvals but holds no "approve" on any signer.
  auto role = write("/realism/csr-approval-role.json",
                    R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":)"
                    R"("csr-approval-only"},"rules":[{"apiGroups":["certificates.k8s.io"],"resources":)"
                    R"(["certificatesigningrequests","certificatesigningrequests/approval"],)"
                    R"("verbs":["get","list","update"]}]})");
  ASSERT_EQ(kubectl({"create", "-f", role}).exit_code, 0);
  auto binding =
      write("/realism/csr-approval-binding.json",
            R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":)"
            R"({"name":"alice-approval"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":)"
            R"("ClusterRole","name":"csr-approval-only"},"subjects":[{"apiGroup":)"
            R"("rbac.authorization.k8s.io","kind":"User","name":"alice"}]})");
  auto bound = kubectl({"create", "-f", binding});
  ASSERT_EQ(bound.exit_code, 0) << bound.err;
  auto csr = csr_manifest("for-alice", "/CN=someone", "kubernetes.io/kube-apiserver-client",
                          R"("digital signature","client auth")");
  ASSERT_EQ(kubectl({"create", "-f", csr}).exit_code, 0);
  auto script =
      "import kubernetes, sys\n"
      "kubernetes.config.load_kube_config()\n"
      "api = kubernetes.client.CertificatesV1Api()\n"
      "csr = api.read_certificate_signing_request('for-alice')\n"
      "csr.status.conditions = [kubernetes.client.V1CertificateSigningRequestCondition(\n"
      "    type='Approved', status='True', reason='ByAlice', message='approved')]\n"
      "try:\n"
      "    api.replace_certificate_signing_request_approval('for-alice', csr)\n"
      "    print('approved')\n"
      "except kubernetes.client.exceptions.ApiException as e:\n"
      "    print(e.status, e.reason)\n"
      "    print(e.body)\n";
  auto result = python(script, kubeconfig_for("alice", {}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("403 Forbidden"), std::string::npos) << result.out;
  EXPECT_NE(
      result.out.find("certificatesigningrequests.certificates.k8s.io \\\"for-alice\\\" is forbidden: user "
                      "not permitted to approve requests with signerName "
                      "\\\"kubernetes.io/kube-apiserver-client\\\""),
      std::string::npos)
      << result.out;
  EXPECT_EQ(condition("for-alice"), "");
}

TEST_F(TokensAndCertificates, NoClientCertificateForSystemMasters) {
  auto csr = csr_manifest("masters", "/O=system:masters/CN=mallory", "kubernetes.io/kube-apiserver-client",
                          R"("digital signature","client auth")");
  auto result = kubectl({"create", "-f", csr});
  EXPECT_EQ(server_error(result.err),
            std::make_pair(
                std::string("Forbidden"),
                std::string("certificatesigningrequests.certificates.k8s.io \"masters\" is forbidden: use "
                            "of kubernetes.io/kube-apiserver-client signer with system:masters group is "
                            "not allowed")))
      << result.err;
}

}  // namespace
}  // namespace ks::testing

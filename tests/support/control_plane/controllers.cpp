#include "tests/support/control_plane/controllers.hpp"

#include <openssl/hmac.h>

#include <chrono>

#include "base/base64.hpp"
#include "base/json_access.hpp"
#include "tests/support/control_plane/bootstrap_secret.hpp"
#include "tests/support/control_plane/certificate_signer.hpp"
#include "tests/support/control_plane/csr_request.hpp"

namespace ks::standin {

namespace {

const char* kTokenSecrets =
    "/api/v1/namespaces/kube-system/secrets?fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken";
const char* kKubeletSigner = "kubernetes.io/kube-apiserver-client-kubelet";

Result<nlohmann::json> items(kube::ApiClient& api, const std::string& path) {
  auto list = KS_TRY(api.get(path));
  return list.value("items", nlohmann::json::array());
}

bool decided(const nlohmann::json& csr, const std::string& type) {
  for (const auto& condition :
       csr.value("status", nlohmann::json::object()).value("conditions", nlohmann::json::array()))
    if (condition.value("type", "") == type && condition.value("status", "True") == "True") return true;
  return false;
}

// The detached JWS the bootstrap signer puts in cluster-info (HS256, the token id as kid, the token secret as
// key; pkg/controller/bootstrap/jws.go): base64url(header) + ".." + base64url(HMAC-SHA256).
std::string detached_jws(const std::string& payload, const std::string& id, const std::string& secret) {
  auto header = base64url_encode(R"({"alg":"HS256","kid":")" + id + R"("})");
  auto input = header + "." + base64url_encode(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &size);
  return header + ".." + base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), size));
}

}  // namespace

Status Controllers::sign_cluster_info() {
  auto response = KS_TRY(api.request("GET", "/api/v1/namespaces/kube-public/configmaps/cluster-info"));
  if (response.status == 404) return {};
  if (!response.ok()) return std::unexpected(kube::api_error("GET", "cluster-info", response));
  auto cluster_info = response.body;
  auto& data = cluster_info["data"];
  auto kubeconfig = data.value("kubeconfig", "");
  if (kubeconfig.empty()) return {};
  nlohmann::json wanted = nlohmann::json::object();
  auto now = std::chrono::system_clock::now();
  // pkg/controller/bootstrap/bootstrapsigner.go: every well-formed, unexpired token marked for signing.
  for (const auto& secret : KS_TRY(items(api, kTokenSecrets))) {
    auto token = token_parts(secret);
    if (!token || token_expired(secret, now) || secret_data(secret, "usage-bootstrap-signing") != "true")
      continue;
    wanted["jws-kubeconfig-" + token->id] = detached_jws(kubeconfig, token->id, token->secret);
  }
  nlohmann::json have = nlohmann::json::object();
  for (const auto& [key, value] : data.items())
    if (key.starts_with("jws-kubeconfig-")) have[key] = value;
  if (have == wanted) return {};
  for (const auto& [key, value] : have.items()) data.erase(key);
  for (const auto& [key, value] : wanted.items()) data[key] = value;
  auto put =
      KS_TRY(api.request("PUT", "/api/v1/namespaces/kube-public/configmaps/cluster-info", cluster_info));
  if (!put.ok() && put.status != 409) return std::unexpected(kube::api_error("PUT", "cluster-info", put));
  return {};
}

Status Controllers::clean_tokens() {
  auto now = std::chrono::system_clock::now();
  // pkg/controller/bootstrap/tokencleaner.go: expired (or unparseable expiry) token Secrets go.
  for (const auto& secret : KS_TRY(items(api, kTokenSecrets)))
    if (token_expired(secret, now))
      KS_CHECK(api.remove("/api/v1/namespaces/kube-system/secrets/" +
                          string_member(member(secret, "metadata"), "name")));
  return {};
}

// pkg/controller/certificates/approver/sarapprove.go: a kubelet client CSR (ValidateKubeletClientCSR) is
// tried first as a renewal by the node itself (requester = subject CN; selfnodeclient), then as a new node's
// (nodeclient); the first permission a SubjectAccessReview grants approves it. Anything else is left alone.
Status Controllers::approve_csrs() {
  struct Recognizer {
    bool self;
    const char* subresource;
    const char* message;
  };
  static constexpr Recognizer kRecognizers[] = {
      {true, "selfnodeclient", "Auto approving self kubelet client certificate after SubjectAccessReview."},
      {false, "nodeclient", "Auto approving kubelet client certificate after SubjectAccessReview."}};
  for (auto csr : KS_TRY(items(api, "/apis/certificates.k8s.io/v1/certificatesigningrequests"))) {
    const auto& spec = csr["spec"];
    if (spec.value("signerName", "") != kKubeletSigner || decided(csr, "Approved") ||
        decided(csr, "Denied") || csr["status"].contains("certificate"))
      continue;
    auto requested = read_certificate_request(csr);
    if (!requested ||
        !kubelet_client_problem(*requested, spec.value("usages", nlohmann::json::array())).empty())
      continue;
    for (const auto& recognizer : kRecognizers) {
      if (recognizer.self && spec.value("username", "") != requested->common_name) continue;
      nlohmann::json review = {{"apiVersion", "authorization.k8s.io/v1"},
                               {"kind", "SubjectAccessReview"},
                               {"spec",
                                {{"user", spec.value("username", "")},
                                 {"groups", spec.value("groups", nlohmann::json::array())},
                                 {"resourceAttributes",
                                  {{"group", "certificates.k8s.io"},
                                   {"resource", "certificatesigningrequests"},
                                   {"subresource", recognizer.subresource},
                                   {"verb", "create"}}}}}};
      auto answer = KS_TRY(api.create("/apis/authorization.k8s.io/v1/subjectaccessreviews", review));
      if (!answer["status"].value("allowed", false)) continue;
      csr["status"]["conditions"] = {{{"type", "Approved"},
                                      {"status", "True"},
                                      {"reason", "AutoApproved"},
                                      {"message", recognizer.message}}};
      auto path = "/apis/certificates.k8s.io/v1/certificatesigningrequests/" +
                  csr["metadata"].value("name", "") + "/approval";
      auto put = KS_TRY(api.request("PUT", path, csr));
      if (!put.ok() && put.status != 409) return std::unexpected(kube::api_error("PUT", path, put));
      break;
    }
  }
  return {};
}

Status Controllers::sign_csrs() {
  if (signing_cert_pem.empty() || signing_key_pem.empty()) return {};  // external CA: nobody signs here
  for (auto csr : KS_TRY(items(api, "/apis/certificates.k8s.io/v1/certificatesigningrequests"))) {
    if (csr["spec"].value("signerName", "") != kKubeletSigner || !decided(csr, "Approved") ||
        decided(csr, "Failed") || csr["status"].contains("certificate"))
      continue;
    auto path = "/apis/certificates.k8s.io/v1/certificatesigningrequests/" +
                csr["metadata"].value("name", "") + "/status";
    // pkg/controller/certificates/signer/signer.go: an approved request the signer may not issue fails.
    auto requested = read_certificate_request(csr);
    auto problem =
        requested ? kubelet_client_problem(*requested, csr["spec"].value("usages", nlohmann::json::array()))
                  : requested.error().message();
    if (!problem.empty()) {
      csr["status"]["conditions"].push_back({{"type", "Failed"},
                                             {"status", "True"},
                                             {"reason", "SignerValidationFailure"},
                                             {"message", problem}});
      auto put = KS_TRY(api.request("PUT", path, csr));
      if (!put.ok() && put.status != 409) return std::unexpected(kube::api_error("PUT", path, put));
      continue;
    }
    // --cluster-signing-duration's default, a year.
    auto certificate = KS_TRY(sign_certificate_request(
        *requested, csr["spec"].value("usages", nlohmann::json::array()), signing_cert_pem, signing_key_pem,
        std::chrono::system_clock::now(), std::chrono::hours(8760)));
    csr["status"]["certificate"] = base64_encode(certificate);
    auto put = KS_TRY(api.request("PUT", path, csr));
    if (!put.ok() && put.status != 409) return std::unexpected(kube::api_error("PUT", path, put));
  }
  return {};
}

}  // namespace ks::standin

#include "tests/support/control_plane/controllers.hpp"

#include <openssl/pem.h>

#include <chrono>

#include "base/base64.hpp"
#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "tests/support/control_plane/csr_request.hpp"
#include "token/bootstrap_token.hpp"
#include "token/jws.hpp"

namespace ks::standin {

namespace {

using X509ReqPtr = std::unique_ptr<X509_REQ, certs::Deleter<X509_REQ_free>>;

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

struct RequestedSubject {
  std::string common_name;
  std::vector<std::string> organizations;
  certs::PKeyPtr key;
};

Result<RequestedSubject> read_csr(const nlohmann::json& csr) {
  auto pem = base64_decode(csr["spec"].value("request", ""));
  if (!pem) return invalid("CSR " + csr["metadata"].value("name", ""), "spec.request is not base64");
  certs::BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  X509ReqPtr request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (!request) return invalid("CSR " + csr["metadata"].value("name", ""), "spec.request is not a PEM CSR");
  RequestedSubject subject;
  auto* name = X509_REQ_get_subject_name(request.get());
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    auto* entry = X509_NAME_get_entry(name, i);
    auto* data = X509_NAME_ENTRY_get_data(entry);
    std::string value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)), ASN1_STRING_length(data));
    int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    if (nid == NID_commonName) subject.common_name = value;
    if (nid == NID_organizationName) subject.organizations.push_back(value);
  }
  subject.key.reset(X509_REQ_get_pubkey(request.get()));
  if (!subject.key || X509_REQ_verify(request.get(), subject.key.get()) != 1)
    return invalid("CSR " + csr["metadata"].value("name", ""), "its signature does not verify");
  return subject;
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
  for (const auto& secret : KS_TRY(items(api, kTokenSecrets))) {
    auto stored = token::parse_token_secret(secret);
    if (!stored || stored->expired(now) || !stored->has_usage("signing")) continue;
    wanted["jws-kubeconfig-" + stored->token.id] =
        token::detached_jws(kubeconfig, stored->token.id, stored->token.secret);
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
  for (const auto& secret : KS_TRY(items(api, kTokenSecrets))) {
    auto stored = token::parse_token_secret(secret);
    if (stored && stored->expired(now))
      KS_CHECK(api.remove("/api/v1/namespaces/kube-system/secrets/" + secret["metadata"].value("name", "")));
  }
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
  auto ca = KS_TRY(certs::parse_certificate(signing_cert_pem));
  auto ca_key = KS_TRY(certs::parse_private_key(signing_key_pem));
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
    auto subject = KS_TRY(read_csr(csr));
    auto now = std::chrono::system_clock::now();
    auto ca_end = certs::inspect(ca.get()).not_after;
    certs::CertificateRequest request{
        subject.common_name,
        subject.organizations,
        {},
        {},
        certs::Usage::Client,
        now - std::chrono::minutes(5),
        std::min(ca_end, now + std::chrono::hours(8760)),
        static_cast<uint64_t>(now.time_since_epoch().count()) & 0x7fffffffffffffff};
    auto cert = KS_TRY(certs::issue_certificate(request, subject.key.get(), ca.get(), ca_key.get()));
    csr["status"]["certificate"] = base64_encode(KS_TRY(certs::certificate_pem(cert.get())));
    auto put = KS_TRY(api.request("PUT", path, csr));
    if (!put.ok() && put.status != 409) return std::unexpected(kube::api_error("PUT", path, put));
  }
  return {};
}

}  // namespace ks::standin

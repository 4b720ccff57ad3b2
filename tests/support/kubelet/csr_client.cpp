#include "tests/support/kubelet/csr_client.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <nlohmann/json.hpp>

#include "base/base64.hpp"
#include "base/json_access.hpp"
#include "certs/openssl_ptr.hpp"

namespace ks::standin {

namespace {

using X509ReqPtr = std::unique_ptr<X509_REQ, certs::Deleter<X509_REQ_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, certs::Deleter<EVP_MD_CTX_free>>;

const char* const kCsrs = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
const char* const kKubeletClientSigner = "kubernetes.io/kube-apiserver-client-kubelet";

Result<std::string> public_key_der(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(key, &der);
  struct FreeDer {
    void operator()(unsigned char* bytes) const { OPENSSL_free(bytes); }
  };
  std::unique_ptr<unsigned char, FreeDer> owned(der);
  if (length <= 0) return failure("encoding the kubelet's public key", certs::openssl_errors());
  return std::string(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
}

// certutil.MakeCSR: the subject only (O before CN, as Go orders pkix.Name), signed with the key.
Result<std::string> certificate_request_pem(EVP_PKEY* key, const ClientCertificateRequest& request) {
  X509ReqPtr csr(X509_REQ_new());
  auto* subject = X509_REQ_get_subject_name(csr.get());
  auto add = [&](const char* field, const std::string& value) {
    X509_NAME_add_entry_by_txt(subject, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  };
  for (const auto& organization : request.organizations) add("O", organization);
  add("CN", request.common_name);
  if (X509_REQ_set_pubkey(csr.get(), key) != 1 || X509_REQ_sign(csr.get(), key, EVP_sha256()) <= 0)
    return failure("signing the kubelet's CSR", certs::openssl_errors());
  certs::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_REQ(bio.get(), csr.get());
  return certs::bio_contents(bio.get());
}

const nlohmann::json& csr_condition(const nlohmann::json& csr, const std::string& type) {
  static const nlohmann::json kNone;
  const auto& conditions = member(member(csr, "status"), "conditions");
  if (conditions.is_array())
    for (const auto& each : conditions)
      if (string_member(each, "type") == type) return each;
  return kNone;
}

// WaitForCertificate's condition on each state of the CSR seen: done with the certificate, an error, or
// not yet (an empty string).
Result<std::string> issued(const nlohmann::json& csr, const std::string& uid) {
  const auto& metadata = member(csr, "metadata");
  if (string_member(metadata, "uid") != uid)
    return failure("csr \"" + string_member(metadata, "name") + "\" changed UIDs");
  for (const char* refused : {"Denied", "Failed"})
    if (const auto& found = csr_condition(csr, refused); !found.is_null())
      return failure(std::string("certificate signing request ") +
                     (refused == std::string("Denied") ? "is denied" : "failed") + ", reason: " +
                     string_member(found, "reason") + ", message: " + string_member(found, "message"));
  if (csr_condition(csr, "Approved").is_null()) return std::string();
  return base64_decode(string_member(member(csr, "status"), "certificate")).value_or("");
}

}  // namespace

std::vector<std::string> kubelet_client_usages(EVP_PKEY* key) {
  if (EVP_PKEY_base_id(key) == EVP_PKEY_RSA) return {"digital signature", "key encipherment", "client auth"};
  return {"digital signature", "client auth"};
}

Result<std::string> bootstrap_csr_name(EVP_PKEY* key, const ClientCertificateRequest& request) {
  MdCtxPtr context(EVP_MD_CTX_new());
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha512_256(), nullptr) != 1)
    return failure("hashing the kubelet's CSR name", certs::openssl_errors());
  auto write = [&](const std::string& data) {
    auto encoded = base64url_encode(data) + "|";
    EVP_DigestUpdate(context.get(), encoded.data(), encoded.size());
  };
  write(KS_TRY(public_key_der(key)));
  write(request.common_name);
  for (const auto& organization : request.organizations) write(organization);
  for (const auto& usage : request.usages) write(usage);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context.get(), digest, &length) != 1)
    return failure("hashing the kubelet's CSR name", certs::openssl_errors());
  return "node-csr-" + base64url_encode(std::string(reinterpret_cast<const char*>(digest), length));
}

Result<std::string> request_client_certificate(kube::Api& api, EVP_PKEY* key,
                                               const ClientCertificateRequest& request,
                                               const std::string& name) {
  nlohmann::json metadata =
      name.empty() ? nlohmann::json{{"generateName", "csr-"}} : nlohmann::json{{"name", name}};
  nlohmann::json csr = {{"apiVersion", "certificates.k8s.io/v1"},
                        {"kind", "CertificateSigningRequest"},
                        {"metadata", metadata},
                        {"spec",
                         {{"request", base64_encode(KS_TRY(certificate_request_pem(key, request)))},
                          {"signerName", kKubeletClientSigner},
                          {"usages", request.usages}}}};
  auto created = api.create(kCsrs, csr);
  if (!created && created.error().is(409) && !name.empty())
    created = api.get(std::string(kCsrs) + "/" + name);
  if (!created) return std::unexpected(Error(created.error()));
  auto csr_name = string_member(member(*created, "metadata"), "name");
  auto uid = string_member(member(*created, "metadata"), "uid");

  // UntilWithSync over a ListWatch narrowed to the one name: list, then watch from the list's version;
  // a watch that ends (its timeout) is followed by a new list.
  auto selector = "?fieldSelector=metadata.name%3D" + csr_name;
  for (;;) {
    auto listed = KS_TRY(api.get(kCsrs + selector));
    for (const auto& item : member(listed, "items"))
      if (auto certificate = KS_TRY(issued(item, uid)); !certificate.empty()) return certificate;
    Result<std::string> outcome = std::string();
    auto version = string_member(member(listed, "metadata"), "resourceVersion");
    auto watched = api.watch(kCsrs + selector + "&resourceVersion=" + version + "&timeoutSeconds=20",
                             [&](const kube::WatchEvent& event) {
                               if (event.type == "DELETED") {
                                 outcome = failure("csr \"" + csr_name + "\" was deleted");
                                 return false;
                               }
                               if (event.type != "ADDED" && event.type != "MODIFIED") return true;
                               outcome = issued(event.object, uid);
                               return outcome && outcome->empty();
                             });
    if (!outcome || !outcome->empty()) return outcome;
    (void)watched;  // a broken watch is followed by a new list, as the reflector does
  }
}

}  // namespace ks::standin

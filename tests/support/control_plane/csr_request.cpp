#include "tests/support/control_plane/csr_request.hpp"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <set>

#include "base/base64.hpp"
#include "certs/openssl_ptr.hpp"

namespace ks::standin {

namespace {

struct FreeExtensions {
  void operator()(STACK_OF(X509_EXTENSION) * extensions) const {
    sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
  }
};

void count_names(STACK_OF(X509_EXTENSION) * extensions, RequestedCertificate& out) {
  certs::GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509V3_get_d2i(extensions, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    switch (sk_GENERAL_NAME_value(names.get(), i)->type) {
      case GEN_DNS:
        ++out.dns_names;
        break;
      case GEN_EMAIL:
        ++out.emails;
        break;
      case GEN_IPADD:
        ++out.ip_addresses;
        break;
      case GEN_URI:
        ++out.uris;
        break;
      default:
        break;
    }
  }
}

}  // namespace

Result<RequestedCertificate> read_certificate_request(const nlohmann::json& csr) {
  const auto* spec = csr.is_object() && csr.contains("spec") ? &csr["spec"] : nullptr;
  if (!spec || !spec->is_object() || !spec->contains("request") || !(*spec)["request"].is_string())
    return invalid("spec.request", "Required value");
  auto pem = base64_decode((*spec)["request"].get<std::string>());
  if (!pem) return invalid("spec.request", "not base64");
  certs::BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  std::unique_ptr<X509_REQ, certs::Deleter<X509_REQ_free>> request(
      PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (!request) return invalid("spec.request", "PEM block type must be CERTIFICATE REQUEST");
  RequestedCertificate out;
  out.public_key.reset(X509_REQ_get_pubkey(request.get()), EVP_PKEY_free);
  if (!out.public_key || X509_REQ_verify(request.get(), out.public_key.get()) != 1)
    return invalid("spec.request", "the request's signature does not verify");
  auto* subject = X509_REQ_get_subject_name(request.get());
  for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
    auto* entry = X509_NAME_get_entry(subject, i);
    auto* data = X509_NAME_ENTRY_get_data(entry);
    std::string value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)), ASN1_STRING_length(data));
    auto nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    if (nid == NID_commonName) out.common_name = value;
    if (nid == NID_organizationName) out.organizations.push_back(value);
  }
  std::unique_ptr<STACK_OF(X509_EXTENSION), FreeExtensions> extensions(
      X509_REQ_get_extensions(request.get()));
  if (extensions) count_names(extensions.get(), out);
  return out;
}

std::string kubelet_client_problem(const RequestedCertificate& request, const nlohmann::json& usages) {
  if (request.organizations != std::vector<std::string>{"system:nodes"})
    return "subject organization is not system:nodes";
  if (request.dns_names > 0) return "DNS subjectAltNames are not allowed";
  if (request.emails > 0) return "Email subjectAltNames are not allowed";
  if (request.ip_addresses > 0) return "IP subjectAltNames are not allowed";
  if (request.uris > 0) return "URI subjectAltNames are not allowed";
  if (!request.common_name.starts_with("system:node:"))
    return "subject common name does not begin with system:node:";
  std::set<std::string> wanted;
  if (usages.is_array())
    for (const auto& usage : usages)
      if (usage.is_string()) wanted.insert(usage.get<std::string>());
  const std::set<std::string> plain = {"client auth", "digital signature"};
  const std::set<std::string> with_rsa = {"client auth", "digital signature", "key encipherment"};
  if (wanted != plain && wanted != with_rsa)
    return "usages did not match [client auth digital signature key encipherment]";
  return "";
}

}  // namespace ks::standin

#include "tests/support/control_plane/certificate_signer.hpp"

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <memory>

#include "base/strings.hpp"
#include "certs/openssl_ptr.hpp"

namespace ks::standin {

namespace {

certs::BioPtr memory(const std::string& text) {
  return certs::BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// spec.usages as OpenSSL's configuration words: key usages and extended key usages.
void usage_words(const nlohmann::json& usages, std::vector<std::string>& key,
                 std::vector<std::string>& extended) {
  static const std::vector<std::pair<std::string, std::string>> kKey = {
      {"digital signature", "digitalSignature"},
      {"content commitment", "nonRepudiation"},
      {"key encipherment", "keyEncipherment"},
      {"data encipherment", "dataEncipherment"},
      {"key agreement", "keyAgreement"},
      {"cert sign", "keyCertSign"},
      {"crl sign", "cRLSign"},
      {"encipher only", "encipherOnly"},
      {"decipher only", "decipherOnly"}};
  static const std::vector<std::pair<std::string, std::string>> kExtended = {
      {"server auth", "serverAuth"},    {"client auth", "clientAuth"},
      {"code signing", "codeSigning"},  {"email protection", "emailProtection"},
      {"timestamping", "timeStamping"}, {"ocsp signing", "OCSPSigning"}};
  if (!usages.is_array()) return;
  for (const auto& usage : usages) {
    if (!usage.is_string()) continue;
    for (const auto& [name, word] : kKey)
      if (usage == name) key.push_back(word);
    for (const auto& [name, word] : kExtended)
      if (usage == name) extended.push_back(word);
  }
}

Status add_extension(X509* certificate, X509* ca, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, ca, certificate, nullptr, nullptr, 0);
  certs::X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1)
    return failure("adding the extension " + value, "OpenSSL refused it");
  return {};
}

}  // namespace

Result<std::string> sign_certificate_request(
    const RequestedCertificate& request, const nlohmann::json& usages, const std::string& ca_certificate_pem,
    const std::string& ca_key_pem, std::chrono::system_clock::time_point now, std::chrono::seconds duration) {
  auto ca_bio = memory(ca_certificate_pem), key_bio = memory(ca_key_pem);
  certs::X509Ptr ca(PEM_read_bio_X509(ca_bio.get(), nullptr, nullptr, nullptr));
  certs::PKeyPtr ca_key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!ca || !ca_key)
    return failure("loading the cluster signing CA", "the certificate or key does not parse");
  certs::X509Ptr certificate(X509_new());
  certs::BignumPtr serial(BN_new());
  if (!certificate || !serial || BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
    return failure("drawing a serial number", "OpenSSL failed");
  X509_set_version(certificate.get(), 2);
  auto* subject = X509_get_subject_name(certificate.get());
  for (const auto& organization : request.organizations)
    X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(organization.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(request.common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(certificate.get(), X509_get_subject_name(ca.get()));
  X509_set_pubkey(certificate.get(), request.public_key.get());
  auto seconds = [](std::chrono::system_clock::time_point t) {
    return std::chrono::system_clock::to_time_t(t);
  };
  ASN1_TIME_set(X509_getm_notBefore(certificate.get()), seconds(now - std::chrono::minutes(5)));
  ASN1_TIME_set(X509_getm_notAfter(certificate.get()), seconds(now + duration));
  if (ASN1_TIME_compare(X509_get0_notAfter(certificate.get()), X509_get0_notAfter(ca.get())) > 0)
    X509_set1_notAfter(certificate.get(), X509_get0_notAfter(ca.get()));
  std::vector<std::string> key_usages, extended_usages;
  usage_words(usages, key_usages, extended_usages);
  KS_CHECK(add_extension(certificate.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE"));
  if (!key_usages.empty())
    KS_CHECK(add_extension(certificate.get(), ca.get(), NID_key_usage, "critical," + join(key_usages, ",")));
  if (!extended_usages.empty())
    KS_CHECK(add_extension(certificate.get(), ca.get(), NID_ext_key_usage, join(extended_usages, ",")));
  KS_CHECK(add_extension(certificate.get(), ca.get(), NID_authority_key_identifier, "keyid:always"));
  if (X509_sign(certificate.get(), ca_key.get(), EVP_sha256()) <= 0)
    return failure("signing the certificate", "OpenSSL failed");
  certs::BioPtr out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), certificate.get());
  char* data = nullptr;
  auto size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace ks::standin

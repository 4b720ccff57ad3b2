#include "certs/certificate.hpp"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include <algorithm>

#include "base/strings.hpp"

namespace ks::certs {

namespace {

Status add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1)
    return failure("adding certificate extension " + std::string(OBJ_nid2sn(nid)), openssl_errors());
  return {};
}

Status set_name(X509_NAME* name, const CertificateRequest& request) {
  for (const auto& org : request.organizations)
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(org.c_str()), -1, -1, 0) != 1)
      return failure("setting the certificate organization", openssl_errors());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(request.common_name.c_str()), -1, -1,
                                 0) != 1)
    return failure("setting the certificate common name", openssl_errors());
  return {};
}

// X509_set_pubkey goes through OpenSSL 3.0's encoder lookup, about 0.3 ms a call; for an EC key the
// SubjectPublicKeyInfo is simply (id-ecPublicKey, curve, point), which is built here directly. That
// leaves the object's decoded key empty (X509_get0_pubkey returns null), so CAs, whose key verifies
// other certificates in memory, take the ordinary path.
Status set_public_key(X509* cert, EVP_PKEY* key, bool decoded_key_needed) {
  char group[64] = {};
  if (!decoded_key_needed && EVP_PKEY_is_a(key, "EC") &&
      EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) == 1) {
    int curve = OBJ_txt2nid(group);
    if (curve == NID_undef) curve = EC_curve_nist2nid(group);
    unsigned char* point = nullptr;
    size_t length = EVP_PKEY_get1_encoded_public_key(key, &point);
    if (curve != NID_undef && length > 0 &&
        X509_PUBKEY_set0_param(X509_get_X509_PUBKEY(cert), OBJ_nid2obj(NID_X9_62_id_ecPublicKey),
                               V_ASN1_OBJECT, OBJ_nid2obj(curve), point, static_cast<int>(length)) == 1)
      return {};
    OPENSSL_free(point);
  }
  if (X509_set_pubkey(cert, key) != 1) return failure("setting the certificate key", openssl_errors());
  return {};
}

const EVP_MD* digest_for(EVP_PKEY* signing_key) {
  return EVP_PKEY_is_a(signing_key, "EC") && EVP_PKEY_get_bits(signing_key) >= 384 ? EVP_sha384()
                                                                                   : EVP_sha256();
}

std::chrono::system_clock::time_point asn1_to_time(const ASN1_TIME* t) {
  struct tm tm {};
  ASN1_TIME_to_tm(t, &tm);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

Result<X509Ptr> issue_certificate(const CertificateRequest& request, EVP_PKEY* subject_key, X509* issuer,
                                  EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  if (!cert) return failure("allocating a certificate", openssl_errors());
  X509_set_version(cert.get(), X509_VERSION_3);
  BignumPtr serial_bn(BN_new());
  BN_set_word(serial_bn.get(), request.serial);
  Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(serial_bn.get(), nullptr));
  X509_set_serialNumber(cert.get(), serial.get());
  KS_CHECK(set_name(X509_get_subject_name(cert.get()), request));
  X509_set_issuer_name(cert.get(),
                       issuer ? X509_get_subject_name(issuer) : X509_get_subject_name(cert.get()));
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), std::chrono::system_clock::to_time_t(request.not_before));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), std::chrono::system_clock::to_time_t(request.not_after));
  bool ca = request.usage == Usage::CA;
  KS_CHECK(set_public_key(cert.get(), subject_key, ca));

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  KS_CHECK(add_extension(cert.get(), &ctx, NID_key_usage,
                         ca ? "critical,digitalSignature,keyEncipherment,keyCertSign"
                            : "critical,digitalSignature,keyEncipherment"));
  if (!ca) {
    std::string eku = request.usage == Usage::Server   ? "serverAuth"
                      : request.usage == Usage::Client ? "clientAuth"
                                                       : "serverAuth,clientAuth";
    KS_CHECK(add_extension(cert.get(), &ctx, NID_ext_key_usage, eku));
  }
  KS_CHECK(
      add_extension(cert.get(), &ctx, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE"));
  if (ca)
    KS_CHECK(add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash"));
  else
    KS_CHECK(add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always"));
  std::vector<std::string> sans;
  for (const auto& dns : request.dns_names) sans.push_back("DNS:" + dns);
  for (const auto& ip : request.ips) sans.push_back("IP:" + ip.str());
  if (!sans.empty()) KS_CHECK(add_extension(cert.get(), &ctx, NID_subject_alt_name, join(sans, ",")));

  if (X509_sign(cert.get(), issuer_key, digest_for(issuer_key)) == 0)
    return failure("signing the certificate for " + request.common_name, openssl_errors());
  return cert;
}

Result<std::string> certificate_pem(X509* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
    return failure("encoding a certificate", openssl_errors());
  return bio_contents(bio.get());
}

Result<X509Ptr> parse_certificate(std::string_view pem) {
  auto all = KS_TRY(parse_certificates(pem));
  return std::move(all.front());
}

Result<std::vector<X509Ptr>> parse_certificates(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::vector<X509Ptr> out;
  while (X509* raw = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) out.emplace_back(raw);
  openssl_errors();  // the end of input leaves a "no start line" entry
  if (out.empty()) return failure("parsing a certificate", "no PEM CERTIFICATE block found");
  return out;
}

CertificateInfo inspect(X509* certificate) {
  CertificateInfo info;
  X509_NAME* subject = X509_get_subject_name(certificate);
  for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
    X509_NAME_ENTRY* entry = X509_NAME_get_entry(subject, i);
    int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    unsigned char* utf8 = nullptr;
    int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
    if (length < 0) continue;
    std::string value(reinterpret_cast<char*>(utf8), static_cast<size_t>(length));
    OPENSSL_free(utf8);
    if (nid == NID_commonName) info.common_name = value;
    if (nid == NID_organizationName) info.organizations.push_back(value);
  }
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      info.dns_names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.dNSName)),
                                  static_cast<size_t>(ASN1_STRING_length(name->d.dNSName)));
    } else if (name->type == GEN_IPADD) {
      IpAddress ip;
      int length = ASN1_STRING_length(name->d.iPAddress);
      if (length != 4 && length != 16) continue;
      ip.v6 = length == 16;
      std::copy_n(ASN1_STRING_get0_data(name->d.iPAddress), length, ip.bytes.begin());
      info.ips.push_back(ip);
    }
  }
  info.is_ca = X509_check_ca(certificate) != 0;
  info.not_before = asn1_to_time(X509_get0_notBefore(certificate));
  info.not_after = asn1_to_time(X509_get0_notAfter(certificate));
  return info;
}

Status verify_issued_by(X509* certificate, X509* ca, std::chrono::system_clock::time_point now) {
  X509StorePtr store(X509_STORE_new());
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !ctx || X509_STORE_add_cert(store.get(), ca) != 1 ||
      X509_STORE_CTX_init(ctx.get(), store.get(), certificate, nullptr) != 1)
    return failure("preparing certificate verification", openssl_errors());
  X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), std::chrono::system_clock::to_time_t(now));
  if (X509_verify_cert(ctx.get()) != 1) {
    int code = X509_STORE_CTX_get_error(ctx.get());
    openssl_errors();
    return failure("verifying certificate " + inspect(certificate).common_name,
                   X509_verify_cert_error_string(code));
  }
  return {};
}

}  // namespace ks::certs

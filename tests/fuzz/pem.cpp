// PEM files kubestrap reads from disk and from kubeconfigs: certificates and bundles (an existing PKI
// is reused after inspection and verification), private keys (ca.key, sa.key) and public keys (sa.pub).
// What is read is also written and read again, as reuse does.
#include <openssl/x509.h>

#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "certs/pin.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

constexpr ks::config::KeyAlgorithm kAlgorithms[] = {
    ks::config::KeyAlgorithm::RSA2048, ks::config::KeyAlgorithm::RSA3072, ks::config::KeyAlgorithm::RSA4096,
    ks::config::KeyAlgorithm::ECDSAP256, ks::config::KeyAlgorithm::ECDSAP384};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ks::fuzz::require;
  namespace certs = ks::certs;
  auto text = ks::fuzz::as_text(data, size);
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));  // 2026-01-01

  auto bundle = certs::parse_certificates(text);
  if (bundle) {
    for (auto& certificate : *bundle) {
      (void)certs::inspect(certificate.get());
      (void)certs::public_key_pin(certificate.get());
      (void)certs::verify_issued_by(certificate.get(), bundle->front().get(), now);
      if (auto pem = certs::certificate_pem(certificate.get()))
        require(certs::parse_certificate(*pem).has_value(), "a written certificate parses");
    }
    require(certs::parse_certificate(text).has_value(), "the first certificate of a bundle parses");
  }

  if (auto key = certs::parse_private_key(text)) {
    for (auto algorithm : kAlgorithms) (void)certs::key_fits(key->get(), algorithm);
    if (bundle)
      if (EVP_PKEY* certificate_key = X509_get0_pubkey(bundle->front().get()))
        (void)certs::same_public_key(key->get(), certificate_key);
    if (auto pem = certs::private_key_pem(key->get()))
      require(certs::parse_private_key(*pem).has_value(), "a written private key parses");
    if (auto pem = certs::public_key_pem(key->get()))
      require(certs::parse_public_key(*pem).has_value(), "a written public key parses");
  }

  if (auto key = certs::parse_public_key(text))
    if (auto pem = certs::public_key_pem(key->get()))
      require(certs::parse_public_key(*pem).has_value(), "a written public key parses");
  return 0;
}

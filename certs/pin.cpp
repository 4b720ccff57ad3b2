#include "certs/pin.hpp"

#include <openssl/sha.h>

#include <fmt/format.h>

namespace ks::certs {

std::string public_key_pin(X509* certificate) {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(X509_get0_pubkey(certificate), &der);
  struct FreeDer {
    void operator()(unsigned char* p) const { OPENSSL_free(p); }
  };
  std::unique_ptr<unsigned char, FreeDer> owned(der);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(length), digest);
  std::string hex = "sha256:";
  for (unsigned char b : digest) hex += fmt::format("{:02x}", b);
  return hex;
}

}  // namespace ks::certs

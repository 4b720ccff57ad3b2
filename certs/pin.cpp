#include "certs/pin.hpp"

#include <openssl/x509.h>

#include "certs/digest.hpp"

namespace ks::certs {

std::string public_key_pin(X509* certificate) {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(X509_get0_pubkey(certificate), &der);
  struct FreeDer {
    void operator()(unsigned char* p) const { OPENSSL_free(p); }
  };
  std::unique_ptr<unsigned char, FreeDer> owned(der);
  return "sha256:" + sha256_hex({reinterpret_cast<const char*>(der), static_cast<size_t>(length)});
}

}  // namespace ks::certs

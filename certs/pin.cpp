#include "certs/pin.hpp"

#include <openssl/x509.h>

#include <cctype>

#include "base/strings.hpp"
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

Result<std::string> parse_ca_pin(std::string_view text) {
  auto colon = text.find(':');
  auto lower = [](std::string_view part) {
    std::string out(part);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  auto fix = "compute it on a control-plane node with 'kubestrap certs ca-hash'";
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos)
    return invalid("CA certificate hash " + quote(text), "it must look like sha256:<64 hex digits>", fix);
  if (lower(text.substr(0, colon)) != "sha256")
    return invalid("CA certificate hash " + quote(text), "the only supported type is sha256", fix);
  auto hex = lower(text.substr(colon + 1));
  if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdef") != std::string::npos)
    return invalid("CA certificate hash " + quote(text), "sha256: must be followed by 64 hex digits", fix);
  return "sha256:" + hex;
}

}  // namespace ks::certs

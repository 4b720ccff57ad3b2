#pragma once

#include <string>

#include "certs/openssl_ptr.hpp"

namespace ks::certs {

// "sha256:<hex>" of the certificate's DER SubjectPublicKeyInfo: the value of --discovery-token-ca-cert-hash.
std::string public_key_pin(X509* certificate);

}  // namespace ks::certs

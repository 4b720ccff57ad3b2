#pragma once

#include <string>
#include <string_view>

namespace ks::certs {

// The SHA-256 of the bytes, as 64 lowercase hex digits (the form of CA pins and kubeadm's
// component-config hashes).
std::string sha256_hex(std::string_view data);

}  // namespace ks::certs

#include "host/random.hpp"

#include <openssl/rand.h>

namespace ks::host {

Status SystemRandom::fill(std::span<uint8_t> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1)
    return failure("drawing random bytes", "the OpenSSL random generator failed");
  return {};
}

}  // namespace ks::host

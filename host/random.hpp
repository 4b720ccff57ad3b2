#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "base/error.hpp"

namespace ks::host {

// Cryptographically secure random bytes (OpenSSL's DRBG seeded from the kernel).
class Random {
 public:
  virtual ~Random() = default;
  virtual Status fill(std::span<uint8_t> out) = 0;
};

class SystemRandom : public Random {
 public:
  Status fill(std::span<uint8_t> out) override;
};

}  // namespace ks::host

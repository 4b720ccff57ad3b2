#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace ks {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4 bytes
  bool v6 = false;

  static Result<IpAddress> parse(std::string_view text);
  std::string str() const;
  size_t size() const { return v6 ? 16 : 4; }
  bool is_unspecified() const;
  bool is_loopback() const;
  // The address as it goes into a URL: IPv6 in brackets.
  std::string url_host() const { return v6 ? "[" + str() + "]" : str(); }
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

struct Cidr {
  IpAddress network;
  int prefix = 0;

  // Rejects host bits set after the prefix ("10.244.1.0/16"), which usually hides a typo.
  static Result<Cidr> parse(std::string_view text);
  std::string str() const;
  int bits() const { return network.v6 ? 128 : 32; }
  bool contains(const IpAddress& address) const;
  bool overlaps(const Cidr& other) const;
  // The n-th address of the range, counting the network address as 0.
  Result<IpAddress> nth(uint64_t n) const;
  friend bool operator==(const Cidr&, const Cidr&) = default;
};

// A comma-separated list as kubeadm accepts for dual-stack subnets.
Result<std::vector<Cidr>> parse_cidr_list(std::string_view text);

// host:port, [v6]:port, or host without port (port 0 then).
struct HostPort {
  std::string host;
  int port = 0;
  static Result<HostPort> parse(std::string_view text);
};

}  // namespace ks

#include "base/ip.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "base/strings.hpp"

namespace ks {

Result<IpAddress> IpAddress::parse(std::string_view text) {
  IpAddress address;
  std::string s(text);
  if (inet_pton(AF_INET, s.c_str(), address.bytes.data()) == 1) return address;
  if (inet_pton(AF_INET6, s.c_str(), address.bytes.data()) == 1) {
    address.v6 = true;
    // An IPv4-mapped IPv6 address is the IPv4 address, as Go's net.ParseIP treats it.
    static constexpr std::array<uint8_t, 12> mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(mapped.begin(), mapped.end(), address.bytes.begin())) {
      IpAddress v4;
      std::copy_n(address.bytes.begin() + 12, 4, v4.bytes.begin());
      return v4;
    }
    return address;
  }
  return invalid("invalid IP address " + quote(text),
                 "expected an IPv4 address like 192.168.1.10 or an IPv6 address like fd00::10");
}

std::string IpAddress::str() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buffer, sizeof buffer);
  return buffer;
}

bool IpAddress::is_unspecified() const {
  return std::all_of(bytes.begin(), bytes.begin() + size(), [](uint8_t b) { return b == 0; });
}

bool IpAddress::is_loopback() const {
  if (!v6) return bytes[0] == 127;
  return std::all_of(bytes.begin(), bytes.begin() + 15, [](uint8_t b) { return b == 0; }) && bytes[15] == 1;
}

namespace {

bool prefix_equal(const IpAddress& a, const IpAddress& b, int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    int byte = bit / 8, mask = 0x80 >> (bit % 8);
    if ((a.bytes[byte] & mask) != (b.bytes[byte] & mask)) return false;
  }
  return true;
}

}  // namespace

Result<Cidr> Cidr::parse(std::string_view text) {
  auto slash = text.find('/');
  auto expected_form = "expected a CIDR like 10.244.0.0/16 or fd00:10:244::/56";
  if (slash == std::string_view::npos) return invalid("invalid CIDR " + quote(text), expected_form);
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return invalid("invalid CIDR " + quote(text), expected_form);
  auto prefix_text = text.substr(slash + 1);
  Cidr cidr{*address, 0};
  auto prefix = is_all_digits(prefix_text) ? parse_integer<int>(prefix_text) : std::nullopt;
  if (!prefix || *prefix > cidr.bits())
    return invalid("invalid CIDR " + quote(text),
                   "the prefix length must be 0.." + std::to_string(cidr.bits()));
  cidr.prefix = *prefix;
  IpAddress masked = cidr.network;
  for (int bit = cidr.prefix; bit < cidr.bits(); ++bit) masked.bytes[bit / 8] &= ~(0x80 >> (bit % 8));
  if (!(masked == cidr.network))
    return invalid("invalid CIDR " + quote(text),
                   "it has host bits set after the /" + std::to_string(cidr.prefix),
                   "use the network address " + masked.str() + "/" + std::to_string(cidr.prefix));
  return cidr;
}

std::string Cidr::str() const {
  return network.str() + "/" + std::to_string(prefix);
}

bool Cidr::contains(const IpAddress& address) const {
  return address.v6 == network.v6 && prefix_equal(network, address, prefix);
}

bool Cidr::overlaps(const Cidr& other) const {
  return network.v6 == other.network.v6 &&
         prefix_equal(network, other.network, std::min(prefix, other.prefix));
}

Result<IpAddress> Cidr::nth(uint64_t n) const {
  int host_bits = bits() - prefix;
  if (host_bits < 64 && n >= (uint64_t{1} << host_bits))
    return invalid("CIDR " + str() + " is too small", "it has no address number " + std::to_string(n));
  IpAddress address = network;
  uint64_t carry = n;
  for (int i = static_cast<int>(address.size()) - 1; i >= 0 && carry; --i) {
    uint64_t sum = address.bytes[i] + (carry & 0xff);
    address.bytes[i] = static_cast<uint8_t>(sum);
    carry = (carry >> 8) + (sum >> 8);
  }
  return address;
}

Result<std::vector<Cidr>> parse_cidr_list(std::string_view text) {
  std::vector<Cidr> cidrs;
  for (const auto& part : split(text, ',')) cidrs.push_back(KS_TRY(Cidr::parse(trim(part))));
  return cidrs;
}

Result<HostPort> HostPort::parse(std::string_view text) {
  HostPort result;
  auto bad = [&](std::string why) {
    return invalid("invalid address " + quote(text), std::move(why),
                   "use host, host:port, IP:port or [IPv6]:port, e.g. 192.168.1.10:6443");
  };
  std::string_view port_text;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return bad("missing ']'");
    result.host = std::string(text.substr(1, close - 1));
    auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return bad("unexpected text after ']'");
      port_text = rest.substr(1);
      if (port_text.empty()) return bad("empty port");
    }
  } else if (std::count(text.begin(), text.end(), ':') > 1) {
    result.host = std::string(text);  // a bare IPv6 address
  } else if (auto colon = text.find(':'); colon != std::string_view::npos) {
    result.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    if (port_text.empty()) return bad("empty port");
  } else {
    result.host = std::string(text);
  }
  if (result.host.empty()) return bad("empty host");
  if (!port_text.empty()) {
    auto port = is_all_digits(port_text) ? parse_integer<int>(port_text) : std::nullopt;
    if (!port || *port < 1 || *port > 65535) return bad("the port must be a number from 1 to 65535");
    result.port = *port;
  }
  return result;
}

}  // namespace ks

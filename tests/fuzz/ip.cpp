// Addresses as flags and config files give them: IPs, CIDRs and CIDR lists (pod and service subnets),
// host[:port] (controlPlaneEndpoint) and DNS names (certSANs). The first line and the rest are also
// used as a pair (a range and an address or a second range). Text written from a parsed value parses
// back to the same value.
#include "base/ip.hpp"
#include "base/dns_name.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

void exercise(std::string_view text) {
  using ks::fuzz::require;
  if (auto ip = ks::IpAddress::parse(text)) {
    (void)ip->is_loopback();
    (void)ip->url_host();
    auto again = ks::IpAddress::parse(ip->str());
    require(again && *again == *ip, "IpAddress::parse(ip.str()) == ip");
  }
  if (auto cidr = ks::Cidr::parse(text)) {
    auto again = ks::Cidr::parse(cidr->str());
    require(again && *again == *cidr, "Cidr::parse(cidr.str()) == cidr");
    for (uint64_t n : {uint64_t{0}, uint64_t{1}, uint64_t{10}, uint64_t{1} << 32, ~uint64_t{0}})
      if (auto address = cidr->nth(n)) require(cidr->contains(*address), "a CIDR contains its nth address");
  }
  if (auto list = ks::parse_cidr_list(text))
    for (size_t i = 0; i + 1 < list->size(); ++i) (void)(*list)[i].overlaps((*list)[i + 1]);
  if (auto host_port = ks::HostPort::parse(text))
    require(host_port->port >= 0 && host_port->port <= 65535, "a parsed port is 0..65535");
  (void)ks::dns1123_subdomain_problem(text);
  (void)ks::is_wildcard_dns1123_subdomain(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto rest = ks::fuzz::as_text(data, size);
  exercise(rest);
  if (rest.find('\n') == std::string_view::npos) return 0;
  auto first = ks::fuzz::take_line(rest);
  exercise(first);
  exercise(rest);
  auto range = ks::Cidr::parse(first);
  if (!range) return 0;
  if (auto other = ks::Cidr::parse(rest))
    ks::fuzz::require(range->overlaps(*other) == other->overlaps(*range), "overlaps is symmetric");
  if (auto address = ks::IpAddress::parse(rest)) (void)range->contains(*address);
  return 0;
}

#include "host/network.hpp"

#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <sstream>

#include "base/strings.hpp"

namespace ks::host {

std::vector<DefaultRoute> parse_ipv4_default_routes(const std::string& table) {
  std::vector<DefaultRoute> routes;
  std::istringstream lines(table);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string iface, destination, gateway, flags, refcnt, use, metric, mask;
    if (!(fields >> iface >> destination >> gateway >> flags >> refcnt >> use >> metric >> mask)) continue;
    auto flag_bits = parse_integer<unsigned>(flags, 16);
    auto route_metric = parse_integer<int>(metric);
    if (!flag_bits || !route_metric) continue;
    bool up = *flag_bits & 0x1;
    if (up && destination == "00000000" && mask == "00000000")
      routes.push_back({iface, *route_metric, false});
  }
  std::ranges::stable_sort(routes, {}, &DefaultRoute::metric);
  return routes;
}

std::vector<DefaultRoute> parse_ipv6_default_routes(const std::string& table) {
  // Fields: dest dest_prefix src src_prefix next_hop metric refcnt use flags iface
  std::vector<DefaultRoute> routes;
  std::istringstream lines(table);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string dest, dest_prefix, src, src_prefix, next_hop, metric, refcnt, use, flags, iface;
    if (!(fields >> dest >> dest_prefix >> src >> src_prefix >> next_hop >> metric >> refcnt >> use >>
          flags >> iface))
      continue;
    auto flag_bits = parse_integer<unsigned>(flags, 16);
    auto route_metric = parse_integer<uint32_t>(metric, 16);
    if (!flag_bits || !route_metric) continue;
    bool up = *flag_bits & 0x1, gateway = *flag_bits & 0x2;
    if (up && gateway && dest == std::string(32, '0') && dest_prefix == "00" && iface != "lo")
      routes.push_back({iface, static_cast<int>(*route_metric & 0x7fffffff), true});
  }
  std::ranges::stable_sort(routes, {}, &DefaultRoute::metric);
  return routes;
}

Result<std::vector<DefaultRoute>> SystemNetwork::default_routes() const {
  std::vector<DefaultRoute> routes;
  if (auto v4 = system_.read("/proc/net/route")) routes = parse_ipv4_default_routes(*v4);
  if (auto v6 = system_.read("/proc/net/ipv6_route")) {
    auto more = parse_ipv6_default_routes(*v6);
    routes.insert(routes.end(), more.begin(), more.end());
  }
  return routes;
}

Result<std::vector<InterfaceAddress>> SystemNetwork::addresses() const {
  ifaddrs* raw = nullptr;
  if (::getifaddrs(&raw) != 0) return failure("listing network interfaces", std::strerror(errno));
  struct FreeIfaddrs {
    void operator()(ifaddrs* p) const { ::freeifaddrs(p); }
  };
  std::unique_ptr<ifaddrs, FreeIfaddrs> list(raw);
  std::vector<InterfaceAddress> result;
  for (auto* entry = list.get(); entry; entry = entry->ifa_next) {
    if (!entry->ifa_addr) continue;
    IpAddress address;
    if (entry->ifa_addr->sa_family == AF_INET) {
      auto* in = reinterpret_cast<sockaddr_in*>(entry->ifa_addr);
      std::memcpy(address.bytes.data(), &in->sin_addr, 4);
    } else if (entry->ifa_addr->sa_family == AF_INET6) {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(entry->ifa_addr);
      std::memcpy(address.bytes.data(), &in6->sin6_addr, 16);
      address.v6 = true;
    } else {
      continue;
    }
    result.push_back({entry->ifa_name, address});
  }
  return result;
}

}  // namespace ks::host

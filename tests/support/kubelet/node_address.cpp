#include "tests/support/kubelet/node_address.hpp"

#include <algorithm>
#include <optional>
#include <sstream>

#include "base/strings.hpp"

namespace ks::standin {

namespace {

bool link_local(const IpAddress& ip) {
  return ip.v6 ? ip.bytes[0] == 0xfe && (ip.bytes[1] & 0xc0) == 0x80
               : ip.bytes[0] == 169 && ip.bytes[1] == 254;
}

bool multicast(const IpAddress& ip) {
  return ip.v6 ? ip.bytes[0] == 0xff : (ip.bytes[0] & 0xf0) == 224;
}

bool global_unicast(const IpAddress& ip) {
  return !ip.is_unspecified() && !ip.is_loopback() && !link_local(ip) && !multicast(ip);
}

// validateNodeIP: a usable address that one of the machine's interfaces holds.
bool valid_node_ip(const IpAddress& ip, const std::vector<host::InterfaceAddress>& local) {
  if (!global_unicast(ip)) return false;
  return std::ranges::any_of(local, [&](const host::InterfaceAddress& each) { return each.address == ip; });
}

// net.LookupIP of the node name as the hosts file answers it: each address whose names include it.
std::vector<IpAddress> resolve(const std::string& name, const std::string& hosts_file) {
  std::vector<IpAddress> found;
  std::istringstream lines(hosts_file);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line.substr(0, line.find('#')));
    std::string address, alias;
    if (!(fields >> address)) continue;
    auto ip = IpAddress::parse(address);
    if (!ip) continue;
    while (fields >> alias)
      if (to_lower(alias) == name && std::ranges::find(found, *ip) == found.end()) found.push_back(*ip);
  }
  return found;
}

Result<IpAddress> default_route_address(const host::Network& network,
                                        const std::vector<host::InterfaceAddress>& local) {
  auto routes = KS_TRY(network.default_routes());
  for (bool v6 : {false, true})
    for (const auto& route : routes) {
      if (route.v6 != v6) continue;
      for (const auto& each : local)
        if (each.interface == route.interface && each.address.v6 == v6 && global_unicast(each.address))
          return each.address;
    }
  return failure("choosing the node's IP", "no default route with a global unicast address");
}

}  // namespace

Result<std::vector<NodeAddress>> node_addresses(const std::vector<std::string>& node_ips,
                                                const std::string& hostname, const std::string& hosts_file,
                                                const host::Network& network) {
  std::vector<NodeAddress> addresses;
  for (const auto& ip : node_ips) addresses.push_back({"InternalIP", ip});
  if (addresses.empty()) {
    auto local = KS_TRY(network.addresses());
    std::optional<IpAddress> chosen;
    if (auto literal = IpAddress::parse(hostname)) {
      chosen = *literal;
    } else {
      // The preferred family (IPv4 here) first, else the first valid address of the other.
      for (const auto& ip : resolve(hostname, hosts_file))
        if (valid_node_ip(ip, local) && (!chosen || (chosen->v6 && !ip.v6))) chosen = ip;
    }
    if (!chosen) chosen = KS_TRY(default_route_address(network, local));
    addresses.push_back({"InternalIP", chosen->str()});
  }
  addresses.push_back({"Hostname", hostname});
  return addresses;
}

}  // namespace ks::standin

#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/ip.hpp"
#include "host/system_files.hpp"

namespace ks::host {

struct InterfaceAddress {
  std::string interface;
  IpAddress address;
};

struct DefaultRoute {
  std::string interface;
  int metric = 0;
  bool v6 = false;
};

// What the node's network looks like: its default routes and its interfaces' addresses.
class Network {
 public:
  virtual ~Network() = default;
  virtual Result<std::vector<DefaultRoute>> default_routes() const = 0;
  virtual Result<std::vector<InterfaceAddress>> addresses() const = 0;
};

// Routes from /proc/net/route and /proc/net/ipv6_route (through SystemFiles), addresses from the kernel.
class SystemNetwork : public Network {
 public:
  explicit SystemNetwork(const SystemFiles& system) : system_(system) {}
  Result<std::vector<DefaultRoute>> default_routes() const override;
  Result<std::vector<InterfaceAddress>> addresses() const override;

 private:
  const SystemFiles& system_;
};

// Parsers for the two route tables, exposed for tests with captured files.
std::vector<DefaultRoute> parse_ipv4_default_routes(const std::string& proc_net_route);
std::vector<DefaultRoute> parse_ipv6_default_routes(const std::string& proc_net_ipv6_route);

}  // namespace ks::host

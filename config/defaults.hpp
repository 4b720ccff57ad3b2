#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"
#include "host/host.hpp"

namespace ks::config {

// Fills every field the user left empty with kubeadm's defaults. Pure: no host access.
void apply_static_defaults(InitConfiguration& config, std::vector<std::string>& warnings);

// Fills what depends on the machine: node name (hostname), advertise address (default-route interface)
// and CRI socket (the runtime socket present on the node).
Status apply_host_defaults(InitConfiguration& config, const host::Host& host,
                           std::vector<std::string>& warnings);

// The address kubeadm would pick: the first global address of the default-route interface with the
// lowest metric, IPv4 before IPv6.
Result<IpAddress> choose_advertise_address(const host::Network& network);

}  // namespace ks::config

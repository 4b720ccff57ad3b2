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

// `kubestrap join`: kubeadm's defaults for what the user left empty (caCertPath, the TLS bootstrap token
// from the discovery token, timeouts, port 6443 of a control-plane join). Taints stay unset: the join
// code chooses them for a worker or a control-plane node. Pure: no host access.
void apply_static_defaults(JoinConfiguration& config);
// Node name, CRI socket and, for a control-plane join, the advertise address, as for init.
Status apply_host_defaults(JoinConfiguration& config, const host::Host& host,
                           std::vector<std::string>& warnings);

// The parts init and join default alike.
// imagePullPolicy IfNotPresent; a bare socket path becomes a unix:// URL.
void apply_node_registration_defaults(NodeRegistration& node);
void apply_timeout_defaults(Timeouts& timeouts);
// Unless given: this machine's hostname, lower-cased.
Status default_node_name(NodeRegistration& node, const host::Host& host);
// Unless given: the one runtime socket present on the node; containerd's, with a warning, when none is.
Status default_cri_socket(NodeRegistration& node, const host::Host& host, std::vector<std::string>& warnings);
// Unless given (or given as 0.0.0.0 / ::): choose_advertise_address.
Status default_advertise_address(APIEndpoint& endpoint, const host::Network& network);

}  // namespace ks::config

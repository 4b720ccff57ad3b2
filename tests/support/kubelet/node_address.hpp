#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "host/network.hpp"

namespace ks::standin {

struct NodeAddress {
  std::string type;  // InternalIP, Hostname
  std::string address;
};

// The addresses a kubelet without a cloud provider reports (pkg/kubelet/nodestatus/setters.go,
// NodeAddress): with --node-ip, each given address as InternalIP; otherwise one InternalIP chosen as the
// kubelet chooses it — the hostname itself when it is an IP, else the first address the node name resolves
// to that is a usable address of one of this machine's interfaces (validateNodeIP), else the address of
// the interface of a default route (utilnet.ChooseHostInterface, IPv4 first) —; then the Hostname. The name
// is resolved through `hosts_file` (the text of /etc/hosts) only: the tests' nodes have no DNS server.
Result<std::vector<NodeAddress>> node_addresses(const std::vector<std::string>& node_ips,
                                                const std::string& hostname, const std::string& hosts_file,
                                                const host::Network& network);

}  // namespace ks::standin

#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"
#include "kube/api.hpp"

namespace ks::joining {

// What a joining node takes from the cluster rather than from its own flags.
struct ClusterSettings {
  // The cluster's ClusterConfiguration (kubeadm-config), defaulted, with this node's registration: what
  // kubeadm-flags.env is rendered from (pause image, CRI socket, taints, hostname override).
  config::InitConfiguration node;
  // The KubeletConfiguration every node runs with (kubelet-config), checked as the kubelet would.
  nlohmann::json kubelet_configuration;
};

// Reads kube-system/kubeadm-config and kube-system/kubelet-config through `api` (the bootstrap token may read
// both). Both come from the network: each is size-bounded by the client, parsed without exceptions, and
// checked before any of it reaches a file. `join` supplies the node's own registration.
Result<ClusterSettings> read_cluster_settings(kube::Api& api, const config::JoinConfiguration& join,
                                              std::vector<std::string>& warnings);

}  // namespace ks::joining

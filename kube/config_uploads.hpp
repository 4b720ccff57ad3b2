#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace ks::kube {

// kube-system/kubeadm-config holding the ClusterConfiguration, readable by bootstrap tokens and nodes
// (joining nodes read it).
std::vector<nlohmann::json> kubeadm_config_objects(const std::string& cluster_configuration_yaml);

// kube-system/kubelet-config holding the KubeletConfiguration, signed with kubeadm's component-config hash
// annotation, readable by nodes and bootstrap tokens.
std::vector<nlohmann::json> kubelet_config_objects(const std::string& kubelet_configuration_yaml);

}  // namespace ks::kube

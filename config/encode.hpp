#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "config/types.hpp"

namespace ks::config {

// The ClusterConfiguration as kubeadm stores it in the kubeadm-config ConfigMap: kubeadm.k8s.io/v1beta4,
// defaults filled in, no tokens or node-local settings. `decode` reads it back.
nlohmann::json encode_cluster_configuration(const ClusterConfiguration& cluster);

// A whole configuration as kubeadm writes it for `config print` and `config migrate`
// (MarshalInitConfigurationToBytes): the v1beta4 InitConfiguration document, then the ClusterConfiguration
// one. Fields kubeadm leaves out when empty are left out; an unset taint list is `taints: null` (the
// control-plane taint), as kubeadm prints it. The component configurations are not included.
// decode_init_config reads both back to the same values.
std::vector<nlohmann::json> encode_init_configuration(const InitConfiguration& config);
// The v1beta4 JoinConfiguration document, in the same way. decode_join_config reads it back.
nlohmann::json encode_join_configuration(const JoinConfiguration& config);

// Documents as one YAML text, in kubeadm's layout: each document's keys sorted, "---" between documents.
std::string yaml_documents(const std::vector<nlohmann::json>& documents);

}  // namespace ks::config

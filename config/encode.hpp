#pragma once

#include <nlohmann/json_fwd.hpp>

#include "config/types.hpp"

namespace ks::config {

// The ClusterConfiguration as kubeadm stores it in the kubeadm-config ConfigMap: kubeadm.k8s.io/v1beta4,
// defaults filled in, no tokens or node-local settings. `decode` reads it back.
nlohmann::json encode_cluster_configuration(const ClusterConfiguration& cluster);

}  // namespace ks::config

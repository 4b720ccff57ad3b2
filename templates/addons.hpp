#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "config/types.hpp"
#include "templates/node_facts.hpp"

namespace ks::templates {

// The objects of the essential addons, as kubeadm installs them: ServiceAccount, RBAC, ConfigMap,
// Deployment and Service for CoreDNS; ServiceAccount, RBAC, ConfigMaps and DaemonSet for kube-proxy. They
// come from the embedded templates coredns.yaml (with Corefile) and kube-proxy.yaml (with
// kube-proxy-config.yaml and kube-proxy-kubeconfig.yaml).
std::vector<nlohmann::json> coredns_objects(const config::InitConfiguration& config);
std::vector<nlohmann::json> kube_proxy_objects(const config::InitConfiguration& config,
                                               const NodeFacts& facts);

}  // namespace ks::templates

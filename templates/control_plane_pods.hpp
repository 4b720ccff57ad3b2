#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "config/types.hpp"
#include "templates/node_facts.hpp"

namespace ks::templates {

// The static Pods of the control plane, as kubeadm renders them for this configuration.
nlohmann::json kube_apiserver_pod(const config::InitConfiguration& config, const NodeFacts& facts);
nlohmann::json kube_controller_manager_pod(const config::InitConfiguration& config, const NodeFacts& facts);
nlohmann::json kube_scheduler_pod(const config::InitConfiguration& config, const NodeFacts& facts);
nlohmann::json etcd_pod(const config::InitConfiguration& config, const NodeFacts& facts);

// The optional CA bundle directories kubeadm mounts into the API server and controller manager when the
// node has them.
const std::vector<std::string>& optional_ca_directories();

}  // namespace ks::templates

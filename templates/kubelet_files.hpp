#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/types.hpp"
#include "templates/node_facts.hpp"

namespace ks::templates {

// /var/lib/kubelet/config.yaml: the user's KubeletConfiguration (if any) with kubeadm's settings applied
// where the user left them unset. Differing user values are kept and reported in `warnings`.
nlohmann::json kubelet_configuration(const config::InitConfiguration& config, const NodeFacts& facts,
                                     std::vector<std::string>& warnings);

// /var/lib/kubelet/kubeadm-flags.env: KUBELET_KUBEADM_ARGS="--flag=value ..."\n. The CRI socket is a flag
// here unless the node keeps it in its instance configuration (NodeLocalCRISocket).
std::string kubelet_flags_env(const config::InitConfiguration& config, const NodeFacts& facts, bool worker);

// With the NodeLocalCRISocket gate (on by default from 1.34) kubeadm keeps the node's CRI socket in the
// node's own /var/lib/kubelet/instance-config.yaml (phases/kubelet/config.go) rather than in a kubelet
// flag and an annotation on the Node object, and applies that file as a patch over config.yaml.
bool cri_socket_is_node_local(const config::InitConfiguration& config);
// That file's content; nullopt when the gate is off.
std::optional<std::string> kubelet_instance_config(const config::InitConfiguration& config);
// config.yaml as the node writes it: the cluster's KubeletConfiguration with the instance configuration
// applied (containerRuntimeEndpoint), when there is one.
nlohmann::json with_instance_config(nlohmann::json kubelet_configuration,
                                    const config::InitConfiguration& config);

}  // namespace ks::templates

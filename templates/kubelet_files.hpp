#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "config/types.hpp"
#include "templates/node_facts.hpp"

namespace ks::templates {

// /var/lib/kubelet/config.yaml: the user's KubeletConfiguration (if any) with kubeadm's settings applied
// where the user left them unset. Differing user values are kept and reported in `warnings`.
nlohmann::json kubelet_configuration(const config::InitConfiguration& config, const NodeFacts& facts,
                                     std::vector<std::string>& warnings);

// /var/lib/kubelet/kubeadm-flags.env: KUBELET_KUBEADM_ARGS="--flag=value ..."\n
std::string kubelet_flags_env(const config::InitConfiguration& config, const NodeFacts& facts, bool worker);

}  // namespace ks::templates

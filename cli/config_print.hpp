// What `kubestrap config print init-defaults` prints, as data (config_print_command.cpp), so that tests can
// read it back and print it again.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"

namespace ks::cli {

// The InitConfiguration and ClusterConfiguration documents of `config`, then each component configuration
// named in `component_kinds` (KubeletConfiguration, KubeProxyConfiguration), in that order, as init writes
// it for `config`. An unknown kind is InvalidInput naming --component-configs.
Result<std::vector<nlohmann::json>> init_documents(const config::InitConfiguration& config,
                                                   const std::vector<std::string>& component_kinds);

}  // namespace ks::cli

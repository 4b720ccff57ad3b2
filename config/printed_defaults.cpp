#include "config/printed_defaults.hpp"

#include "config/constants.hpp"
#include "config/defaults.hpp"

namespace ks::config {

namespace {

constexpr std::string_view kPlaceholderNodeName = "node";

}  // namespace

InitConfiguration printed_init_defaults() {
  InitConfiguration config;
  config.local_api_endpoint.advertise_address = "1.2.3.4";
  config.node_registration.name = kPlaceholderNodeName;
  config.node_registration.cri_socket = constants::kContainerdSocket;
  config.bootstrap_tokens.push_back({.token = std::string(kPlaceholderToken)});
  std::vector<std::string> warnings;  // the static defaults warn only about a version label, not used here
  apply_static_defaults(config, warnings);
  return config;
}

JoinConfiguration printed_join_defaults() {
  JoinConfiguration config;
  // kubeadm takes the machine's hostname here; the placeholder keeps the output the same on every machine.
  config.node_registration.name = kPlaceholderNodeName;
  config.node_registration.cri_socket = constants::kContainerdSocket;
  config.discovery.bootstrap_token = BootstrapTokenDiscovery{
      .token = std::string(kPlaceholderToken),
      .api_server_endpoint = "kube-apiserver:6443",
      .unsafe_skip_ca_verification = true,
  };
  apply_static_defaults(config);
  return config;
}

}  // namespace ks::config

// The defaults of a JoinConfiguration (declared in defaults.hpp beside init's).
#include "config/constants.hpp"
#include "config/defaults.hpp"

namespace ks::config {

void apply_static_defaults(JoinConfiguration& config) {
  using namespace constants;
  if (config.ca_cert_path.empty())
    config.ca_cert_path =
        std::string(kDefaultCertificatesDir) + "/" + std::string(kCACertAndKeyBaseName) + ".crt";
  auto& discovery = config.discovery;
  if (discovery.tls_bootstrap_token.empty() && discovery.bootstrap_token)
    discovery.tls_bootstrap_token = discovery.bootstrap_token->token;
  // kubeadm reads a file:///path URL as the path it names (one naming a host is refused by validation).
  constexpr std::string_view kFileScheme = "file://";
  if (discovery.file && discovery.file->kube_config_path.starts_with(std::string(kFileScheme) + "/"))
    discovery.file->kube_config_path.erase(0, kFileScheme.size());
  if (config.control_plane && config.control_plane->local_api_endpoint.bind_port == 0)
    config.control_plane->local_api_endpoint.bind_port = kAPIServerPort;
  apply_node_registration_defaults(config.node_registration);
  apply_timeout_defaults(config.timeouts);
}

Status apply_host_defaults(JoinConfiguration& config, const host::Host& host,
                           std::vector<std::string>& warnings) {
  KS_CHECK(default_node_name(config.node_registration, host));
  if (config.control_plane)
    KS_CHECK(default_advertise_address(config.control_plane->local_api_endpoint, host.network));
  return default_cri_socket(config.node_registration, host, warnings);
}

}  // namespace ks::config

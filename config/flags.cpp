#include "config/flags.hpp"

#include <algorithm>

#include "base/duration.hpp"
#include "base/strings.hpp"

namespace ks::config {

Status check_config_flag_mix(bool has_config, const std::vector<std::string>& given) {
  if (!has_config) return {};
  static const std::vector<std::string> allowed = {"config",
                                                   "ignore-preflight-errors",
                                                   "dry-run",
                                                   "node-name",
                                                   "upload-certs",
                                                   "kubeconfig",
                                                   "root-dir",
                                                   "output",
                                                   "v",
                                                   "verbose",
                                                   "fix"};
  std::vector<std::string> mixed;
  for (const auto& name : given)
    if (std::ranges::find(allowed, name) == allowed.end() && !name.starts_with("skip-"))
      mixed.push_back("--" + name);
  if (mixed.empty()) return {};
  return invalid("cannot mix --config with " + join(mixed, ", "),
                 "with a config file the cluster settings come from the file alone",
                 "move these settings into the config file, or drop --config");
}

Status check_config_flag_mix(const InitFlags& flags) {
  return check_config_flag_mix(flags.config_path.has_value(), flags.given);
}

Status apply_flags(const InitFlags& flags, InitConfiguration& config) {
  auto& cluster = config.cluster;
  if (flags.pod_network_cidr) cluster.networking.pod_subnet = *flags.pod_network_cidr;
  if (flags.service_cidr) cluster.networking.service_subnet = *flags.service_cidr;
  if (flags.service_dns_domain) cluster.networking.dns_domain = *flags.service_dns_domain;
  if (flags.apiserver_advertise_address)
    config.local_api_endpoint.advertise_address = *flags.apiserver_advertise_address;
  if (flags.apiserver_bind_port) {
    // 0 would read as "not set" and silently become 6443.
    if (*flags.apiserver_bind_port < 1 || *flags.apiserver_bind_port > 65535)
      return invalid("--apiserver-bind-port " + std::to_string(*flags.apiserver_bind_port),
                     "expected a port number 1-65535");
    config.local_api_endpoint.bind_port = *flags.apiserver_bind_port;
  }
  for (const auto& san : flags.apiserver_cert_extra_sans) cluster.api_server.cert_sans.push_back(san);
  if (flags.control_plane_endpoint) cluster.control_plane_endpoint = *flags.control_plane_endpoint;
  if (flags.cert_dir) cluster.certificates_dir = *flags.cert_dir;
  if (flags.kubernetes_version) cluster.kubernetes_version = *flags.kubernetes_version;
  if (flags.image_repository) cluster.image_repository = *flags.image_repository;
  if (flags.node_name) config.node_registration.name = *flags.node_name;
  if (flags.cri_socket) config.node_registration.cri_socket = *flags.cri_socket;
  if (flags.feature_gates) {
    for (const auto& item : split(*flags.feature_gates, ',')) {
      auto pair = split(item, '=');
      if (pair.size() != 2 || (pair[1] != "true" && pair[1] != "false"))
        return invalid("--feature-gates " + quote(item), "expected Name=true or Name=false");
      // As kubeadm's map: a name given again (here or in the --config file) takes the new value.
      std::string name(trim(pair[0]));
      std::erase_if(cluster.feature_gates, [&](const auto& gate) { return gate.first == name; });
      cluster.feature_gates.emplace_back(name, pair[1] == "true");
    }
  }
  if (flags.token || flags.token_ttl) {
    if (config.bootstrap_tokens.empty()) config.bootstrap_tokens.emplace_back();
    if (flags.token) config.bootstrap_tokens.front().token = *flags.token;
    if (flags.token_ttl) {
      auto ttl = parse_go_duration(*flags.token_ttl);
      if (!ttl)
        return invalid("--token-ttl " + quote(*flags.token_ttl),
                       ttl.error().why + " (e.g. 24h, 90m, or 0 for never)");
      config.bootstrap_tokens.front().ttl = *ttl;
    }
  }
  for (const auto& phase : flags.skip_phases) config.skip_phases.push_back(phase);
  for (const auto& check : flags.ignore_preflight_errors)
    config.node_registration.ignore_preflight_errors.push_back(check);
  if (flags.dry_run) config.dry_run = true;
  return {};
}

}  // namespace ks::config

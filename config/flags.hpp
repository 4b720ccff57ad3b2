#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"

namespace ks::config {

// The configuration-shaped flags of `kubestrap init`, as given on the command line.
struct InitFlags {
  std::optional<std::string> pod_network_cidr;
  std::optional<std::string> service_cidr;
  std::optional<std::string> service_dns_domain;
  std::optional<std::string> apiserver_advertise_address;
  std::optional<int> apiserver_bind_port;
  std::vector<std::string> apiserver_cert_extra_sans;
  std::optional<std::string> control_plane_endpoint;
  std::optional<std::string> cert_dir;
  std::optional<std::string> kubernetes_version;
  std::optional<std::string> image_repository;
  std::optional<std::string> node_name;
  std::optional<std::string> cri_socket;
  std::optional<std::string> config_path;
  std::optional<std::string> feature_gates;  // "Gate=true,Other=false"
  std::vector<std::string> skip_phases;
  std::vector<std::string> ignore_preflight_errors;
  std::optional<std::string> token;      // --token: the first bootstrap token
  std::optional<std::string> token_ttl;  // --token-ttl: a Go duration, 0 = never expires
  bool dry_run = false;
  // Long names of every flag the user gave, to refuse mixing --config with configuration flags.
  std::vector<std::string> given;
};

// kubeadm's rule, one list for every command: with --config only flags that do not describe the cluster or
// the node may be added. `given` holds the long names of the flags the user gave.
Status check_config_flag_mix(bool has_config, const std::vector<std::string>& given);
Status check_config_flag_mix(const InitFlags& flags);
// Writes the flags into a configuration (flags win over the built-in defaults, never over a file).
Status apply_flags(const InitFlags& flags, InitConfiguration& config);

}  // namespace ks::config

// `kubestrap join`'s configuration: its flags or a JoinConfiguration file (kubeadm.k8s.io/v1beta4, v1beta3
// read), defaulted and validated before anything is written or sent.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"
#include "host/host.hpp"

namespace ks::config {

// The configuration-shaped flags of `kubestrap join`, as given on the command line.
struct JoinFlags {
  std::vector<std::string> endpoints;  // the positional <api-server-endpoint>; the first one counts
  std::optional<std::string> token;    // --token: discovery and TLS bootstrap token unless those are given
  std::optional<std::string> discovery_token;
  std::optional<std::string> tls_bootstrap_token;
  std::vector<std::string> ca_cert_hashes;  // --discovery-token-ca-cert-hash, repeatable
  bool unsafe_skip_ca_verification = false;
  std::optional<std::string> discovery_file;
  std::optional<std::string> node_name;
  std::optional<std::string> cri_socket;
  std::optional<std::string> config_path;
  bool control_plane = false;
  std::optional<std::string> apiserver_advertise_address;
  std::optional<int> apiserver_bind_port;
  std::optional<std::string> certificate_key;
  std::vector<std::string> skip_phases;
  std::vector<std::string> ignore_preflight_errors;
  bool dry_run = false;
  // `join phase preflight` alone: the checks need no cluster, so discovery may be left out.
  bool checks_only = false;
  // Long names of every flag the user gave, to refuse mixing --config with configuration flags.
  std::vector<std::string> given;
};

struct LoadedJoin {
  JoinConfiguration config;
  std::vector<std::string> warnings;
};

// Reads a kubeadm config file for `join`: one JoinConfiguration (v1beta4, or v1beta3 converted); other
// kubeadm kinds are ignored with a warning, as kubeadm does. Not yet defaulted.
Result<LoadedJoin> decode_join_config(std::string_view text);

// flags (+ --config file, read from this machine's filesystem, not the node root) -> defaulted, validated
// configuration. Nothing is written; every error is InvalidInput and names the flag or field.
Result<LoadedJoin> load_join_config(const JoinFlags& flags, const host::Host& host);

}  // namespace ks::config

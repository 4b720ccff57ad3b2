// config: kubeadm-compatible configuration (kubeadm.k8s.io/v1beta4, v1beta3 read). Flags and config
// files become one InitConfiguration, defaulted and validated here, so that every bad input is rejected
// before any phase runs.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_box.hpp"

namespace ks::config {

// v1beta4 extraArgs: an ordered list in which a name may repeat.
struct Arg {
  std::string name;
  std::string value;
  friend bool operator==(const Arg&, const Arg&) = default;
};

struct EnvVar {
  std::string name;
  std::string value;
};

struct HostPathMount {
  std::string name;
  std::string host_path;
  std::string mount_path;
  bool read_only = false;
  std::string path_type;
};

struct ControlPlaneComponent {
  std::vector<Arg> extra_args;
  std::vector<HostPathMount> extra_volumes;
  std::vector<EnvVar> extra_envs;
};

struct APIServer : ControlPlaneComponent {
  std::vector<std::string> cert_sans;
};

struct LocalEtcd {
  std::string image_repository;
  std::string image_tag;
  std::string data_dir;
  std::vector<Arg> extra_args;
  std::vector<EnvVar> extra_envs;
  std::vector<std::string> server_cert_sans;
  std::vector<std::string> peer_cert_sans;
};

struct ExternalEtcd {
  std::vector<std::string> endpoints;
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
};

struct Etcd {
  std::optional<LocalEtcd> local;  // exactly one of local/external after defaulting
  std::optional<ExternalEtcd> external;
};

struct Networking {
  std::string service_subnet;
  std::string pod_subnet;
  std::string dns_domain;
};

struct DNS {
  std::string image_repository;
  std::string image_tag;
  bool disabled = false;
};

enum class KeyAlgorithm { RSA2048, RSA3072, RSA4096, ECDSAP256, ECDSAP384 };
// The encryptionAlgorithm spelling: "RSA-2048", "ECDSA-P256", ...
std::string_view algorithm_name(KeyAlgorithm algorithm);

struct ClusterConfiguration {
  Etcd etcd;
  Networking networking;
  std::string kubernetes_version;
  std::string control_plane_endpoint;
  APIServer api_server;
  ControlPlaneComponent controller_manager;
  ControlPlaneComponent scheduler;
  DNS dns;
  bool proxy_disabled = false;
  std::string certificates_dir;
  std::string image_repository;
  std::vector<std::pair<std::string, bool>> feature_gates;
  std::string cluster_name;
  KeyAlgorithm encryption_algorithm = KeyAlgorithm::RSA2048;
  std::chrono::nanoseconds certificate_validity_period{};
  std::chrono::nanoseconds ca_certificate_validity_period{};
};

struct Taint {
  std::string key;
  std::string value;
  std::string effect;
};

struct NodeRegistration {
  std::string name;
  std::string cri_socket;
  std::optional<std::vector<Taint>> taints;  // unset = the control-plane taint; [] = none
  std::vector<Arg> kubelet_extra_args;
  std::vector<std::string> ignore_preflight_errors;
  std::string image_pull_policy;
  bool image_pull_serial = true;
};

struct APIEndpoint {
  std::string advertise_address;
  int bind_port = 0;
};

struct BootstrapToken {
  std::string token;
  std::string description;
  std::optional<std::chrono::nanoseconds> ttl;
  std::string expires;
  std::vector<std::string> usages;
  std::vector<std::string> groups;
};

struct Timeouts {
  std::chrono::nanoseconds control_plane_component_health_check{};
  std::chrono::nanoseconds kubelet_health_check{};
  std::chrono::nanoseconds kubernetes_api_call{};
  std::chrono::nanoseconds etcd_api_call{};
  std::chrono::nanoseconds tls_bootstrap{};
  std::chrono::nanoseconds discovery{};
  std::chrono::nanoseconds upgrade_manifests{};
};

struct InitConfiguration {
  ClusterConfiguration cluster;
  NodeRegistration node_registration;
  APIEndpoint local_api_endpoint;
  std::vector<BootstrapToken> bootstrap_tokens;
  std::string certificate_key;
  std::vector<std::string> skip_phases;
  bool dry_run = false;
  Timeouts timeouts;
  // The user's KubeletConfiguration document, if any, as given; kubeadm's settings are applied on top.
  JsonBox kubelet_configuration;
  // The user's KubeProxyConfiguration document, if any; kubeadm's bindAddress, clusterCIDR and
  // clientConnection.kubeconfig fill what it leaves empty.
  JsonBox kube_proxy_configuration;
};

// discovery.bootstrapToken: find the cluster through kube-public/cluster-info, signed with the token.
struct BootstrapTokenDiscovery {
  std::string token;
  std::string api_server_endpoint;  // host:port
  std::vector<std::string> ca_cert_hashes;
  bool unsafe_skip_ca_verification = false;
};

// discovery.file: a kubeconfig (a path on this machine, or an https URL) naming the server and its CA.
struct FileDiscovery {
  std::string kube_config_path;
};

struct Discovery {
  std::optional<BootstrapTokenDiscovery> bootstrap_token;  // exactly one of the two after validation
  std::optional<FileDiscovery> file;
  std::string tls_bootstrap_token;  // the kubelet's bootstrap credential; defaults to the discovery token
};

struct JoinControlPlane {
  APIEndpoint local_api_endpoint;
  std::string certificate_key;
};

// kubeadm's JoinConfiguration: what `kubestrap join` knows before it reaches the cluster. The cluster's
// own settings (ClusterConfiguration, KubeletConfiguration) are read from it after discovery.
struct JoinConfiguration {
  NodeRegistration node_registration;
  std::string ca_cert_path;  // where the cluster CA is written (default /etc/kubernetes/pki/ca.crt)
  Discovery discovery;
  std::optional<JoinControlPlane> control_plane;  // set: join as a control-plane node
  std::vector<std::string> skip_phases;
  bool dry_run = false;
  Timeouts timeouts;
};

}  // namespace ks::config

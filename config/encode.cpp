#include "config/encode.hpp"

#include <nlohmann/json.hpp>

#include "base/duration.hpp"

namespace ks::config {

namespace {

using nlohmann::json;

json args(const std::vector<Arg>& list) {
  auto out = json::array();
  for (const auto& arg : list) out.push_back({{"name", arg.name}, {"value", arg.value}});
  return out;
}

json envs(const std::vector<EnvVar>& list) {
  auto out = json::array();
  for (const auto& env : list) out.push_back({{"name", env.name}, {"value", env.value}});
  return out;
}

json component(const ControlPlaneComponent& c) {
  json out = json::object();
  if (!c.extra_args.empty()) out["extraArgs"] = args(c.extra_args);
  if (!c.extra_envs.empty()) out["extraEnvs"] = envs(c.extra_envs);
  if (!c.extra_volumes.empty()) {
    out["extraVolumes"] = json::array();
    for (const auto& v : c.extra_volumes) {
      json volume = {{"name", v.name}, {"hostPath", v.host_path}, {"mountPath", v.mount_path}};
      if (v.read_only) volume["readOnly"] = true;
      if (!v.path_type.empty()) volume["pathType"] = v.path_type;
      out["extraVolumes"].push_back(volume);
    }
  }
  return out;
}

}  // namespace

std::string_view algorithm_name(KeyAlgorithm algorithm) {
  switch (algorithm) {
    case KeyAlgorithm::RSA2048:
      return "RSA-2048";
    case KeyAlgorithm::RSA3072:
      return "RSA-3072";
    case KeyAlgorithm::RSA4096:
      return "RSA-4096";
    case KeyAlgorithm::ECDSAP256:
      return "ECDSA-P256";
    case KeyAlgorithm::ECDSAP384:
      return "ECDSA-P384";
  }
  return "unknown";
}

json encode_cluster_configuration(const ClusterConfiguration& c) {
  json etcd;
  if (c.etcd.external) {
    etcd["external"] = {{"endpoints", c.etcd.external->endpoints},
                        {"caFile", c.etcd.external->ca_file},
                        {"certFile", c.etcd.external->cert_file},
                        {"keyFile", c.etcd.external->key_file}};
  } else if (c.etcd.local) {
    const auto& l = *c.etcd.local;
    json local = {{"dataDir", l.data_dir}};
    if (!l.image_repository.empty()) local["imageRepository"] = l.image_repository;
    if (!l.image_tag.empty()) local["imageTag"] = l.image_tag;
    if (!l.extra_args.empty()) local["extraArgs"] = args(l.extra_args);
    if (!l.extra_envs.empty()) local["extraEnvs"] = envs(l.extra_envs);
    if (!l.server_cert_sans.empty()) local["serverCertSANs"] = l.server_cert_sans;
    if (!l.peer_cert_sans.empty()) local["peerCertSANs"] = l.peer_cert_sans;
    etcd["local"] = local;
  }
  json networking = {{"serviceSubnet", c.networking.service_subnet}, {"dnsDomain", c.networking.dns_domain}};
  if (!c.networking.pod_subnet.empty()) networking["podSubnet"] = c.networking.pod_subnet;
  json api_server = component(c.api_server);
  if (!c.api_server.cert_sans.empty()) api_server["certSANs"] = c.api_server.cert_sans;
  json dns = json::object();
  if (!c.dns.image_repository.empty()) dns["imageRepository"] = c.dns.image_repository;
  if (!c.dns.image_tag.empty()) dns["imageTag"] = c.dns.image_tag;
  if (c.dns.disabled) dns["disabled"] = true;
  json document = {{"apiVersion", "kubeadm.k8s.io/v1beta4"},
                   {"kind", "ClusterConfiguration"},
                   {"kubernetesVersion", c.kubernetes_version},
                   {"clusterName", c.cluster_name},
                   {"certificatesDir", c.certificates_dir},
                   {"imageRepository", c.image_repository},
                   {"etcd", etcd},
                   {"networking", networking},
                   {"apiServer", api_server},
                   {"controllerManager", component(c.controller_manager)},
                   {"scheduler", component(c.scheduler)},
                   {"dns", dns},
                   {"proxy", c.proxy_disabled ? json{{"disabled", true}} : json::object()},
                   {"encryptionAlgorithm", algorithm_name(c.encryption_algorithm)},
                   {"certificateValidityPeriod", format_go_duration(c.certificate_validity_period)},
                   {"caCertificateValidityPeriod", format_go_duration(c.ca_certificate_validity_period)}};
  if (!c.control_plane_endpoint.empty()) document["controlPlaneEndpoint"] = c.control_plane_endpoint;
  if (!c.feature_gates.empty()) {
    json gates = json::object();
    for (const auto& [name, on] : c.feature_gates) gates[name] = on;
    document["featureGates"] = gates;
  }
  return document;
}

}  // namespace ks::config

// encode_init_configuration and encode_join_configuration: kubeadm's v1beta4 documents from the structs,
// field by field as the v1beta4 types declare them (cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go):
// `omitempty` fields are left out when empty, the others always written.
#include <nlohmann/json.hpp>

#include "base/duration.hpp"
#include "base/yaml_writer.hpp"
#include "config/decode.hpp"
#include "config/encode.hpp"

namespace ks::config {

namespace {

using nlohmann::json;

void put_if(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

void put_if(json& object, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) object[key] = values;
}

void put_if(json& object, const char* key, std::chrono::nanoseconds value) {
  if (value != std::chrono::nanoseconds{0}) object[key] = format_go_duration(value);
}

json extra_args(const std::vector<Arg>& list) {
  auto out = json::array();
  for (const auto& arg : list) out.push_back({{"name", arg.name}, {"value", arg.value}});
  return out;
}

json node_registration(const NodeRegistration& n) {
  json out = {{"imagePullSerial", n.image_pull_serial}};
  put_if(out, "name", n.name);
  put_if(out, "criSocket", n.cri_socket);
  put_if(out, "imagePullPolicy", n.image_pull_policy);
  put_if(out, "ignorePreflightErrors", n.ignore_preflight_errors);
  if (!n.kubelet_extra_args.empty()) out["kubeletExtraArgs"] = extra_args(n.kubelet_extra_args);
  // Not omitempty in kubeadm: null (unset) means the control-plane taint, [] none.
  out["taints"] = nullptr;
  if (n.taints) {
    out["taints"] = json::array();
    for (const auto& taint : *n.taints) {
      json t = {{"key", taint.key}, {"effect", taint.effect}};
      put_if(t, "value", taint.value);
      out["taints"].push_back(t);
    }
  }
  return out;
}

json api_endpoint(const APIEndpoint& endpoint) {
  json out = json::object();
  put_if(out, "advertiseAddress", endpoint.advertise_address);
  if (endpoint.bind_port != 0) out["bindPort"] = endpoint.bind_port;
  return out;
}

json timeouts(const Timeouts& t) {
  json out = json::object();
  put_if(out, "controlPlaneComponentHealthCheck", t.control_plane_component_health_check);
  put_if(out, "kubeletHealthCheck", t.kubelet_health_check);
  put_if(out, "kubernetesAPICall", t.kubernetes_api_call);
  put_if(out, "etcdAPICall", t.etcd_api_call);
  put_if(out, "tlsBootstrap", t.tls_bootstrap);
  put_if(out, "discovery", t.discovery);
  put_if(out, "upgradeManifests", t.upgrade_manifests);
  return out;
}

json bootstrap_token(const BootstrapToken& t) {
  json out = json::object();
  put_if(out, "token", t.token);
  put_if(out, "description", t.description);
  // A pointer in kubeadm: a TTL of 0 (never expires) is written as 0s.
  if (t.ttl) out["ttl"] = format_go_duration(*t.ttl);
  put_if(out, "expires", t.expires);
  put_if(out, "usages", t.usages);
  put_if(out, "groups", t.groups);
  return out;
}

// Fields every top-level kubeadm document of a node has.
json node_document(std::string_view kind, const NodeRegistration& node, const std::vector<std::string>& skip,
                   bool dry_run, const Timeouts& t) {
  json out = {{"apiVersion", kV1Beta4},
              {"kind", kind},
              {"nodeRegistration", node_registration(node)},
              {"timeouts", timeouts(t)}};
  put_if(out, "skipPhases", skip);
  if (dry_run) out["dryRun"] = true;
  return out;
}

}  // namespace

std::vector<json> encode_init_configuration(const InitConfiguration& c) {
  auto init = node_document("InitConfiguration", c.node_registration, c.skip_phases, c.dry_run, c.timeouts);
  init["localAPIEndpoint"] = api_endpoint(c.local_api_endpoint);
  if (!c.bootstrap_tokens.empty()) {
    init["bootstrapTokens"] = json::array();
    for (const auto& token : c.bootstrap_tokens) init["bootstrapTokens"].push_back(bootstrap_token(token));
  }
  put_if(init, "certificateKey", c.certificate_key);
  return {init, encode_cluster_configuration(c.cluster)};
}

json encode_join_configuration(const JoinConfiguration& c) {
  auto join = node_document("JoinConfiguration", c.node_registration, c.skip_phases, c.dry_run, c.timeouts);
  put_if(join, "caCertPath", c.ca_cert_path);
  json discovery = json::object();
  if (const auto& token = c.discovery.bootstrap_token) {
    json t = json::object();
    put_if(t, "token", token->token);
    put_if(t, "apiServerEndpoint", token->api_server_endpoint);
    put_if(t, "caCertHashes", token->ca_cert_hashes);
    if (token->unsafe_skip_ca_verification) t["unsafeSkipCAVerification"] = true;
    discovery["bootstrapToken"] = t;
  }
  if (c.discovery.file) discovery["file"] = {{"kubeConfigPath", c.discovery.file->kube_config_path}};
  put_if(discovery, "tlsBootstrapToken", c.discovery.tls_bootstrap_token);
  join["discovery"] = discovery;
  if (c.control_plane) {
    json control_plane = {{"localAPIEndpoint", api_endpoint(c.control_plane->local_api_endpoint)}};
    put_if(control_plane, "certificateKey", c.control_plane->certificate_key);
    join["controlPlane"] = control_plane;
  }
  return join;
}

std::string yaml_documents(const std::vector<json>& documents) {
  std::string text;
  for (const auto& document : documents) {
    if (!text.empty()) text += "---\n";
    text += to_yaml(document);
  }
  return text;
}

}  // namespace ks::config

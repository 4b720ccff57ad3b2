// A kubeadm config file as `kubestrap init --config` reads it (every kind of document, v1beta4 and
// v1beta3): decoded, defaulted and validated as config/load.cpp does, with fixed stand-ins for the three
// defaults that read the machine. A valid configuration then goes through what the phases derive from it
// (derived.hpp promises those parse) and the ClusterConfiguration uploaded to the cluster, which must
// decode again.
#include <nlohmann/json.hpp>
#include "base/yaml_reader.hpp"
#include "base/yaml_writer.hpp"
#include "config/decode.hpp"
#include "config/defaults.hpp"
#include "config/derived.hpp"
#include "config/encode.hpp"
#include "config/validate.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

// What apply_host_defaults would find on a node: its hostname, default-route address and CRI socket.
void apply_node_stand_ins(ks::config::InitConfiguration& config) {
  auto& node = config.node_registration;
  if (node.name.empty()) node.name = "node-1";
  auto& endpoint = config.local_api_endpoint;
  auto given = ks::IpAddress::parse(endpoint.advertise_address);
  if (endpoint.advertise_address.empty() || (given && given->is_unspecified()))
    endpoint.advertise_address = "192.0.2.10";
  if (node.cri_socket.empty()) node.cri_socket = "unix:///var/run/containerd/containerd.sock";
}

// The one integer field: a bindPort the file gives is the port decoded, or the file is refused (no
// silent wrap of a 64-bit value into an int).
void check_bind_port(std::string_view text, const ks::config::InitConfiguration& init) {
  auto documents = ks::parse_yaml_documents(text);
  if (!documents) return;
  for (const auto& document : *documents) {
    if (!document.is_object()) continue;
    auto kind = document.find("kind"), endpoint = document.find("localAPIEndpoint");
    if (kind == document.end() || *kind != "InitConfiguration" || endpoint == document.end() ||
        !endpoint->is_object())
      continue;
    auto port = endpoint->find("bindPort");
    if (port != endpoint->end() && port->is_number_integer())
      ks::fuzz::require(*port == init.local_api_endpoint.bind_port,
                        "a decoded bindPort is the one in the file");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace config = ks::config;
  auto decoded = config::decode_init_config(ks::fuzz::as_text(data, size));
  if (!decoded) return 0;
  auto& init = decoded->config;
  check_bind_port(ks::fuzz::as_text(data, size), init);
  config::apply_static_defaults(init, decoded->warnings);
  apply_node_stand_ins(init);
  if (!config::validate(init, decoded->warnings)) return 0;

  (void)config::kubernetes_service_ip(init);
  (void)config::dns_service_ip(init);
  (void)config::control_plane_url(init);
  (void)config::control_plane_endpoint_host(init);
  (void)config::control_plane_images(init);
  (void)config::etcd_image(init);
  (void)config::feature_enabled(init, "ControlPlaneKubeletLocalMode");
  (void)config::kubernetes_minor(init.cluster.kubernetes_version);

  auto cluster = config::encode_cluster_configuration(init.cluster);
  auto document = ks::to_yaml(cluster);
  (void)cluster.dump();
  (void)ks::to_yaml(*init.kubelet_configuration);
  // The ConfigMap is read back by later commands: what was written must decode.
  ks::fuzz::require(config::decode_init_config(document).has_value(),
                    "an encoded ClusterConfiguration decodes again");
  return 0;
}

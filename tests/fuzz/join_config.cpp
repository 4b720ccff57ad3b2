// A JoinConfiguration file as `kubestrap join --config` reads it (v1beta4 and v1beta3, other kinds beside
// it): decoded, defaulted and validated as config/join_load.cpp does, with fixed stand-ins for what is read
// from the machine. A valid configuration keeps the promises the join code relies on: exactly one way to find
// the cluster, a bootstrap token of the right form wherever the kubelet needs one.
#include "config/defaults.hpp"
#include "config/join_load.hpp"
#include "config/text_rules.hpp"
#include "config/validate.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace config = ks::config;
  auto decoded = config::decode_join_config(ks::fuzz::as_text(data, size));
  if (!decoded) return 0;
  auto& join = decoded->config;
  config::apply_static_defaults(join);
  auto& node = join.node_registration;
  if (node.name.empty()) node.name = "node-1";
  if (node.cri_socket.empty()) node.cri_socket = "unix:///var/run/containerd/containerd.sock";
  if (join.control_plane && join.control_plane->local_api_endpoint.advertise_address.empty())
    join.control_plane->local_api_endpoint.advertise_address = "192.0.2.10";
  if (!config::validate(join)) return 0;
  const auto& discovery = join.discovery;
  ks::fuzz::require(discovery.bootstrap_token.has_value() != discovery.file.has_value(),
                    "a valid configuration finds the cluster exactly one way");
  if (discovery.bootstrap_token) {
    ks::fuzz::require(config::bootstrap_token_problem(discovery.bootstrap_token->token).empty(),
                      "a valid discovery token has the token form");
    ks::fuzz::require(config::bootstrap_token_problem(discovery.tls_bootstrap_token).empty(),
                      "token discovery leaves the kubelet a valid bootstrap token");
  }
  return 0;
}

#include "config/join_flags.hpp"

#include "base/strings.hpp"

namespace ks::config {

namespace {

std::vector<std::string> quoted(std::vector<std::string> texts) {
  for (auto& text : texts) text = quote(text);
  return texts;
}

// The positional endpoint chooses token discovery and --discovery-file file discovery; given both (or
// neither), validation says so rather than one silently winning.
void apply_discovery_flags(const JoinFlags& flags, Discovery& discovery, std::vector<std::string>& warnings) {
  // --token stands for whichever of the two tokens is not given on its own (an empty one counts as not
  // given, as in kubeadm).
  auto or_token = [&](const std::optional<std::string>& specific) {
    return specific && !specific->empty() ? *specific : flags.token.value_or("");
  };
  discovery.tls_bootstrap_token = or_token(flags.tls_bootstrap_token);
  if (!flags.endpoints.empty()) {
    auto& token = discovery.bootstrap_token.emplace();
    token.token = or_token(flags.discovery_token);
    token.api_server_endpoint = flags.endpoints.front();
    token.ca_cert_hashes = flags.ca_cert_hashes;
    token.unsafe_skip_ca_verification = flags.unsafe_skip_ca_verification;
    if (flags.endpoints.size() > 1)
      warnings.push_back("more than one API server endpoint given; using " + quote(flags.endpoints.front()) +
                         " and ignoring " +
                         join(quoted({flags.endpoints.begin() + 1, flags.endpoints.end()}), ", "));
  }
  if (flags.discovery_file) discovery.file = FileDiscovery{*flags.discovery_file};
}

Status apply_control_plane_flags(const JoinFlags& flags, JoinConfiguration& config,
                                 std::vector<std::string>& warnings) {
  if (!flags.control_plane) {
    std::vector<std::string> ignored;
    if (flags.apiserver_advertise_address) ignored.push_back("--apiserver-advertise-address");
    if (flags.apiserver_bind_port) ignored.push_back("--apiserver-bind-port");
    if (flags.certificate_key) ignored.push_back("--certificate-key");
    if (!ignored.empty())
      warnings.push_back(
          join(ignored, ", ") +
          (ignored.size() == 1 ? " is ignored: it configures" : " are ignored: they configure") +
          " a control-plane join, which also needs --control-plane");
    return {};
  }
  auto& control_plane = config.control_plane.emplace();
  if (flags.apiserver_advertise_address)
    control_plane.local_api_endpoint.advertise_address = *flags.apiserver_advertise_address;
  if (flags.apiserver_bind_port) {
    // 0 would read as "not set" and silently become 6443.
    if (*flags.apiserver_bind_port < 1 || *flags.apiserver_bind_port > 65535)
      return invalid("--apiserver-bind-port " + std::to_string(*flags.apiserver_bind_port),
                     "expected a port number 1-65535");
    control_plane.local_api_endpoint.bind_port = *flags.apiserver_bind_port;
  }
  if (flags.certificate_key) control_plane.certificate_key = *flags.certificate_key;
  return {};
}

}  // namespace

Status apply_join_flags(const JoinFlags& flags, JoinConfiguration& config,
                        std::vector<std::string>& warnings) {
  if (flags.config_path) {
    if (!flags.endpoints.empty())
      warnings.push_back("the API server endpoint " + join(quoted(flags.endpoints), ", ") +
                         " given on the command line is ignored: with --config, the file's "
                         "discovery.bootstrapToken.apiServerEndpoint is used");
  } else {
    apply_discovery_flags(flags, config.discovery, warnings);
    KS_CHECK(apply_control_plane_flags(flags, config, warnings));
  }
  // The node's own flags win over the file, as in kubeadm (--cri-socket cannot be mixed with --config, so
  // it only ever comes from the flags here).
  if (flags.node_name) config.node_registration.name = *flags.node_name;
  if (flags.cri_socket) config.node_registration.cri_socket = *flags.cri_socket;
  // kubeadm: --skip-phases, when given, replaces the file's skipPhases.
  if (!flags.skip_phases.empty()) config.skip_phases = flags.skip_phases;
  for (const auto& check : flags.ignore_preflight_errors)
    config.node_registration.ignore_preflight_errors.push_back(check);
  if (flags.dry_run) config.dry_run = true;
  return {};
}

}  // namespace ks::config

// validate(JoinConfiguration): kubeadm's ValidateJoinConfiguration rules, every problem listed at once.
// CA pins (caCertHashes) are parsed by the join code (certs::parse_ca_pin): config does not depend on certs.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "base/dns_name.hpp"
#include "base/ip.hpp"
#include "base/strings.hpp"
#include "config/text_rules.hpp"
#include "config/validate.hpp"
#include "config/validate_parts.hpp"

namespace ks::config {

namespace {

// The two ways to find the cluster, as the flags give them.
constexpr std::string_view kTokenDiscovery =
    "token discovery (<api-server-endpoint> with --token and --discovery-token-ca-cert-hash)";
constexpr std::string_view kFileDiscovery =
    "file discovery (--discovery-file with a kubeconfig path or an https URL)";

// A bootstrap token is a secret: a message says what is wrong with it, never what it is.
void check_token(Problems& p, const std::string& where, const std::string& token) {
  if (token.empty())
    p.add(where,
          "missing; pass --token with a bootstrap token ('kubestrap token create' on a control-plane "
          "node makes one)");
  else if (auto problem = bootstrap_token_problem(token); !problem.empty())
    p.add(where, "the token " + problem.substr(std::string_view("it ").size()));
}

void check_api_server_endpoint(Problems& p, const std::string& endpoint) {
  const std::string where = "discovery.bootstrapToken.apiServerEndpoint (<api-server-endpoint>)";
  if (endpoint.empty())
    return p.add(where,
                 "missing; give the control plane's host:port as the first argument, e.g. "
                 "kubestrap join 192.168.1.10:6443 --token ...");
  auto parsed = HostPort::parse(endpoint);
  if (!parsed) return p.add(where, parsed.error().message());
  if (parsed->port == 0)
    return p.add(where, quote(endpoint) + " has no port; give host:port, e.g. 192.168.1.10:6443");
  if (!IpAddress::parse(parsed->host) && !is_dns1123_subdomain(parsed->host))
    p.add(where, quote(parsed->host) + " is neither an IP address nor a DNS name");
}

void check_bootstrap_token_discovery(Problems& p, const BootstrapTokenDiscovery& discovery) {
  check_token(p, "discovery.bootstrapToken.token (--token, --discovery-token)", discovery.token);
  check_api_server_endpoint(p, discovery.api_server_endpoint);
  if (discovery.ca_cert_hashes.empty() && !discovery.unsafe_skip_ca_verification)
    p.add("discovery.bootstrapToken.caCertHashes (--discovery-token-ca-cert-hash)",
          "token discovery without a CA pin would trust whichever server answers; pass "
          "--discovery-token-ca-cert-hash sha256:<hash> ('kubestrap certs ca-hash' on a control-plane node "
          "prints it), or --discovery-token-unsafe-skip-ca-verification");
}

// The scheme of a URL ("https" in "https://..."), or "" for a path.
std::string_view url_scheme(std::string_view text) {
  auto end = text.find("://");
  if (end == std::string_view::npos || end == 0) return "";
  auto scheme = text.substr(0, end);
  bool letters = std::ranges::all_of(scheme, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
  });
  return letters ? scheme : "";
}

void check_file_discovery(Problems& p, const FileDiscovery& discovery) {
  const std::string where = "discovery.file.kubeConfigPath (--discovery-file)";
  const auto& path = discovery.kube_config_path;
  if (path.empty()) return p.add(where, "missing; give the path of a kubeconfig file, or an https:// URL");
  // A path is read by the join code as given; only the kind of URL is judged here.
  auto scheme = to_lower(url_scheme(path));
  if (scheme == "http")
    p.add(where, quote(path) +
                     " is plain http: the file names the CA the node will trust, so it must come "
                     "over https:// (or be copied to this machine first)");
  else if (!scheme.empty() && scheme != "https")
    p.add(where, quote(path) + " is a " + scheme + ":// URL; expected a file path or an https:// URL");
}

void check_discovery(Problems& p, const Discovery& discovery, bool needs_cluster) {
  const auto& token = discovery.bootstrap_token;
  const auto& file = discovery.file;
  if (token && file)
    p.add("discovery", "bootstrapToken and file cannot both be set; use either " +
                           std::string(kTokenDiscovery) + " or " + std::string(kFileDiscovery) +
                           ", not both");
  if (!token && !file && needs_cluster)
    p.add("discovery", "no way to find the cluster; use " + std::string(kTokenDiscovery) + " or " +
                           std::string(kFileDiscovery) +
                           "; in a config file, set discovery.bootstrapToken or discovery.file");
  if (token) check_bootstrap_token_discovery(p, *token);
  if (file) check_file_discovery(p, *file);
  // The kubelet's bootstrap credential: a token join cannot do without it; a file's kubeconfig may carry
  // its own.
  const std::string tls_where = "discovery.tlsBootstrapToken (--tls-bootstrap-token, --token)";
  if (token || !discovery.tls_bootstrap_token.empty())
    check_token(p, tls_where, discovery.tls_bootstrap_token);
}

void check_control_plane(Problems& p, const JoinControlPlane& control_plane) {
  const auto& endpoint = control_plane.local_api_endpoint;
  if (auto address = IpAddress::parse(endpoint.advertise_address); !address)
    p.add("controlPlane.localAPIEndpoint.advertiseAddress (--apiserver-advertise-address)",
          address.error().message());
  if (endpoint.bind_port < 1 || endpoint.bind_port > 65535)
    p.add("controlPlane.localAPIEndpoint.bindPort (--apiserver-bind-port)",
          std::to_string(endpoint.bind_port) + " is not a port (1-65535)");
  if (auto problem = certificate_key_problem(control_plane.certificate_key); !problem.empty())
    p.add("controlPlane.certificateKey (--certificate-key)", problem);
}

// The JoinConfiguration's strings, in the document's shape, for the checks that apply to every string
// alike. Tokens are left out: their own rule allows only [a-z0-9.], and a message must not echo them.
nlohmann::json join_fields(const JoinConfiguration& config) {
  nlohmann::json discovery = nlohmann::json::object();
  if (config.discovery.bootstrap_token)
    discovery["bootstrapToken"] = {
        {"apiServerEndpoint", config.discovery.bootstrap_token->api_server_endpoint},
        {"caCertHashes", config.discovery.bootstrap_token->ca_cert_hashes}};
  if (config.discovery.file)
    discovery["file"] = {{"kubeConfigPath", config.discovery.file->kube_config_path}};
  nlohmann::json fields = {{"nodeRegistration", node_registration_fields(config.node_registration)},
                           {"caCertPath", config.ca_cert_path},
                           {"discovery", discovery},
                           {"skipPhases", config.skip_phases}};
  if (config.control_plane)
    fields["controlPlane"] = {
        {"localAPIEndpoint",
         {{"advertiseAddress", config.control_plane->local_api_endpoint.advertise_address}}}};
  return fields;
}

}  // namespace

Status validate(const JoinConfiguration& config, bool needs_cluster) {
  Problems p;
  check_discovery(p, config.discovery, needs_cluster);
  check_node_registration(p, config.node_registration);
  // kubeadm also wants the .crt extension: the file is written there in PEM.
  if (!is_absolute(config.ca_cert_path) || !config.ca_cert_path.ends_with(".crt"))
    p.add("caCertPath", quote(config.ca_cert_path) + " must be an absolute path to a .crt file");
  if (config.control_plane) check_control_plane(p, *config.control_plane);
  check_timeouts(p, config.timeouts);
  std::vector<UnprintableText> unprintable;
  find_unprintable_text(join_fields(config), "JoinConfiguration", unprintable);
  p.add_unprintable(unprintable);
  return p.result();
}

}  // namespace ks::config

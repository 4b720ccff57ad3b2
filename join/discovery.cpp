#include "join/discovery.hpp"

#include <algorithm>
#include <optional>

#include "base/duration.hpp"
#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "certs/certificate.hpp"
#include "certs/pin.hpp"
#include "token/jws.hpp"

namespace ks::joining {

namespace {

const std::string kClusterInfo = "/api/v1/namespaces/kube-public/configmaps/cluster-info";
const std::string kNewTokenFix =
    "create a new token with `kubestrap token create --print-join-command` on a control-plane node";

// Why cluster-info cannot be used yet; `permanent` when waiting cannot help. `unsigned_data`: cluster-info's
// data when all it lacks is the token's signature.
struct NotYet {
  std::string why;
  std::string fix;
  bool permanent = false;
  nlohmann::json unsigned_data = nullptr;
};

// Says why cluster-info never got the token's signature, when the cluster can tell; nullopt otherwise.
using MissingSignatureExplainer = std::function<std::optional<NotYet>(const nlohmann::json& data)>;

class ClusterInfoReader {
 public:
  ClusterInfoReader(const DiscoverySettings& settings, host::Clock& clock,
                    const std::function<void(const std::string&)>& progress,
                    MissingSignatureExplainer explain)
      : settings_(settings), clock_(clock), progress_(progress), explain_(std::move(explain)) {}

  // Reads cluster-info through `api` until it carries the token's signature; polls (first_interval doubling
  // up to interval) until the discovery deadline. Returns its data.
  Result<nlohmann::json> read_signed(kube::Api& api, std::chrono::steady_clock::time_point deadline) {
    std::string last;
    auto wait = std::min(settings_.first_interval, settings_.interval);
    while (true) {
      ++requests;
      auto reading = read_once(api);
      if (reading) return *reading;
      const auto& not_yet = reading.error();
      if (not_yet.permanent) return failure(what(), not_yet.why, not_yet.fix);
      if (not_yet.why != last)
        progress_("Waiting for the cluster at " + settings_.endpoint + ": " + not_yet.why);
      last = not_yet.why;
      if (clock_.monotonic() + wait > deadline) {
        auto after = " (still, after " + format_go_duration(settings_.timeout) + ")";
        if (!not_yet.unsigned_data.is_null())
          if (auto explained = explain_(not_yet.unsigned_data))
            return failure(what(), not_yet.why + after + "; " + explained->why, explained->fix);
        return failure(what(), not_yet.why + after, not_yet.fix);
      }
      clock_.sleep_for(wait);
      wait = std::min(2 * wait, settings_.interval);
    }
  }

  int requests = 0;

 private:
  std::string what() const { return "discovering the cluster at " + settings_.endpoint; }

  std::expected<nlohmann::json, NotYet> read_once(kube::Api& api) {
    auto response = api.request("GET", kClusterInfo);
    if (!response)
      return std::unexpected(NotYet{"nothing answered (" + response.error().why + ")",
                                    "check that " + settings_.endpoint +
                                        " is the control plane's API server address and port, and that "
                                        "nothing blocks it between the machines"});
    if (response->status == 404)
      return std::unexpected(NotYet{"the cluster has no kube-public/cluster-info",
                                    "run 'kubestrap init phase bootstrap-token' on the control plane"});
    if (!response->ok())
      return std::unexpected(NotYet{"the server answered " + std::to_string(response->status) + " " +
                                        quote(response->message.substr(0, 200)),
                                    "check that " + settings_.endpoint + " is a Kubernetes API server"});
    const auto& data = member(response->body, "data");
    if (!member(data, "kubeconfig").is_string())
      return std::unexpected(
          NotYet{"cluster-info holds no kubeconfig: this API server is not set up for "
                 "token discovery",
                 "run 'kubestrap init phase bootstrap-token' on the control plane", true});
    if (!member(data, "jws-kubeconfig-" + settings_.token.id).is_string())
      return std::unexpected(
          NotYet{"cluster-info carries no signature for token id " + quote(settings_.token.id) +
                     " (the controller manager signs it for every valid token: the token is unknown to the "
                     "cluster, expired, or not for signing)",
                 kNewTokenFix, false, data});
    return data;
  }

  const DiscoverySettings& settings_;
  host::Clock& clock_;
  const std::function<void(const std::string&)>& progress_;
  MissingSignatureExplainer explain_;
};

// The pin the server's CA has, when one of `pins` names it; otherwise an error showing what it presented.
Status check_pins(const std::string& ca_pem, const std::vector<std::string>& pins,
                  const std::string& endpoint) {
  auto certificates = certs::parse_certificates(ca_pem);
  if (!certificates || certificates->empty())
    return failure("discovering the cluster at " + endpoint, "cluster-info's CA is not a PEM certificate",
                   "check that " + endpoint + " is the cluster's API server");
  std::vector<std::string> presented;
  for (const auto& certificate : *certificates) {
    auto pin = certs::public_key_pin(certificate.get());
    if (std::ranges::find(pins, pin) != pins.end()) return {};
    presented.push_back(pin);
  }
  return failure("discovering the cluster at " + endpoint,
                 "the cluster's CA is not the one pinned: it presented " + join(presented, ", ") +
                     ", the join command pins " + join(pins, ", "),
                 "run 'kubestrap certs ca-hash' on a control-plane node and give that value to "
                 "--discovery-token-ca-cert-hash (or take the whole command from 'kubestrap token create "
                 "--print-join-command')");
}

// Asks the cluster whether it knows the token, to tell a token it dropped (deleted, expired) from one it will
// not sign for. The question carries the token, so it goes only to a server proven to be the cluster: over
// TLS verified by cluster-info's CA, and only when that CA matches a pin.
std::optional<NotYet> ask_about_token(const nlohmann::json& data, const DiscoverySettings& settings,
                                      kube::ApiFactory& verified) {
  if (settings.skip_ca_verification) return std::nullopt;
  auto cluster = kube::parse_cluster_only_kubeconfig(data["kubeconfig"].get<std::string>());
  if (!cluster || !check_pins(cluster->ca_pem, settings.ca_pins, settings.endpoint)) return std::nullopt;
  kube::Kubeconfig asker{
      "kubernetes",        "https://" + settings.endpoint, cluster->ca_pem, "token-bootstrap-client", "", "",
      settings.token.str()};
  auto api = verified.connect(asker);
  if (!api) return std::nullopt;
  auto review = (*api)->request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                                {{"apiVersion", "authentication.k8s.io/v1"},
                                 {"kind", "SelfSubjectReview"},
                                 {"metadata", nlohmann::json::object()}});
  if (!review) return std::nullopt;
  if (review->status == 401)
    return NotYet{
        "the cluster does not accept this token: it was deleted, or it expired (the token cleaner "
        "removes expired tokens), or it never existed",
        kNewTokenFix};
  if (review->ok())
    return NotYet{
        "the cluster accepts this token but has not signed cluster-info for it: the token is not "
        "for signing (its Secret lacks usage-bootstrap-signing), or the controller manager's "
        "bootstrapsigner does not run",
        "create a token for joining (usages signing and authentication) with `kubestrap token create "
        "--print-join-command` on a control-plane node"};
  return std::nullopt;
}

}  // namespace

Result<DiscoveredCluster> discover_cluster(const DiscoverySettings& settings, DiscoveryClients clients,
                                           host::Clock& clock,
                                           const std::function<void(const std::string&)>& progress) {
  auto deadline = clock.monotonic() + settings.timeout;
  auto what = "discovering the cluster at " + settings.endpoint;
  ClusterInfoReader reader(settings, clock, progress, [&](const nlohmann::json& data) {
    return ask_about_token(data, settings, clients.verified);
  });
  kube::Kubeconfig unverified;
  unverified.cluster_name = "kubernetes";
  unverified.server = "https://" + settings.endpoint;
  auto first_api = KS_TRY(clients.unverified.connect(unverified));
  auto first = KS_TRY(reader.read_signed(*first_api, deadline));
  auto kubeconfig = first["kubeconfig"].get<std::string>();
  // Nothing from this answer is used before its signature checks: the token secret is the shared key.
  if (!token::verify_detached_jws(first["jws-kubeconfig-" + settings.token.id].get<std::string>(), kubeconfig,
                                  settings.token.id, settings.token.secret))
    return failure(what,
                   "cluster-info's signature for token id " + quote(settings.token.id) +
                       " does not match this token's secret: either the secret is wrong or the server is not "
                       "the cluster's",
                   kNewTokenFix);
  auto cluster =
      KS_TRY(with_context(kube::parse_cluster_only_kubeconfig(kubeconfig), what + ": cluster-info"));
  DiscoveredCluster discovered;
  if (settings.skip_ca_verification) {
    progress("Trusting the cluster's CA without a pin (--discovery-token-unsafe-skip-ca-verification)");
  } else {
    KS_CHECK(check_pins(cluster.ca_pem, settings.ca_pins, settings.endpoint));
    progress("The cluster's CA matches the pin; reading cluster-info again over TLS it verifies");
    // The second read proves the server holds the CA's key, and that both answers are one document.
    kube::Kubeconfig verified;
    verified.cluster_name = "kubernetes";
    verified.server = "https://" + settings.endpoint;
    verified.ca_pem = cluster.ca_pem;
    auto second_api = KS_TRY(clients.verified.connect(verified));
    auto second = KS_TRY(reader.read_signed(*second_api, deadline));
    if (second["kubeconfig"].get<std::string>() != kubeconfig)
      return failure(what,
                     "cluster-info read over verified TLS differs from the first read: something between "
                     "this machine and the server changed it",
                     "check the network path to " + settings.endpoint + " and try again");
  }
  discovered.cluster = cluster;
  discovered.requests = reader.requests;
  return discovered;
}

}  // namespace ks::joining

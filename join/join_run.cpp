#include "join/join_run.hpp"

#include "certs/pin.hpp"
#include "join/discovery.hpp"
#include "join/file_discovery.hpp"
#include "kube/api_client.hpp"
#include "kube/cri/grpc_runtime.hpp"
#include "token/bootstrap_token.hpp"

namespace ks::joining {

namespace {

// Answers read before the server is trusted are small (cluster-info is a few KiB); the cluster's
// ConfigMaps a little larger. Anything past these is refused and the connection dropped.
constexpr size_t kUntrustedAnswerLimit = 1u << 20;
constexpr size_t kBootstrapAnswerLimit = 4u << 20;

}  // namespace

JoinRun::JoinRun(const config::JoinConfiguration& config, const host::Host& host,
                 workflow::Reporter& reporter)
    : config(config),
      host(host),
      reporter(reporter),
      cri(std::make_unique<kube::cri::GrpcConnector>(host.files, host.clock)),
      // Each read of cluster-info gives up after a few seconds, so that discovery polls again on time.
      unverified_factory(std::make_unique<kube::CurlApiFactory>(
          host.clock, kube::ClientOptions{.timeout = std::chrono::seconds(4),
                                          .insecure_skip_tls_verify = true,
                                          .max_response_bytes = kUntrustedAnswerLimit})),
      api_factory(std::make_unique<kube::CurlApiFactory>(
          host.clock, kube::ClientOptions{.timeout = config.timeouts.kubernetes_api_call,
                                          .max_response_bytes = kBootstrapAnswerLimit})),
      health_prober(std::make_unique<kube::HttpHealthProber>(host.clock)) {}

Result<kube::Kubeconfig> JoinRun::discover() {
  const auto& discovery = config.discovery;
  auto say = [this](const std::string& text) { reporter.line("discovery", text); };
  kube::Kubeconfig bootstrap;
  if (discovery.file) {
    say("Reading the cluster's address and CA from " + discovery.file->kube_config_path);
    bootstrap = KS_TRY(read_discovery_file(discovery.file->kube_config_path, *api_factory));
    results["discovery"] = {{"method", "file"}};
  } else {
    const auto& token = *discovery.bootstrap_token;
    DiscoverySettings settings{
        .endpoint = token.api_server_endpoint,
        .token = KS_TRY(with_context(token::TokenString::parse(token.token), "--token")),
        .skip_ca_verification = token.unsafe_skip_ca_verification,
        .timeout = config.timeouts.discovery,
        .interval = discovery_interval};
    for (const auto& hash : token.ca_cert_hashes)
      settings.ca_pins.push_back(
          KS_TRY(with_context(certs::parse_ca_pin(hash), "--discovery-token-ca-cert-hash")));
    say("Reading cluster-info from " + token.api_server_endpoint + " to find and trust the cluster");
    auto started = host.clock.monotonic();
    auto found = KS_TRY(discover_cluster(settings, {*unverified_factory, *api_factory}, host.clock, say));
    discovery_requests_ = found.requests;
    bootstrap = found.cluster;
    auto elapsed = std::chrono::duration<double, std::milli>(host.clock.monotonic() - started).count();
    results["discovery"] = {{"method", "token"}, {"requests", found.requests}, {"milliseconds", elapsed}};
  }
  say("Trusting the cluster at " + bootstrap.server);
  bootstrap.cluster_name = "kubernetes";
  bootstrap.user_name = kBootstrapUser;
  if (!discovery.tls_bootstrap_token.empty()) {
    bootstrap.token = discovery.tls_bootstrap_token;
    bootstrap.client_certificate_pem.clear();
    bootstrap.client_key_pem.clear();
  } else if (bootstrap.token.empty() && bootstrap.client_certificate_pem.empty()) {
    return invalid("the kubelet has no credential to bootstrap with",
                   "the discovery file carries none and no --tls-bootstrap-token (or --token) was given",
                   "pass --tls-bootstrap-token with a bootstrap token of the cluster");
  }
  results["apiServer"] = bootstrap.server;
  return bootstrap;
}

Result<const kube::Kubeconfig*> JoinRun::bootstrap_kubeconfig() {
  if (!bootstrap_) bootstrap_ = KS_TRY(discover());
  return &*bootstrap_;
}

Result<kube::Api*> JoinRun::bootstrap_api() {
  if (!bootstrap_api_) bootstrap_api_ = KS_TRY(api_factory->connect(*KS_TRY(bootstrap_kubeconfig())));
  return bootstrap_api_.get();
}

Result<const ClusterSettings*> JoinRun::cluster_settings() {
  if (!settings_) {
    auto* api = KS_TRY(bootstrap_api());
    reporter.line("kubelet-start",
                  "Reading the cluster's configuration (kube-system/kubeadm-config, "
                  "kube-system/kubelet-config)");
    std::vector<std::string> warnings;
    auto read = read_cluster_settings(*api, config, warnings);
    for (const auto& warning : warnings) reporter.warning("kubelet-start", warning);
    settings_ = KS_TRY(std::move(read));
  }
  return &*settings_;
}

Status check_join_input(const config::JoinConfiguration& config) {
  if (const auto& token = config.discovery.bootstrap_token) {
    KS_TRY(with_context(token::TokenString::parse(token->token), "--token (or --discovery-token)"));
    for (const auto& hash : token->ca_cert_hashes)
      KS_TRY(with_context(certs::parse_ca_pin(hash), "--discovery-token-ca-cert-hash"));
  }
  if (!config.discovery.tls_bootstrap_token.empty())
    KS_TRY(with_context(token::TokenString::parse(config.discovery.tls_bootstrap_token),
                        "--tls-bootstrap-token"));
  return {};
}

int JoinRun::api_requests() const {
  return discovery_requests_ + (bootstrap_api_ ? bootstrap_api_->requests_sent() : 0);
}

}  // namespace ks::joining

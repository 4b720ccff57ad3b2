// Token discovery on loopback (join/discovery.hpp with kubestrap's libcurl clients): the time from the first
// request to a verified CA, and the requests and connections it takes, against an HTTPS server on 127.0.0.1
// that publishes a signed cluster-info as a control plane does. Each discovery uses fresh clients, as a
// joining machine does.
//   discovery_bench [ROUNDS]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "bench/loopback_pki.hpp"
#include "certs/certificate.hpp"
#include "certs/pin.hpp"
#include "host/clock.hpp"
#include "join/discovery.hpp"
#include "kube/api_client.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/go_like_server.hpp"
#include "token/jws.hpp"

namespace {

using namespace ks;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> values, double fraction) {
  std::ranges::sort(values);
  return values[std::min(values.size() - 1, static_cast<size_t>(fraction * values.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 50;
  auto pki = bench::loopback_pki(config::KeyAlgorithm::RSA2048);

  httplib::SSLServer server(pki.server_certificate.get(), pki.server_key.get());
  ks::testing::serve_like_go(server);
  int port = server.bind_to_any_port("127.0.0.1");
  const std::string token_id = "abcdef", token_secret = "0123456789abcdef";
  auto kubeconfig = kube::render_cluster_only_kubeconfig(
      {"", "https://127.0.0.1:" + std::to_string(port), pki.ca_pem, "", "", "", ""});
  nlohmann::json cluster_info = {
      {"apiVersion", "v1"},
      {"kind", "ConfigMap"},
      {"metadata", {{"name", "cluster-info"}, {"namespace", "kube-public"}}},
      {"data",
       {{"kubeconfig", kubeconfig},
        {"jws-kubeconfig-" + token_id, token::detached_jws(kubeconfig, token_id, token_secret)}}}};
  std::atomic<int> requests = 0;
  server.Get("/api/v1/namespaces/kube-public/configmaps/cluster-info",
             [&](const httplib::Request&, httplib::Response& response) {
               ++requests;
               response.set_content(cluster_info.dump(), "application/json");
             });
  std::atomic<int> connections = 0;
  std::set<int> client_ports;
  std::mutex client_ports_lock;
  server.set_pre_routing_handler([&](const httplib::Request& request, httplib::Response&) {
    // A request from a client port not seen before came on a new connection.
    std::lock_guard guard(client_ports_lock);
    if (client_ports.insert(request.remote_port).second) ++connections;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Bound already: a connection made before the loop runs waits in the backlog.
  std::jthread serving([&] { server.listen_after_bind(); });

  host::SystemClock clock;
  joining::DiscoverySettings settings{"127.0.0.1:" + std::to_string(port),
                                      token::TokenString::parse(token_id + "." + token_secret).value(),
                                      {certs::public_key_pin(pki.ca.get())}};
  std::vector<double> times;
  int per_discovery_requests = 0, per_discovery_connections = 0;
  for (int round = -1; round < rounds; ++round) {  // round -1 warms up (libcurl, OpenSSL) and is not counted
    kube::CurlApiFactory unverified(clock,
                                    {.timeout = std::chrono::seconds(5), .insecure_skip_tls_verify = true});
    kube::CurlApiFactory verified(clock, {.timeout = std::chrono::seconds(5)});
    int requests_before = requests, connections_before = connections;
    auto start = Clock::now();
    auto found =
        joining::discover_cluster(settings, {unverified, verified}, clock, [](const std::string&) {});
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!found) {
      std::fprintf(stderr, "discovery failed: %s\n", found.error().message().c_str());
      return 1;
    }
    if (round < 0) continue;
    times.push_back(ms);
    per_discovery_requests = requests - requests_before;
    per_discovery_connections = connections - connections_before;
  }
  server.stop();
  std::printf("token discovery on loopback, %d rounds (fresh clients each, RSA-2048 CA and serving key)\n",
              rounds);
  std::printf("  first request to verified CA   median %.2f ms, p90 %.2f ms   target < 30 ms\n",
              percentile(times, 0.5), percentile(times, 0.9));
  std::printf("  HTTP requests per discovery    %d (unverified read, verified re-read)   target <= 3\n",
              per_discovery_requests);
  std::printf("  TLS connections per discovery  %d\n", per_discovery_connections);
  return 0;
}

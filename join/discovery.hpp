// join (namespace ks::joining; ks::join joins strings): what `kubestrap join` does on a machine that is not
// in the cluster yet — find and trust the cluster (token discovery), then hand the kubelet its bootstrap
// credentials.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "host/clock.hpp"
#include "kube/api.hpp"
#include "kube/kubeconfig.hpp"
#include "token/bootstrap_token.hpp"

namespace ks::joining {

// What token discovery needs: where the API server is, the token, and the CA pins to trust it by.
struct DiscoverySettings {
  std::string endpoint;  // host:port of the API server
  token::TokenString token;
  std::vector<std::string> ca_pins;   // "sha256:<hex>" as certs::parse_ca_pin returns them
  bool skip_ca_verification = false;  // --discovery-token-unsafe-skip-ca-verification
  std::chrono::nanoseconds timeout = std::chrono::minutes(5);  // timeouts.discovery
  // Between two reads of cluster-info: kubeadm's 5 s, reached by doubling from first_interval, because a
  // token created a moment ago is usually signed within a second and a join should not sit out a 5 s wait for
  // it.
  std::chrono::nanoseconds interval = std::chrono::seconds(5);
  std::chrono::nanoseconds first_interval = std::chrono::milliseconds(500);
};

// The two kinds of client discovery needs: one that does not verify the server (before the CA is known)
// and one that trusts only the kubeconfig's CA.
struct DiscoveryClients {
  kube::ApiFactory& unverified;
  kube::ApiFactory& verified;
};

// The cluster a joining machine may trust: its server and CA, as cluster-info published them.
struct DiscoveredCluster {
  kube::Kubeconfig cluster;  // server and ca_pem
  int requests = 0;          // API requests discovery sent
};

// kubeadm's token discovery: read kube-public/cluster-info without trusting the server until it carries a
// signature for the token's id (polling every `interval` within `timeout`, saying what it waits for), check
// that signature (HMAC-SHA256 keyed with the token secret), then the CA against the pins, then read
// cluster-info again over TLS verified by that CA and require the same document. Nothing is written; every
// failure says what to do. When the signature never comes, the cluster is asked whether it accepts the
// token at all (a token it dropped, or one it will not sign for) — over TLS verified by cluster-info's CA and
// only when that CA matches a pin, since the question carries the token.
Result<DiscoveredCluster> discover_cluster(const DiscoverySettings& settings, DiscoveryClients clients,
                                           host::Clock& clock,
                                           const std::function<void(const std::string&)>& progress);

}  // namespace ks::joining

#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "base/error.hpp"
#include "host/clock.hpp"
#include "host/files.hpp"
#include "kube/api.hpp"

namespace ks::joining {

struct KubeletBootstrapWait {
  std::string kubeconfig_path;  // the kubelet's --kubeconfig (kubelet.conf)
  std::string node_name;
  std::chrono::nanoseconds timeout;  // timeouts.tlsBootstrap
  std::chrono::nanoseconds interval;
  std::function<void(const std::string&)> say;
};

struct BootstrappedKubelet {
  std::string user;  // as the API server knows the kubelet's new credential: system:node:<name>
  // From the kubelet writing kubelet.conf to this wait ending with its credential checked: kubestrap's
  // reaction time.
  std::chrono::nanoseconds noticed_after{};
  std::chrono::nanoseconds waited{};
  std::unique_ptr<kube::Api> api;  // a client with that credential
};

// Waits for the kubelet's TLS bootstrap to end: kubelet.conf written, and its credential (a client
// certificate file, as the kubelet writes it) accepted by the API server as system:node:<name> — asked
// through a SelfSubjectReview, so that a kubelet.conf which is there but not usable yet is not taken for
// done. After the timeout, fails with the last reason and where to look.
Result<BootstrappedKubelet> wait_for_kubelet_bootstrap(const KubeletBootstrapWait& wait,
                                                       const host::Files& files, kube::ApiFactory& factory,
                                                       host::Clock& clock);

}  // namespace ks::joining

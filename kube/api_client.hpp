#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/error.hpp"
#include "host/clock.hpp"
#include "kube/api.hpp"

namespace ks::kube {

struct ClientOptions {
  std::chrono::nanoseconds timeout =
      std::chrono::minutes(1);  // all retries of one call together (kubernetesAPICall)
  std::chrono::nanoseconds first_backoff = std::chrono::milliseconds(500);
  std::chrono::nanoseconds max_backoff = std::chrono::seconds(5);
  bool insecure_skip_tls_verify = false;  // only for cluster-info discovery, before the CA is known
  size_t max_response_bytes = 64u << 20;  // a larger answer is an error (10,000 token Secrets are ~10 MiB)
};

// A Kubernetes API client over libcurl, from a kubeconfig: client certificate or bearer token, CA
// verification, proxies from HTTPS_PROXY/NO_PROXY. Connection errors, 5xx and 429 are retried with
// backoff (Retry-After honoured) until the call's timeout; other answers come back as they are.
class ApiClient final : public Api {
 public:
  ApiClient(Kubeconfig kubeconfig, host::Clock& clock, ClientOptions options = {});

  Result<ApiResponse> send(const ApiRequest& request) override;
  Status watch(const std::string& path, const std::function<bool(const WatchEvent&)>& on_event) override;
  const Kubeconfig& kubeconfig() const override { return kubeconfig_; }
  int requests_sent() const override { return attempts_.load(); }

 private:
  struct Transfer;
  Result<ApiResponse> send_once(const ApiRequest& request, const std::string& body,
                                std::chrono::nanoseconds& retry_after);
  // Sets the URL, credentials and TLS options every request shares on the (reset) handle.
  void prepare(Transfer& transfer, const std::string& method, const std::string& path);

  struct CurlDeleter {
    void operator()(void* curl) const;
  };
  std::mutex handle_mutex_;
  std::unique_ptr<void, CurlDeleter> handle_;  // a CURL easy handle, reused
  Kubeconfig kubeconfig_;
  host::Clock& clock_;
  ClientOptions options_;
  std::atomic<int> attempts_ = 0;
};

// Connects with libcurl clients sharing these options.
class CurlApiFactory : public ApiFactory {
 public:
  CurlApiFactory(host::Clock& clock, ClientOptions options) : clock_(clock), options_(options) {}
  Result<std::unique_ptr<Api>> connect(const Kubeconfig& kubeconfig) override {
    return std::make_unique<ApiClient>(kubeconfig, clock_, options_);
  }

 private:
  host::Clock& clock_;
  ClientOptions options_;
};

}  // namespace ks::kube

#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "base/error.hpp"
#include "host/clock.hpp"
#include "kube/kubeconfig.hpp"

namespace ks::kube {

struct ApiResponse {
  int status = 0;
  nlohmann::json body;  // parsed JSON, or null
  std::string reason;   // a Status body's reason (AlreadyExists, NotFound, Forbidden, ...)
  std::string message;  // a Status body's message, else the raw body
  bool ok() const { return status >= 200 && status < 300; }
};

struct ClientOptions {
  std::chrono::nanoseconds timeout =
      std::chrono::minutes(1);  // all retries of one call together (kubernetesAPICall)
  std::chrono::nanoseconds first_backoff = std::chrono::milliseconds(500);
  std::chrono::nanoseconds max_backoff = std::chrono::seconds(5);
  bool insecure_skip_tls_verify = false;  // only for cluster-info discovery, before the CA is known
};

// A Kubernetes API client over libcurl, from a kubeconfig: client certificate or bearer token, CA
// verification, proxies from HTTPS_PROXY/NO_PROXY. Connection errors, 5xx and 429 are retried with
// backoff (Retry-After honoured) until the call's timeout; other answers come back as they are.
class ApiClient {
 public:
  ApiClient(Kubeconfig kubeconfig, host::Clock& clock, ClientOptions options = {});
  virtual ~ApiClient() = default;

  // One call, retried as above; a non-2xx answer is a response, not an error.
  virtual Result<ApiResponse> request(const std::string& method, const std::string& path,
                                      const nlohmann::json& body = nullptr,
                                      const std::string& content_type = "application/json");

  Result<nlohmann::json> get(const std::string& path);
  Result<nlohmann::json> create(const std::string& collection, const nlohmann::json& object);
  // Creates the object, or replaces it when it exists (kubeadm's create-or-update).
  Result<nlohmann::json> create_or_update(const std::string& collection, const nlohmann::json& object);
  Status remove(const std::string& path);
  // PATCH with a strategic-merge (or merge) patch body.
  Result<nlohmann::json> patch(const std::string& path, const nlohmann::json& patch,
                               const std::string& content_type = "application/strategic-merge-patch+json");

  const Kubeconfig& kubeconfig() const { return kubeconfig_; }

  int attempts() const { return attempts_.load(); }  // requests sent so far, retries included

 private:
  Result<ApiResponse> send_once(const std::string& method, const std::string& path, const std::string& body,
                                const std::string& content_type, std::chrono::nanoseconds& retry_after);

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

// For --dry-run: prints each request (method, path, object) instead of sending it, and answers as a
// server that accepts everything would (reads return a bare object of that name, writes echo the body).
class DryRunApiClient : public ApiClient {
 public:
  DryRunApiClient(Kubeconfig kubeconfig, host::Clock& clock, std::function<void(const std::string&)> print);
  Result<ApiResponse> request(const std::string& method, const std::string& path,
                              const nlohmann::json& body = nullptr,
                              const std::string& content_type = "application/json") override;

 private:
  std::function<void(const std::string&)> print_;
};

// An error for an unexpected answer: "POST /api/v1/...: configmaps "x" is forbidden: ... (Forbidden, 403)".
Error api_error(const std::string& method, const std::string& path, const ApiResponse& response);

}  // namespace ks::kube

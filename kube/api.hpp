// kube: how kubestrap speaks to Kubernetes. `Api` is the seam every phase talks through: the libcurl
// client (kube/api_client.hpp) sends requests, the dry-run printer (kube/dry_run_api.hpp) shows them, and
// the tests' in-memory cluster (tests/support/fake_api.hpp) answers them as the API server would.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "base/error.hpp"
#include "kube/kubeconfig.hpp"

namespace ks::kube {

struct ApiRequest {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;    // "/api/v1/namespaces/kube-system/configmaps/kubeadm-config", query included
  nlohmann::json body = nullptr;
  std::string content_type = "application/json";
};

struct ApiResponse {
  int status = 0;
  nlohmann::json body;  // parsed JSON, or null
  std::string reason;   // a Status body's reason (AlreadyExists, NotFound, Forbidden, ...)
  std::string message;  // a Status body's message, else the raw body (its start)
  std::string text;     // a body that is not JSON, whole (within the client's max_response_bytes)
  bool ok() const { return status >= 200 && status < 300; }
};

// An answer that is not a success, or no answer at all (status 0): what/why/fix for the user, plus the
// Status the server sent so callers can tell "already exists" from "forbidden".
struct ApiError : Error {
  int status = 0;
  std::string reason;
  bool is(int code) const { return status == code; }
};
template <class T>
using ApiResult = std::expected<T, ApiError>;

// "POST /api/v1/...: configmaps "x" is forbidden: ... (Forbidden, 403)", with a fix for 401 and 403.
ApiError api_error(const std::string& method, const std::string& path, const ApiResponse& response);

enum class PatchType { Strategic, Merge, Json };
std::string content_type(PatchType type);

struct WatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED, BOOKMARK, ERROR
  nlohmann::json object;
};

class Api {
 public:
  virtual ~Api() = default;

  // One request. Any HTTP answer is a response (the implementation may retry transient failures first);
  // an error means no answer came.
  virtual Result<ApiResponse> send(const ApiRequest& request) = 0;
  // Streams the events of a watch on a collection path ("?watch=true" is added) until `on_event` returns
  // false (success) or the server ends the stream (also success: the caller re-lists and watches again).
  virtual Status watch(const std::string& path, const std::function<bool(const WatchEvent&)>& on_event) = 0;
  // Where the requests go and as whom.
  virtual const Kubeconfig& kubeconfig() const = 0;
  // Requests sent so far, retries included: a request repeated without cause shows up here.
  virtual int requests_sent() const = 0;

  // The raw call: the answer as it came.
  Result<ApiResponse> request(const std::string& method, const std::string& path,
                              const nlohmann::json& body = nullptr,
                              const std::string& content_type = "application/json");

  // Typed calls: a 2xx answer's body, else an ApiError carrying the Status.
  ApiResult<nlohmann::json> get(const std::string& path);
  ApiResult<nlohmann::json> list(const std::string& collection);
  ApiResult<nlohmann::json> create(const std::string& collection, const nlohmann::json& object);
  ApiResult<nlohmann::json> update(const std::string& path, const nlohmann::json& object);
  ApiResult<nlohmann::json> patch(const std::string& path, const nlohmann::json& patch,
                                  PatchType type = PatchType::Strategic);
  // An object already gone counts as removed.
  ApiResult<void> remove(const std::string& path);
  // Creates the object, or replaces it when it exists (kubeadm's CreateOrUpdate).
  ApiResult<nlohmann::json> create_or_update(const std::string& collection, const nlohmann::json& object);
};

// The server to ask for something: the admin client, a health prober... The run owns one; tests give
// theirs, so no phase builds a client of its own.
class ApiFactory {
 public:
  virtual ~ApiFactory() = default;
  virtual Result<std::unique_ptr<Api>> connect(const Kubeconfig& kubeconfig) = 0;
};

}  // namespace ks::kube

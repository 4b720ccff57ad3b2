#include "kube/api_client.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "base/yaml_writer.hpp"

namespace ks::kube {

namespace {

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

size_t append_body(char* data, size_t size, size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

size_t read_retry_after(char* data, size_t size, size_t count, void* target) {
  std::string_view line(data, size * count);
  if (line.size() > 12 && to_lower(line.substr(0, 12)) == "retry-after:") {
    auto value = std::string(trim(line.substr(12)));
    // Called from C: nothing may throw here.
    // Capped at a day: a hostile or broken server must not make the wait overflow.
    if (auto seconds = parse_integer<long>(value); seconds && *seconds >= 0)
      *static_cast<long*>(target) = std::min(*seconds, 86400L);
  }
  return size * count;
}

bool retryable_transport_error(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

std::once_flag curl_init;

}  // namespace

void ApiClient::CurlDeleter::operator()(void* curl) const {
  curl_easy_cleanup(static_cast<CURL*>(curl));
}

Error api_error(const std::string& method, const std::string& path, const ApiResponse& response) {
  std::string why = response.message.empty() ? "HTTP " + std::to_string(response.status) : response.message;
  why += " (" + (response.reason.empty() ? std::string("HTTP") : response.reason) + ", " +
         std::to_string(response.status) + ")";
  std::string fix = response.status == 401 ? "check the credentials in the kubeconfig"
                    : response.status == 403
                        ? "the user lacks an RBAC permission; check its (Cluster)RoleBindings"
                        : "";
  return Error{ErrorKind::Failure, method + " " + path, why, fix};
}

ApiClient::ApiClient(Kubeconfig kubeconfig, host::Clock& clock, ClientOptions options)
    : kubeconfig_(std::move(kubeconfig)), clock_(clock), options_(options) {
  std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<ApiResponse> ApiClient::send_once(const std::string& method, const std::string& path,
                                         const std::string& body, const std::string& content_type,
                                         std::chrono::nanoseconds& retry_after) {
  // One handle per client, reset between requests: libcurl keeps its connection and TLS session, so a
  // phase's requests share one handshake instead of paying one each.
  std::lock_guard lock(handle_mutex_);
  if (!handle_)
    handle_.reset(curl_easy_init());
  else
    curl_easy_reset(handle_.get());
  if (!handle_) return failure("starting an HTTP request", "libcurl could not allocate a handle");
  std::string url = kubeconfig_.server + path, response_body;
  long retry_seconds = -1;
  std::unique_ptr<curl_slist, SlistDeleter> headers(curl_slist_append(nullptr, "Accept: application/json"));
  if (!body.empty())
    headers.reset(curl_slist_append(headers.release(), ("Content-Type: " + content_type).c_str()));
  if (!kubeconfig_.token.empty())
    headers.reset(
        curl_slist_append(headers.release(), ("Authorization: Bearer " + kubeconfig_.token).c_str()));
  auto* h = static_cast<CURL*>(handle_.get());
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "kubestrap");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response_body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, read_retry_after);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &retry_seconds);
  if (!body.empty()) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  // Certificates come from the kubeconfig's embedded data, never from files.
  curl_blob ca{const_cast<char*>(kubeconfig_.ca_pem.data()), kubeconfig_.ca_pem.size(), CURL_BLOB_COPY};
  curl_blob cert{const_cast<char*>(kubeconfig_.client_certificate_pem.data()),
                 kubeconfig_.client_certificate_pem.size(), CURL_BLOB_COPY};
  curl_blob key{const_cast<char*>(kubeconfig_.client_key_pem.data()), kubeconfig_.client_key_pem.size(),
                CURL_BLOB_COPY};
  if (options_.insecure_skip_tls_verify || !kubeconfig_.ca_pem.empty()) {
    // The kubeconfig's CA is the only trust anchor, and the system bundle (slow to load: ~40 ms a
    // handshake) is not read at all.
    curl_easy_setopt(h, CURLOPT_CAINFO, nullptr);
    curl_easy_setopt(h, CURLOPT_CAPATH, nullptr);
  }
  if (options_.insecure_skip_tls_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!kubeconfig_.ca_pem.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
  }
  if (!kubeconfig_.client_certificate_pem.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
    curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
    curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  ++attempts_;
  CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    auto why = std::string(error_buffer[0] ? error_buffer : curl_easy_strerror(code));
    Error error{ErrorKind::Failure, method + " " + url, why, ""};
    if (retryable_transport_error(code))
      retry_after = options_.first_backoff;
    else
      retry_after = std::chrono::nanoseconds{-1};
    return std::unexpected(error);
  }
  ApiResponse response;
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  response.body = nlohmann::json::parse(response_body, nullptr, false);
  if (response.body.is_discarded()) {
    response.body = nullptr;
    response.message = std::string(trim(response_body));
  } else if (string_member(response.body, "kind") == "Status") {
    response.reason = string_member(response.body, "reason");
    response.message = string_member(response.body, "message");
  }
  retry_after = std::chrono::nanoseconds{-1};
  if (response.status == 429 || response.status >= 500)
    retry_after = retry_seconds >= 0 ? std::chrono::nanoseconds(std::chrono::seconds(retry_seconds))
                                     : options_.first_backoff;
  spdlog::debug("{} {} -> {}", method, url, response.status);
  return response;
}

Result<ApiResponse> ApiClient::request(const std::string& method, const std::string& path,
                                       const nlohmann::json& body, const std::string& content_type) {
  auto text =
      body.is_null() ? std::string() : body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto deadline = clock_.monotonic() + options_.timeout;
  auto backoff = options_.first_backoff;
  int tries = 0;
  while (true) {
    ++tries;
    std::chrono::nanoseconds retry_after{-1};
    auto result = send_once(method, path, text, content_type, retry_after);
    if (retry_after < std::chrono::nanoseconds{0})
      return result;  // an answer, or an error not worth retrying
    auto wait = std::max(retry_after, backoff);
    if (clock_.monotonic() + wait > deadline) {
      auto last = result ? "the API server answered " + std::to_string(result->status) + " " + result->message
                         : result.error().why;
      return failure(method + " " + kubeconfig_.server + path,
                     "gave up after " + std::to_string(tries) + " attempts: " + last,
                     "check that the API server at " + kubeconfig_.server + " is running and reachable");
    }
    clock_.sleep_for(wait);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

Result<nlohmann::json> ApiClient::get(const std::string& path) {
  auto response = KS_TRY(request("GET", path));
  if (!response.ok()) return std::unexpected(api_error("GET", path, response));
  return response.body;
}

Result<nlohmann::json> ApiClient::create(const std::string& collection, const nlohmann::json& object) {
  auto response = KS_TRY(request("POST", collection, object));
  if (!response.ok()) return std::unexpected(api_error("POST", collection, response));
  return response.body;
}

Result<nlohmann::json> ApiClient::create_or_update(const std::string& collection,
                                                   const nlohmann::json& object) {
  auto created = KS_TRY(request("POST", collection, object));
  if (created.ok()) return created.body;
  if (created.status != 409) return std::unexpected(api_error("POST", collection, created));
  auto path = collection + "/" + object["metadata"]["name"].get<std::string>();
  auto replaced = KS_TRY(request("PUT", path, object));
  if (!replaced.ok()) return std::unexpected(api_error("PUT", path, replaced));
  return replaced.body;
}

Status ApiClient::remove(const std::string& path) {
  auto response = KS_TRY(request("DELETE", path));
  if (!response.ok() && response.status != 404) return std::unexpected(api_error("DELETE", path, response));
  return {};
}

Result<nlohmann::json> ApiClient::patch(const std::string& path, const nlohmann::json& patch,
                                        const std::string& content_type) {
  auto response = KS_TRY(request("PATCH", path, patch, content_type));
  if (!response.ok()) return std::unexpected(api_error("PATCH", path, response));
  return response.body;
}

DryRunApiClient::DryRunApiClient(Kubeconfig kubeconfig, host::Clock& clock,
                                 std::function<void(const std::string&)> print)
    : ApiClient(std::move(kubeconfig), clock), print_(std::move(print)) {}

Result<ApiResponse> DryRunApiClient::request(const std::string& method, const std::string& path,
                                             const nlohmann::json& body, const std::string&) {
  std::string text = "Would " + method + " " + path;
  if (!body.is_null()) {
    // A Secret's values (a bootstrap token's secret half) are never printed.
    auto shown = body;
    if (string_member(shown, "kind") == "Secret" && shown.contains("data"))
      for (auto& [key, value] : shown["data"].items()) value = "<value withheld>";
    text += "\n" + to_yaml(shown);
  }
  print_(std::string(trim(text)));
  ApiResponse response;
  response.status = method == "POST" ? 201 : 200;
  if (!body.is_null()) {
    response.body = body;
  } else {
    auto name = path.substr(path.rfind('/') + 1);
    response.body = {{"metadata", {{"name", name.substr(0, name.find('?'))}}},
                     {"items", nlohmann::json::array()}};
  }
  return response;
}

}  // namespace ks::kube

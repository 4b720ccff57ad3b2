#include "kube/api_client.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "base/json_access.hpp"
#include "base/strings.hpp"

namespace ks::kube {

namespace detail {
// An answer kept up to a limit: a server (cluster-info's may not be trusted yet) cannot make the client hold
// more than the options allow.
struct BoundedBody {
  std::string text;
  size_t limit = 0;
  bool overflow = false;
};

}  // namespace detail

namespace {

size_t append_body(char* data, size_t size, size_t count, void* target) {
  auto& body = *static_cast<detail::BoundedBody*>(target);
  if (body.text.size() + size * count > body.limit) {
    body.overflow = true;
    return 0;  // ends the transfer
  }
  body.text.append(data, size * count);
  return size * count;
}

// JSON nested deeper than any Kubernetes object is refused; the parse itself keeps no deeper values.
constexpr int kMaxJsonDepth = 100;

nlohmann::json parse_bounded_json(const std::string& text) {
  int deepest = 0;
  auto document = nlohmann::json::parse(
      text,
      [&deepest](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        deepest = std::max(deepest, depth);
        return depth <= kMaxJsonDepth;
      },
      false);
  if (deepest > kMaxJsonDepth) return nlohmann::json(nlohmann::json::value_t::discarded);
  return document;
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

constexpr size_t kMaxWatchLine = 16u << 20;

}  // namespace

void ApiClient::CurlDeleter::operator()(void* curl) const {
  curl_easy_cleanup(static_cast<CURL*>(curl));
}

ApiClient::ApiClient(Kubeconfig kubeconfig, host::Clock& clock, ClientOptions options)
    : kubeconfig_(std::move(kubeconfig)), clock_(clock), options_(options) {
  std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// What one transfer needs to outlive curl_easy_perform: headers, credentials, the answer.
struct ApiClient::Transfer {
  struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  };
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  curl_blob ca{}, cert{}, key{};
  std::string url;
  detail::BoundedBody body;
  long retry_seconds = -1;
  char error_buffer[CURL_ERROR_SIZE] = {};
};

void ApiClient::prepare(Transfer& transfer, const std::string& method, const std::string& path) {
  // One handle per client, reset between requests: libcurl keeps its connection and TLS session, so a
  // phase's requests share one handshake instead of paying one each.
  auto* h = static_cast<CURL*>(handle_.get());
  curl_easy_reset(h);
  transfer.url = kubeconfig_.server + path;
  transfer.headers.reset(curl_slist_append(nullptr, "Accept: application/json"));
  if (!kubeconfig_.token.empty())
    transfer.headers.reset(curl_slist_append(transfer.headers.release(),
                                             ("Authorization: Bearer " + kubeconfig_.token).c_str()));
  curl_easy_setopt(h, CURLOPT_URL, transfer.url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "kubestrap");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, read_retry_after);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer.retry_seconds);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, transfer.error_buffer);
  // Certificates come from the kubeconfig's embedded data, never from files.
  transfer.ca = {const_cast<char*>(kubeconfig_.ca_pem.data()), kubeconfig_.ca_pem.size(), CURL_BLOB_COPY};
  transfer.cert = {const_cast<char*>(kubeconfig_.client_certificate_pem.data()),
                   kubeconfig_.client_certificate_pem.size(), CURL_BLOB_COPY};
  transfer.key = {const_cast<char*>(kubeconfig_.client_key_pem.data()), kubeconfig_.client_key_pem.size(),
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
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &transfer.ca);
  }
  if (!kubeconfig_.client_certificate_pem.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &transfer.cert);
    curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &transfer.key);
    curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
  }
}

Result<ApiResponse> ApiClient::send_once(const ApiRequest& request, const std::string& body,
                                         std::chrono::nanoseconds& retry_after) {
  std::lock_guard lock(handle_mutex_);
  if (!handle_) handle_.reset(curl_easy_init());
  if (!handle_) return failure("starting an HTTP request", "libcurl could not allocate a handle");
  Transfer transfer;
  prepare(transfer, request.method, request.path);
  auto* h = static_cast<CURL*>(handle_.get());
  if (!body.empty())
    transfer.headers.reset(
        curl_slist_append(transfer.headers.release(), ("Content-Type: " + request.content_type).c_str()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, transfer.headers.get());
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append_body);
  transfer.body.limit = options_.max_response_bytes;
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer.body);
  if (!body.empty()) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  ++attempts_;
  CURLcode code = curl_easy_perform(h);
  if (transfer.body.overflow) {
    // The answer was cut off mid-response: its connection must not carry the next request.
    handle_.reset();
    return failure(request.method + " " + transfer.url,
                   "the answer is larger than " + std::to_string(options_.max_response_bytes >> 10) + " KiB");
  }
  if (code != CURLE_OK) {
    auto why = std::string(transfer.error_buffer[0] ? transfer.error_buffer : curl_easy_strerror(code));
    retry_after = retryable_transport_error(code) ? options_.first_backoff : std::chrono::nanoseconds{-1};
    return failure(request.method + " " + transfer.url, why);
  }
  ApiResponse response;
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  response.body = parse_bounded_json(transfer.body.text);
  if (response.body.is_discarded()) {
    response.body = nullptr;
    response.message = std::string(trim(transfer.body.text.substr(0, 4096)));
    response.text = std::move(transfer.body.text);
  } else if (string_member(response.body, "kind") == "Status") {
    response.reason = string_member(response.body, "reason");
    response.message = string_member(response.body, "message");
  }
  retry_after = std::chrono::nanoseconds{-1};
  if (response.status == 429 || response.status >= 500)
    retry_after = transfer.retry_seconds >= 0
                      ? std::chrono::nanoseconds(std::chrono::seconds(transfer.retry_seconds))
                      : options_.first_backoff;
  spdlog::debug("{} {} -> {}", request.method, transfer.url, response.status);
  return response;
}

Result<ApiResponse> ApiClient::send(const ApiRequest& request) {
  auto text = request.body.is_null()
                  ? std::string()
                  : request.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto deadline = clock_.monotonic() + options_.timeout;
  auto backoff = options_.first_backoff;
  int tries = 0;
  while (true) {
    ++tries;
    std::chrono::nanoseconds retry_after{-1};
    auto result = send_once(request, text, retry_after);
    if (retry_after < std::chrono::nanoseconds{0})
      return result;  // an answer, or an error not worth retrying
    auto wait = std::max(retry_after, backoff);
    if (clock_.monotonic() + wait > deadline) {
      auto last = result ? "the API server answered " + std::to_string(result->status) + " " + result->message
                         : result.error().why;
      return failure(request.method + " " + kubeconfig_.server + request.path,
                     "gave up after " + std::to_string(tries) + " attempts: " + last,
                     "check that the API server at " + kubeconfig_.server + " is running and reachable");
    }
    clock_.sleep_for(wait);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

namespace {

// A watch's body: one JSON event per line. Each complete line is handed on as it arrives; a line longer
// than any object kubestrap reads ends the watch (a server cannot make the client buffer without bound).
struct WatchStream {
  CURL* handle;
  const std::function<bool(const WatchEvent&)>& on_event;
  std::string pending;
  bool stopped = false;
  std::string error;
};

size_t read_watch(char* data, size_t size, size_t count, void* target) {
  auto& stream = *static_cast<WatchStream*>(target);
  long status = 0;
  curl_easy_getinfo(stream.handle, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) {
    // Not a stream but a Status: kept (bounded) for the error message.
    if (stream.pending.size() < 65536) stream.pending.append(data, std::min<size_t>(size * count, 65536));
    return size * count;
  }
  stream.pending.append(data, size * count);
  size_t end;
  while ((end = stream.pending.find('\n')) != std::string::npos) {
    auto line = stream.pending.substr(0, end);
    stream.pending.erase(0, end + 1);
    if (trim(line).empty()) continue;
    auto event = nlohmann::json::parse(line, nullptr, false);
    if (event.is_discarded() || !member(event, "object").is_object()) {
      stream.error = "the server sent a watch event that is not a JSON event object";
      return 0;
    }
    if (!stream.on_event({string_member(event, "type"), member(event, "object")})) {
      stream.stopped = true;
      return 0;  // ends the transfer: the caller has what it waited for
    }
  }
  if (stream.pending.size() > kMaxWatchLine) {
    stream.error = "a watch event is larger than " + std::to_string(kMaxWatchLine >> 20) + " MiB";
    return 0;
  }
  return size * count;
}

}  // namespace

Status ApiClient::watch(const std::string& path, const std::function<bool(const WatchEvent&)>& on_event) {
  std::lock_guard lock(handle_mutex_);
  if (!handle_) handle_.reset(curl_easy_init());
  if (!handle_) return failure("starting an HTTP request", "libcurl could not allocate a handle");
  Transfer transfer;
  auto watch_path = path + (path.find('?') == std::string::npos ? "?" : "&") + "watch=true";
  prepare(transfer, "GET", watch_path);
  auto* h = static_cast<CURL*>(handle_.get());
  WatchStream stream{h, on_event, {}, false, {}};
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, transfer.headers.get());
  curl_easy_setopt(
      h, CURLOPT_TIMEOUT_MS,
      static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(options_.timeout).count()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, read_watch);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &stream);
  ++attempts_;
  CURLcode code = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  // A stream ended from this side leaves its connection mid-response: the next request must not find
  // it. A fresh handle costs one handshake, once per watch.
  handle_.reset();
  if (stream.stopped) return {};
  if (!stream.error.empty()) return failure("GET " + transfer.url, stream.error);
  if (code != CURLE_OK)
    return failure("GET " + transfer.url,
                   transfer.error_buffer[0] ? transfer.error_buffer : curl_easy_strerror(code));
  if (status < 200 || status >= 300) {
    auto body = nlohmann::json::parse(stream.pending, nullptr, false);
    ApiResponse response{static_cast<int>(status), nullptr, string_member(body, "reason"),
                         string_member(body, "message", std::string(trim(stream.pending.substr(0, 200))))};
    return std::unexpected(api_error("GET", watch_path, response));
  }
  return {};
}

}  // namespace ks::kube

#include "tests/support/control_plane/etcd_watch.hpp"

#include <curl/curl.h>

#include <memory>

#include "base/base64.hpp"
#include "base/json_access.hpp"

namespace ks::standin {

namespace {

struct EasyHandleDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};

// A line longer than this is no watch response etcd sends for the stand-in's objects.
constexpr size_t kMaxResponseLine = 64u << 20;

struct WatchStream {
  const std::function<bool(const nlohmann::json&)>& on_response;
  std::stop_token stop;
  std::string pending;
  std::string error;
  bool done = false;
};

size_t read_stream(char* data, size_t size, size_t count, void* target) {
  auto& stream = *static_cast<WatchStream*>(target);
  stream.pending.append(data, size * count);
  size_t end;
  while ((end = stream.pending.find('\n')) != std::string::npos) {
    auto line = stream.pending.substr(0, end);
    stream.pending.erase(0, end + 1);
    auto document = nlohmann::json::parse(line, nullptr, false);
    const auto& result = member(document, "result");
    if (!result.is_object()) {
      stream.error = "etcd sent a watch line that is not a response: " + line.substr(0, 200);
      return 0;
    }
    if (member(result, "canceled").is_boolean() && result["canceled"].get<bool>()) {
      stream.error = "etcd cancelled the watch (compacted at " + string_member(result, "compact_revision") +
                     "): " + string_member(result, "cancel_reason");
      return 0;
    }
    if (!stream.on_response(result)) {
      stream.done = true;
      return 0;
    }
  }
  if (stream.pending.size() > kMaxResponseLine) {
    stream.error = "an etcd watch response is larger than 64 MiB";
    return 0;
  }
  return size * count;
}

// Called by libcurl about once a second, also while the stream is idle: how a stop request ends it.
int check_stop(void* target, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<WatchStream*>(target)->stop.stop_requested() ? 1 : 0;
}

// etcd's range_end for a prefix: the key just past every key that starts with it.
std::string after_prefix(std::string prefix) {
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

}  // namespace

Status stream_etcd_watch(const kube::Kubeconfig& endpoint, const std::string& prefix, int64_t start_revision,
                         const std::function<bool(const nlohmann::json&)>& on_response,
                         std::stop_token stop) {
  std::unique_ptr<CURL, EasyHandleDeleter> handle(curl_easy_init());
  if (!handle) return failure("watching etcd", "libcurl could not allocate a handle");
  auto* h = handle.get();
  auto url = endpoint.server + "/v3/watch";
  nlohmann::json request = {{"create_request",
                             {{"key", base64_encode(prefix)},
                              {"range_end", base64_encode(after_prefix(prefix))},
                              {"start_revision", std::to_string(start_revision)}}}};
  auto body = request.dump();
  curl_blob ca{const_cast<char*>(endpoint.ca_pem.data()), endpoint.ca_pem.size(), CURL_BLOB_COPY};
  curl_blob cert{const_cast<char*>(endpoint.client_certificate_pem.data()),
                 endpoint.client_certificate_pem.size(), CURL_BLOB_COPY};
  curl_blob key{const_cast<char*>(endpoint.client_key_pem.data()), endpoint.client_key_pem.size(),
                CURL_BLOB_COPY};
  WatchStream stream{on_response, stop, {}, {}, false};
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  // etcd's own CA is the only trust anchor; the system bundle is not read.
  curl_easy_setopt(h, CURLOPT_CAINFO, nullptr);
  curl_easy_setopt(h, CURLOPT_CAPATH, nullptr);
  curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
  curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
  curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
  curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
  curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, read_stream);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &stream);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, check_stop);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &stream);
  CURLcode code = curl_easy_perform(h);
  if (stream.done || stop.stop_requested()) return {};
  if (!stream.error.empty()) return failure("watching " + prefix + " in etcd", stream.error);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK)
    return failure("watching " + prefix + " in etcd",
                   error_buffer[0] ? error_buffer : curl_easy_strerror(code));
  if (status != 200)
    return failure("watching " + prefix + " in etcd",
                   "HTTP " + std::to_string(status) + ": " + stream.pending);
  return failure("watching " + prefix + " in etcd", "etcd ended the stream");
}

}  // namespace ks::standin

// The API server's answers as ApiClient reads them: served over loopback to the real client (libcurl),
// decoded as send_once does (a Status body's reason and message, or the raw text) and turned into an
// error by api_error, as every call does with an unexpected answer. Input: the HTTP status on the first
// line ("403"), a Retry-After value on the second (empty: none), the body after that.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "host/clock.hpp"
#include "kube/api_client.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

// Answers every connection with the response set last, then closes it.
class LoopbackServer {
 public:
  LoopbackServer() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(listener_, 16) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      std::abort();
    port_ = ntohs(address.sin_port);
    std::thread([this] { serve(); }).detach();
  }
  int port() const { return port_; }
  void answer_with(std::string response) {
    std::lock_guard lock(mutex_);
    response_ = std::move(response);
  }

 private:
  void serve() {
    while (true) {
      int client = accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        auto got = recv(client, buffer, sizeof buffer, 0);
        if (got <= 0) break;
        request.append(buffer, static_cast<size_t>(got));
      }
      std::string response;
      {
        std::lock_guard lock(mutex_);
        response = response_;
      }
      for (size_t sent = 0; sent < response.size();) {
        auto wrote = send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
        if (wrote <= 0) break;
        sent += static_cast<size_t>(wrote);
      }
      shutdown(client, SHUT_WR);
      while (recv(client, buffer, sizeof buffer, 0) > 0) {
      }
      close(client);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::mutex mutex_;
  std::string response_;
};

LoopbackServer* server = nullptr;
ks::kube::ApiClient* client = nullptr;

std::string http_response(std::string_view input) {
  auto status_line = ks::fuzz::take_line(input);
  auto retry_after = ks::fuzz::take_line(input);
  int status = 0;
  auto [end, error] = std::from_chars(status_line.data(), status_line.data() + status_line.size(), status);
  // 1xx answers are interim (curl waits for the real one); anything unreadable is a server error.
  if (error != std::errc() || status < 200 || status > 599) status = 500;
  std::string response = "HTTP/1.1 " + std::to_string(status) + " Fuzz\r\nContent-Type: application/json\r\n";
  std::string retry;
  for (char c : retry_after)
    if (c != '\r') retry += c;
  if (!retry.empty()) response += "Retry-After: " + retry + "\r\n";
  response += "Content-Length: " + std::to_string(input.size()) + "\r\nConnection: close\r\n\r\n";
  response += input;
  return response;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  for (const char* name :
       {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
    unsetenv(name);
  server = new LoopbackServer;
  static ks::host::FakeClock clock(std::chrono::system_clock::time_point{});
  ks::kube::Kubeconfig kubeconfig;
  kubeconfig.cluster_name = "kubernetes";
  kubeconfig.user_name = "kubernetes-admin";
  kubeconfig.server = "http://127.0.0.1:" + std::to_string(server->port());
  kubeconfig.token = "abcdef.0123456789abcdef";
  ks::kube::ClientOptions options;
  options.timeout = std::chrono::nanoseconds{0};  // one attempt: a retryable answer comes back at once
  client = new ks::kube::ApiClient(kubeconfig, clock, options);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  server->answer_with(http_response(ks::fuzz::as_text(data, size)));
  auto object = client->get("/api/v1/namespaces/kube-system/configmaps/kubeadm-config");
  if (!object) (void)object.error().message();
  return 0;
}

// `kubestrap token list` with many tokens: the real binary against an HTTPS server on 127.0.0.1 that answers
// the Secret list at once with N bootstrap-token Secrets (pre-rendered, so the time is kubestrap's: start,
// TLS, reading and checking every Secret, the table). Prints the median wall time of the whole command.
//   token_list_bench [TOKENS] [ROUNDS]
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "bench/loopback_pki.hpp"
#include "certs/certificate.hpp"
#include "host/files.hpp"
#include "host/random.hpp"
#include "host/temp_dir.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/go_like_server.hpp"
#include "tests/support/run.hpp"
#include "token/bootstrap_token.hpp"

namespace {

using namespace ks;
using Clock = std::chrono::steady_clock;

}  // namespace

int main(int argc, char** argv) {
  int tokens = argc > 1 ? std::atoi(argv[1]) : 10000;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 10;
  auto now = std::chrono::system_clock::now();
  auto pki = bench::loopback_pki(config::KeyAlgorithm::ECDSAP256);

  host::SystemRandom random;
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < tokens; ++i) {
    config::BootstrapToken token{token::generate_token(random).value().str(),
                                 "token " + std::to_string(i),
                                 std::chrono::hours(24),
                                 "",
                                 {"signing", "authentication"},
                                 {std::string(token::kDefaultGroup)}};
    items.push_back(token::token_secret(token, now).value());
  }
  auto list = nlohmann::json{{"kind", "SecretList"}, {"apiVersion", "v1"}, {"items", items}}.dump();

  httplib::SSLServer server(pki.server_certificate.get(), pki.server_key.get());
  ks::testing::serve_like_go(server);
  int port = server.bind_to_any_port("127.0.0.1");
  server.Get("/api/v1/namespaces/kube-system/secrets",
             [&](const httplib::Request&, httplib::Response& response) {
               response.set_content(list, "application/json");
             });
  // Bound already: a connection made before the loop runs waits in the backlog.
  std::jthread serving([&] { server.listen_after_bind(); });

  auto root = host::make_temp_dir("kubestrap-token-bench-").value();
  kube::Kubeconfig admin{
      "kubernetes", "https://127.0.0.1:" + std::to_string(port), pki.ca_pem, "bench", "", "", "not-checked"};
  host::RootFiles(root).write_atomic("/admin.conf", kube::render_kubeconfig(admin), 0600).value();

  std::vector<double> times;
  size_t lines = 0;
  for (int round = -1; round < rounds; ++round) {  // round -1 warms the page cache and is not counted
    auto start = Clock::now();
    auto result =
        ks::testing::run({KS_BINARY, "token", "list", "--root-dir", root, "--kubeconfig", "/admin.conf"});
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (result.exit_code != 0) {
      std::fprintf(stderr, "token list failed: %s\n", result.err.c_str());
      return 1;
    }
    if (round < 0) continue;
    times.push_back(ms);
    lines = std::count(result.out.begin(), result.out.end(), '\n');
  }
  server.stop();
  std::filesystem::remove_all(root);
  std::ranges::sort(times);
  std::printf(
      "kubestrap token list, %d tokens (%zu KiB answer), %d rounds: median %.0f ms, max %.0f ms, %zu lines"
      "   target < 1 s\n",
      tokens, list.size() >> 10, rounds, times[times.size() / 2], times.back(), lines);
  return 0;
}

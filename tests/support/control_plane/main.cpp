// The control-plane stand-in: one program playing kube-apiserver, kube-controller-manager or
// kube-scheduler, started with the command line of the static Pod manifest kubestrap rendered:
//   ks-control-plane-standin kube-apiserver --advertise-address=... (every flag of the manifest)
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "base/strings.hpp"
#include "host/clock.hpp"
#include "kube/api_client.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/control_plane/api_server.hpp"
#include "tests/support/control_plane/controllers.hpp"
#include "tests/support/control_plane/flags.hpp"
#include "tests/support/control_plane/health_server.hpp"

namespace ks::standin {
namespace {

int fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

int health_only(const std::string& component, const Flags& flags, const std::string& port) {
  auto served = serve_health(component, flags.get("bind-address", "127.0.0.1"),
                             std::stoi(flags.get("secure-port", port)));
  return served ? 0 : fail(served.error().message());
}

int controller_manager(const Flags& flags) {
  auto text = flags.read_file("kubeconfig", "unable to load the kubeconfig");
  if (!text) return fail(text.error().message());
  auto kubeconfig = kube::parse_kubeconfig(*text);
  if (!kubeconfig) return fail(kubeconfig.error().message());
  host::SystemClock clock;
  kube::ApiClient api(*kubeconfig, clock, {.timeout = std::chrono::seconds(2)});
  Controllers controllers{api, "", ""};
  if (!flags.get("cluster-signing-cert-file").empty()) {
    auto cert =
        flags.read_file("cluster-signing-cert-file", "unable to load the cluster signing certificate");
    auto key = flags.read_file("cluster-signing-key-file", "unable to load the cluster signing key");
    if (!cert || !key) return fail((cert ? key.error() : cert.error()).message());
    controllers.signing_cert_pem = *cert;
    controllers.signing_key_pem = *key;
  }
  std::jthread health([&] { health_only("kube-controller-manager", flags, "10257"); });
  // Real controllers watch; polling every 100 ms keeps the stand-in small while reacting as quickly.
  while (true) {
    for (auto step : {&Controllers::sign_cluster_info, &Controllers::clean_tokens, &Controllers::approve_csrs,
                      &Controllers::sign_csrs})
      if (auto done = (controllers.*step)(); !done)
        std::cerr << "controller: " << done.error().message() << "\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace
}  // namespace ks::standin

int main(int argc, char** argv) {
  using namespace ks::standin;
  if (argc < 2)
    return fail(
        "usage: ks-control-plane-standin kube-apiserver|kube-controller-manager|kube-scheduler [flags]");
  std::string component = argv[1];
  auto flags = Flags::parse(std::vector<std::string>(argv + 2, argv + argc));
  if (!flags) return fail(flags.error().message());
  const char* version = std::getenv("KS_STANDIN_VERSION");
  if (component == "kube-apiserver") return run_api_server(*flags, version ? version : "v1.32.4");
  if (component == "kube-controller-manager") return controller_manager(*flags);
  if (component == "kube-scheduler") return health_only(component, *flags, "10259");
  return fail("unknown component " + component);
}

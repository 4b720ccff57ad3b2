// The control-plane stand-in: one program playing kube-apiserver, kube-controller-manager or
// kube-scheduler, started with the command line of the static Pod manifest kubestrap rendered:
//   ks-control-plane-standin kube-apiserver --advertise-address=... (every flag of the manifest)
// The command line is read against the component's real v1.32 flag set (flag_sets/<component>.flags),
// and refused as that component refuses it.
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "base/strings.hpp"
#include "host/clock.hpp"
#include "kube/api_client.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/control_plane/api_server.hpp"
#include "tests/support/control_plane/controller_selection.hpp"
#include "tests/support/control_plane/controllers.hpp"
#include "tests/support/control_plane/flags.hpp"
#include "tests/support/control_plane/health_server.hpp"
#include "tests/support/control_plane/startup_errors.hpp"

namespace ks::standin {
namespace {

int fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

// An error the real component meets after logging is set up (in its RunE): a "command failed" log line.
int command_failed(const std::string& message) {
  host::SystemClock clock;
  log_command_failed(std::cerr, message, clock.now());
  return 1;
}

int health_only(const std::string& component, const Flags& flags, const std::string& port) {
  auto served = serve_health(component, flags.get("bind-address", "127.0.0.1"),
                             std::stoi(flags.get("secure-port", port)));
  return served ? 0 : fail(served.error().message());
}

// A controller the stand-in plays, named as kube-controller-manager names it.
struct PlayedController {
  std::string_view name;
  Status (Controllers::*reconcile)();
};

int controller_manager(const Flags& flags) {
  auto selection = ControllerSelection::from_flag(flags.list("controllers"));
  if (!selection) return command_failed(selection.error().message());
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
  if (flags.has("root-ca-file")) {
    auto root_ca = flags.read_file("root-ca-file", "unable to load the root CA file");
    if (!root_ca) return fail(root_ca.error().message());
    controllers.root_ca_pem = *root_ca;
  }
  std::vector<PlayedController> running;
  for (auto played :
       {PlayedController{"bootstrap-signer-controller", &Controllers::sign_cluster_info},
        PlayedController{"token-cleaner-controller", &Controllers::clean_tokens},
        PlayedController{"certificatesigningrequest-approving-controller", &Controllers::approve_csrs},
        PlayedController{"certificatesigningrequest-signing-controller", &Controllers::sign_csrs},
        PlayedController{"serviceaccount-controller", &Controllers::create_default_service_accounts},
        PlayedController{"root-ca-certificate-publisher-controller", &Controllers::publish_root_ca},
        PlayedController{"clusterrole-aggregation-controller", &Controllers::aggregate_cluster_roles}}) {
    if (selection->enabled(played.name))
      running.push_back(played);
    else
      std::cerr << "Warning: controller is disabled: " << played.name << "\n";
  }
  std::jthread health([&] { health_only("kube-controller-manager", flags, "10257"); });
  // Real controllers watch; polling every 100 ms keeps the stand-in small while reacting as quickly.
  while (true) {
    for (const auto& controller : running)
      if (auto done = (controllers.*controller.reconcile)(); !done)
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
  if (component != "kube-apiserver" && component != "kube-controller-manager" &&
      component != "kube-scheduler")
    return fail("unknown component " + component);
  auto set = FlagSet::load(std::string(KS_CONTROL_PLANE_FLAG_SETS) + "/" + component + ".flags");
  if (!set) return fail(set.error().message());
  auto flags = Flags::parse(*set, std::vector<std::string>(argv + 2, argv + argc));
  if (!flags) {
    print_usage_error(std::cerr, component, flags.error().message());
    return 1;
  }
  for (const auto& argument : flags->arguments())
    if (!argument.empty()) {
      print_usage_error(std::cerr, component, no_arguments_error(component, flags->arguments()));
      return 1;
    }
  const char* version = std::getenv("KS_STANDIN_VERSION");
  std::string reported = version ? version : "v1.32.4";
  if (flags->boolean("help").value_or(false)) {
    std::cout << "Usage:\n  " << component << " [flags]\n";
    return 0;
  }
  if (auto asked = flags->get("version"); !asked.empty() && asked != "false") {
    std::cout << "Kubernetes " << (asked.starts_with('v') ? asked : reported) << "\n";
    return 0;
  }
  if (component == "kube-apiserver") return run_api_server(*flags, reported);
  if (component == "kube-controller-manager") return controller_manager(*flags);
  return health_only(component, *flags, "10259");
}

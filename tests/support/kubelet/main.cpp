// The kubelet stand-in, started by the systemctl stand-in for "systemctl restart kubelet" on a node whose
// root directory is KUBESTRAP_ROOT_DIR. Like the kubelet under systemd it takes its command line from
// kubelet.service and its drop-ins (kubestrap's 10-kubeadm.conf, kubeadm-flags.env), parses it against the
// kubelet's v1.32 flag set (kubelet.flags) and refuses what the kubelet refuses; then it reads --config
// (staticPodPath, healthz), runs the static Pods of staticPodPath by mapping their images to local
// programs (etcd → Debian's etcd, control-plane images → ks-control-plane-standin), serves healthz, and
// through --kubeconfig (bootstrapped from --bootstrap-kubeconfig, its client certificate rotated and kept
// in --cert-dir) registers its Node as Ready, reports the Node's status, renews its Lease and keeps a
// mirror Pod for each static Pod, as a 1.32 kubelet does.
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <thread>

#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "base/yaml_reader.hpp"
#include "host/clock.hpp"
#include "host/files.hpp"
#include "host/network.hpp"
#include "host/system_files.hpp"
#include "kube/api_client.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/control_plane/flags.hpp"
#include "tests/support/control_plane/startup_errors.hpp"
#include "tests/support/go_like_server.hpp"
#include "tests/support/kubelet/api_time.hpp"
#include "tests/support/kubelet/certificate_store.hpp"
#include "tests/support/kubelet/client_certificate_rotation.hpp"
#include "tests/support/kubelet/machine_info.hpp"
#include "tests/support/kubelet/mirror_pod_sync.hpp"
#include "tests/support/kubelet/node_address.hpp"
#include "tests/support/kubelet/node_lease.hpp"
#include "tests/support/kubelet/node_status.hpp"
#include "tests/support/kubelet/static_pod_runner.hpp"
#include "tests/support/kubelet/systemd_command_line.hpp"
#include "tests/support/kubelet/tls_bootstrap.hpp"

namespace fs = std::filesystem;

namespace ks::standin {
namespace {

struct KubeletSettings {
  std::string static_pod_path;  // none without --config or staticPodPath, as in the kubelet
  std::string healthz_address = "127.0.0.1";
  int healthz_port = 10248;
  std::string hostname_override;
  std::vector<std::string> node_ips;  // --node-ip, one per family
  KubeletCredentialPaths credentials;
  std::string print_and_exit;  // what --help or --version asked for, printed instead of running
};

// The kubelet's start (cmd/kubelet/app/server.go, NewKubeletCommand): its own flag parse and then the
// --config file; any failure is the "command failed" line and exit 1.
Result<KubeletSettings> read_settings(const host::Files& files) {
  auto arguments = KS_TRY(kubelet_arguments(files));
  auto set = KS_TRY(FlagSet::load(KS_KUBELET_FLAG_SET));
  auto flags = Flags::parse(set, arguments);
  if (!flags) return invalid("failed to parse kubelet flag: " + flags.error().message());
  if (!flags->arguments().empty()) return invalid("unknown command " + flags->arguments()[0]);
  KubeletSettings settings;
  // As the kubelet: --help and --version short-circuit once the command line parsed, before --config.
  if (flags->boolean("help").value_or(false)) {
    settings.print_and_exit = "Usage:\n  kubelet [flags]\n";
    return settings;
  }
  if (auto version = flags->get("version"); !version.empty() && version != "false") {
    settings.print_and_exit =
        "Kubernetes " + (version.starts_with('v') ? version : std::string(kKubeletVersion)) + "\n";
    return settings;
  }
  settings.hostname_override = flags->get("hostname-override");
  for (const auto& ip : split(flags->get("node-ip"), ','))
    if (!trim(ip).empty()) settings.node_ips.emplace_back(trim(ip));
  settings.credentials = {flags->get("bootstrap-kubeconfig"), flags->get("kubeconfig"),
                          flags->get("cert-dir", "/var/lib/kubelet/pki")};
  if (auto path = flags->get("config"); !path.empty()) {
    auto text = files.read(path);
    if (!text)
      return invalid("failed to load kubelet config file, path: " + path +
                     ", error: failed to load Kubelet config "
                     "file " +
                     path + ", error failed to read kubelet config file \"" + path + "\", error: open " +
                     path + ": no such file or directory");
    auto config = parse_yaml(*text);
    if (!config || !config->is_object())
      return invalid("failed to load kubelet config file, path: " + path +
                     ", error: it is not a YAML object");
    settings.static_pod_path = config->value("staticPodPath", settings.static_pod_path);
    settings.healthz_address = config->value("healthzBindAddress", settings.healthz_address);
    settings.healthz_port = config->value("healthzPort", settings.healthz_port);
  }
  // Flags win over the config file (the kubelet re-applies the command line on top of it).
  if (flags->has("healthz-bind-address")) settings.healthz_address = flags->get("healthz-bind-address");
  if (auto port = flags->integer("healthz-port")) settings.healthz_port = static_cast<int>(*port);
  if (flags->has("pod-manifest-path")) settings.static_pod_path = flags->get("pod-manifest-path");
  return settings;
}

class Kubelet {
 public:
  Kubelet(std::string root, std::string standin_dir)
      : root_(std::move(root)), files_(root_), static_pods_(root_, std::move(standin_dir), files_) {}

  int run() {
    auto read = read_settings(files_);
    if (!read) {
      host::SystemClock clock;
      log_command_failed(std::cerr, read.error().message(), clock.now());
      return 1;
    }
    const auto& settings = *read;
    if (!settings.print_and_exit.empty()) {
      std::cout << settings.print_and_exit;
      return 0;
    }
    httplib::Server healthz;
    testing::serve_like_go(healthz);
    healthz.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("ok", "text/plain");
    });
    if (!healthz.bind_to_port(settings.healthz_address.c_str(), settings.healthz_port)) {
      std::cerr << "kubelet: cannot listen on " << settings.healthz_address << ":" << settings.healthz_port
                << "\n";
      return 1;
    }
    std::jthread health([&] { healthz.listen_after_bind(); });
    name_ = settings.hostname_override.empty() ? hostname() : to_lower(trim(settings.hostname_override));
    machine_ = read_machine_info(files_);
    using std::chrono::steady_clock;
    auto next_mirror_sync = steady_clock::now(), next_status = steady_clock::now(),
         next_lease = steady_clock::now();
    while (true) {
      auto pods = static_pods_.sync(settings.static_pod_path, name_);
      auto now = steady_clock::now();
      if (!api_ && now >= next_connect_) {
        if (!connect(settings)) next_connect_ = now + std::chrono::milliseconds(500);
      }
      if (api_) {
        if (now >= next_mirror_sync) {
          report(sync_mirror_pods(*api_, pods, node_, utc_now(0)), "syncing mirror pods");
          next_mirror_sync = now + std::chrono::seconds(1);
        }
        if (now >= next_status) {
          report(status_->update(*api_, current_status(settings), now), "updating node status");
          next_status = now + kNodeStatusUpdateFrequency;
        }
        if (now >= next_lease) {
          report(lease_->renew(*api_, utc_now(6)), "renewing the node lease");
          next_lease = now + NodeLease::kRenewInterval;
        }
        rotate_when_due(settings, now);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

 private:
  static constexpr std::chrono::seconds kNodeStatusUpdateFrequency{10};

  static void report(const Status& done, const std::string& what) {
    if (!done) std::cerr << "kubelet: " << what << ": " << done.error().message() << "\n";
  }

  nlohmann::json current_status(const KubeletSettings& settings) const {
    auto addresses = node_addresses(settings.node_ips, name_, hosts_file(), network_);
    if (!addresses) return status_->last();
    return node_status(machine_, *addresses, utc_now(0), status_->last());
  }

  // The kubelet's credentials: after a TLS bootstrap when there is no kubeconfig yet, then the
  // certificate store's current pair, else what the kubeconfig holds. A pair only embedded in the
  // kubeconfig (kubeadm init's kubelet.conf) is put in the store and rotated at once, as the certificate
  // manager does with bootstrap certificate data (certificate_manager.go, getCurrentCertificateOrBootstrap).
  Result<kube::Kubeconfig> credentials(const KubeletSettings& settings) {
    const auto& paths = settings.credentials;
    if (!files_.exists(paths.kubeconfig) && !paths.bootstrap_kubeconfig.empty() &&
        files_.exists(paths.bootstrap_kubeconfig)) {
      KS_CHECK(tls_bootstrap(files_, name_, paths));
      std::cerr << "kubelet: TLS bootstrap done, " << paths.kubeconfig << " written\n";
      // The real kubelet renews at 70-90% of the certificate's life; the stand-in renews once right after
      // its bootstrap, so that every joined node also takes the renewal path (selfnodeclient).
      rotation_due_ = true;
    }
    auto kubeconfig = KS_TRY(kube::parse_kubeconfig(KS_TRY(files_.read(paths.kubeconfig))));
    auto current = current_client_certificate(paths.cert_dir);
    if (auto pair = files_.read(current); pair && !pair->empty()) {
      kubeconfig.client_certificate_pem = kubeconfig.client_key_pem = *pair;
    } else if (!kubeconfig.client_certificate_file.empty()) {
      kubeconfig.client_certificate_pem = KS_TRY(files_.read(kubeconfig.client_certificate_file));
      kubeconfig.client_key_pem = KS_TRY(files_.read(kubeconfig.client_key_file));
    } else if (!kubeconfig.client_certificate_pem.empty()) {
      host::SystemClock clock;
      KS_TRY(store_client_certificate(files_, paths.cert_dir, kubeconfig.client_certificate_pem,
                                      kubeconfig.client_key_pem, clock.now()));
      rotation_due_ = true;
    }
    return kubeconfig;
  }

  // Connects with the node's credentials and registers the Node (tryRegisterWithAPIServer: an existing
  // Node of that name is taken as this one); without --kubeconfig the kubelet runs standalone.
  bool connect(const KubeletSettings& settings) {
    if (settings.credentials.kubeconfig.empty()) return false;
    auto kubeconfig = credentials(settings);
    if (!kubeconfig) {
      report(std::unexpected(kubeconfig.error()), "loading credentials");
      return false;
    }
    kubeconfig_ = *kubeconfig;
    auto api = std::make_unique<kube::ApiClient>(kubeconfig_, clock_,
                                                 kube::ClientOptions{.timeout = std::chrono::seconds(5)});
    auto addresses = node_addresses(settings.node_ips, name_, hosts_file(), network_);
    if (!addresses) {
      report(std::unexpected(addresses.error()), "choosing the node's addresses");
      return false;
    }
    auto status = node_status(machine_, *addresses, utc_now(0), nullptr);
    auto created =
        api->request("POST", "/api/v1/nodes", node_to_register(name_, machine_.architecture, status));
    if (!created || (!created->ok() && created->status != 409)) return false;
    auto node = api->get("/api/v1/nodes/" + name_);
    if (!node) return false;
    node_ = {name_, string_member((*node)["metadata"], "uid"), ""};
    for (const auto& address : *addresses)
      if (address.type == "InternalIP" && node_.internal_ip.empty()) node_.internal_ip = address.address;
    status_ = std::make_unique<NodeStatusReporter>(name_);
    status_->registered(created->ok() ? status : (*node)["status"], std::chrono::steady_clock::now());
    lease_ = std::make_unique<NodeLease>(name_, node_.uid);
    api_ = std::move(api);
    std::cerr << "kubelet: node " << name_ << " registered\n";
    return true;
  }

  // The certificate manager's renewal runs beside the kubelet's other loops; once it is done the
  // kubelet's client uses the new pair.
  void rotate_when_due(const KubeletSettings& settings, std::chrono::steady_clock::time_point now) {
    if (rotation_.valid()) {
      if (rotation_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
      auto done = rotation_.get();
      report(done, "rotating the client certificate");
      if (!done) {
        next_rotation_ = now + std::chrono::seconds(5);
        return;
      }
      rotation_due_ = false;
      std::cerr << "kubelet: client certificate rotated\n";
      if (auto kubeconfig = credentials(settings)) {
        kubeconfig_ = *kubeconfig;
        api_ = std::make_unique<kube::ApiClient>(kubeconfig_, clock_,
                                                 kube::ClientOptions{.timeout = std::chrono::seconds(5)});
      }
      return;
    }
    if (!rotation_due_ || now < next_rotation_) return;
    rotation_ =
        std::async(std::launch::async, [this, kubeconfig = kubeconfig_, dir = settings.credentials.cert_dir] {
          return rotate_client_certificate(files_, name_, kubeconfig, dir);
        });
  }

  // The node's hosts file, where the kubelet's resolver looks the node name up first; the stand-in asks
  // no DNS server, as the tests' nodes have none.
  std::string hosts_file() const {
    host::RootFiles live("/");
    return files_.read("/etc/hosts").value_or(live.read("/etc/hosts").value_or(""));
  }

  std::string hostname() const {
    host::RootFiles live("/");
    auto text = files_.read("/proc/sys/kernel/hostname");
    if (!text) text = live.read("/proc/sys/kernel/hostname");
    return to_lower(trim(text.value_or("localhost")));
  }

  std::string root_;
  host::RootFiles files_;
  host::SystemFiles system_{files_};
  host::SystemNetwork network_{system_};
  host::SystemClock clock_;
  StaticPodRunner static_pods_;
  std::string name_;
  MachineInfo machine_;
  kube::Kubeconfig kubeconfig_;
  std::unique_ptr<kube::ApiClient> api_;
  NodeRef node_;
  std::unique_ptr<NodeStatusReporter> status_;
  std::unique_ptr<NodeLease> lease_;
  bool rotation_due_ = false;
  std::future<Status> rotation_;
  std::chrono::steady_clock::time_point next_connect_{}, next_rotation_{};
};

}  // namespace
}  // namespace ks::standin

int main(int argc, char** argv) {
  const char* root = std::getenv("KUBESTRAP_ROOT_DIR");
  std::string standin_dir = fs::path(argv[0]).parent_path().string();
  (void)argc;
  // Stopping the kubelet leaves the static pods running, as containers outlive a kubelet restart.
  signal(SIGTERM, [](int) { _exit(0); });
  signal(SIGINT, [](int) { _exit(0); });
  std::string node_root = root && *root ? root : "/";
  if (node_root == "/") node_root = "";
  return ks::standin::Kubelet(node_root, standin_dir).run();
}

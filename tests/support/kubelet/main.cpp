// The kubelet stand-in, started by the systemctl stand-in for "systemctl restart kubelet" on a node whose
// root directory is KUBESTRAP_ROOT_DIR. Like the kubelet under systemd it takes its command line from
// kubelet.service and its drop-ins (kubestrap's 10-kubeadm.conf, kubeadm-flags.env), parses it against the
// kubelet's v1.32 flag set (kubelet.flags) and refuses what the kubelet refuses; then it reads --config
// (staticPodPath, healthz), runs the static Pods of staticPodPath by mapping their images to local
// programs (etcd → Debian's etcd, control-plane images → ks-control-plane-standin), serves healthz, and
// registers its Node as Ready through --kubeconfig, bootstrapping it from --bootstrap-kubeconfig with a
// client certificate kept in --cert-dir.
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "base/strings.hpp"
#include "base/yaml_reader.hpp"
#include "host/clock.hpp"
#include "host/files.hpp"
#include "kube/api_client.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/control_plane/flags.hpp"
#include "tests/support/control_plane/startup_errors.hpp"
#include "tests/support/go_like_server.hpp"
#include "tests/support/kubelet/systemd_command_line.hpp"
#include "tests/support/kubelet/tls_bootstrap.hpp"
#include "tests/support/static_pod_command.hpp"

namespace bp = boost::process;
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
        "Kubernetes " + (version.starts_with('v') ? version : std::string("v1.32.4")) + "\n";
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

// Which local program plays a control-plane image.
std::vector<std::string> program_for(const std::string& image, const std::vector<std::string>& command,
                                     const std::string& standin_dir) {
  std::vector<std::string> argv(command.begin() + 1, command.end());
  auto name = image.substr(image.rfind('/') + 1);
  name = name.substr(0, name.find(':'));
  if (name == "etcd") {
    argv.insert(argv.begin(), bp::search_path("etcd").string());
  } else {
    argv.insert(argv.begin(), name);
    argv.insert(argv.begin(), standin_dir + "/ks-control-plane-standin");
  }
  return argv;
}

class Kubelet {
 public:
  Kubelet(std::string root, std::string standin_dir)
      : root_(std::move(root)), standin_dir_(std::move(standin_dir)), files_(root_) {}

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
    bool registered = false;
    while (true) {
      start_static_pods(settings);
      if (!registered) registered = register_node(settings);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

 private:
  void start_static_pods(const KubeletSettings& settings) {
    if (settings.static_pod_path.empty()) return;
    auto directory = root_ + settings.static_pod_path;
    if (!fs::is_directory(directory)) return;
    for (const auto& entry : fs::directory_iterator(directory)) {
      auto path = entry.path().filename().string();
      if (!path.ends_with(".yaml")) continue;
      // Like the kubelet's restartPolicy Always for static Pods: a container that exited is started again.
      if (auto running = pods_.find(path); running != pods_.end()) {
        if (running->second.running()) continue;
        pods_.erase(running);
      }
      // Containers outlive a kubelet restart: a pod started by an earlier kubelet is adopted, not doubled.
      if (auto pid = files_.read("/run/standin-pods/" + path + ".pid");
          pid && ::kill(std::stoi(*pid), 0) == 0) {
        continue;
      }
      auto manifest = settings.static_pod_path + "/" + path;
      auto pod = parse_yaml(*files_.read(manifest));
      if (!pod) continue;
      const auto& container = (*pod)["spec"]["containers"][0];
      auto image = container.value("image", "");
      auto argv = program_for(image, testing::static_pod_command(root_, manifest), standin_dir_);
      auto environment = boost::this_process::environment();
      environment["KS_STANDIN_VERSION"] = image.substr(image.rfind(':') + 1);
      fs::create_directories(root_ + "/var/log/pods");
      auto log = root_ + "/var/log/pods/" + path.substr(0, path.size() - 5) + ".log";
      std::cerr << "kubelet: starting static pod " << path << "\n";
      bp::child child(argv, environment, (bp::std_out & bp::std_err) > log, bp::std_in.close());
      fs::create_directories(root_ + "/run/standin-pods");
      (void)files_.write_atomic("/run/standin-pods/" + path + ".pid", std::to_string(child.id()), 0644);
      child.detach();
      pods_.emplace(path, std::move(child));
    }
  }

  // Registers this node through --kubeconfig (its own client certificate), as "Ready"; without
  // --kubeconfig the kubelet runs standalone and registers nothing.
  bool register_node(const KubeletSettings& settings) {
    const auto& paths = settings.credentials;
    if (paths.kubeconfig.empty()) return true;
    // The kubelet lowercases the name it registers (nodeutil.GetHostname).
    auto name = settings.hostname_override.empty() ? hostname() : to_lower(trim(settings.hostname_override));
    if (!files_.exists(paths.kubeconfig) && !paths.bootstrap_kubeconfig.empty() &&
        files_.exists(paths.bootstrap_kubeconfig)) {
      if (auto done = tls_bootstrap(files_, name, paths); !done) {
        std::cerr << "kubelet: TLS bootstrap: " << done.error().message() << "\n";
        return false;
      }
      std::cerr << "kubelet: TLS bootstrap done, " << paths.kubeconfig << " written\n";
    }
    auto text = files_.read(paths.kubeconfig);
    if (!text) return false;
    auto kubeconfig = kube::parse_kubeconfig(*text);
    if (!kubeconfig) return false;
    auto current = paths.cert_dir + "/kubelet-client-current.pem";
    if (!kubeconfig->client_certificate_file.empty()) {
      kubeconfig->client_certificate_pem = files_.read(kubeconfig->client_certificate_file).value_or("");
      kubeconfig->client_key_pem = files_.read(kubeconfig->client_key_file).value_or("");
    } else if (!files_.exists(current)) {
      // The kubelet keeps its client credentials in its certificate store for rotation.
      (void)files_.make_dirs(paths.cert_dir, 0755);
      (void)files_.write_atomic(current, kubeconfig->client_certificate_pem + kubeconfig->client_key_pem,
                                0600);
    }
    host::SystemClock clock;
    kube::ApiClient api(*kubeconfig, clock, {.timeout = std::chrono::milliseconds(500)});
    nlohmann::json node = {
        {"apiVersion", "v1"},
        {"kind", "Node"},
        {"metadata",
         {{"name", name},
          {"labels",
           {{"kubernetes.io/hostname", name},
            {"kubernetes.io/os", "linux"},
            {"kubernetes.io/arch", "amd64"},
            {"beta.kubernetes.io/os", "linux"},
            {"beta.kubernetes.io/arch", "amd64"}}}}},
        {"spec", nlohmann::json::object()},
        {"status",
         {{"addresses", addresses(settings, name)},
          {"conditions",
           {{{"type", "Ready"},
             {"status", "True"},
             {"reason", "KubeletReady"},
             {"message", "kubelet is posting ready status"}}}},
          {"nodeInfo",
           {{"kubeletVersion", "v1.32.4"}, {"containerRuntimeVersion", "containerd://1.6.20"}}}}}};
    auto created = api.request("POST", "/api/v1/nodes", node);
    if (!created || (!created->ok() && created->status != 409)) return false;
    std::cerr << "kubelet: node " << name << " registered\n";
    return true;
  }

  // As the kubelet reports them with --node-ip: each given address as InternalIP, then the hostname.
  static nlohmann::json addresses(const KubeletSettings& settings, const std::string& name) {
    auto list = nlohmann::json::array();
    for (const auto& ip : settings.node_ips) list.push_back({{"type", "InternalIP"}, {"address", ip}});
    list.push_back({{"type", "Hostname"}, {"address", name}});
    return list;
  }

  std::string hostname() const {
    host::RootFiles live("/");
    auto text = files_.read("/proc/sys/kernel/hostname");
    if (!text) text = live.read("/proc/sys/kernel/hostname");
    return to_lower(trim(text.value_or("localhost")));
  }

  std::string root_, standin_dir_;
  host::RootFiles files_;
  std::map<std::string, bp::child> pods_;
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

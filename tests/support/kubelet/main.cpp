// The kubelet stand-in, started by the systemctl stand-in for "systemctl restart kubelet" on a node whose
// root directory is KUBESTRAP_ROOT_DIR. Like the kubelet with kubeadm's drop-in it reads
// /var/lib/kubelet/config.yaml, /var/lib/kubelet/kubeadm-flags.env and /etc/kubernetes/kubelet.conf; it
// runs the static Pods of staticPodPath by mapping their images to local programs (etcd → Debian's etcd,
// control-plane images → ks-control-plane-standin), serves healthz, and registers its Node as Ready.
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
#include "tests/support/go_like_server.hpp"
#include "tests/support/kubelet/tls_bootstrap.hpp"
#include "tests/support/static_pod_command.hpp"

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace ks::standin {
namespace {

struct KubeletSettings {
  std::string static_pod_path = "/etc/kubernetes/manifests";
  std::string healthz_address = "127.0.0.1";
  int healthz_port = 10248;
  std::map<std::string, std::string> flags;  // from kubeadm-flags.env
};

KubeletSettings read_settings(const host::Files& files) {
  KubeletSettings settings;
  if (auto text = files.read("/var/lib/kubelet/config.yaml"))
    if (auto config = parse_yaml(*text); config && config->is_object()) {
      settings.static_pod_path = config->value("staticPodPath", settings.static_pod_path);
      settings.healthz_address = config->value("healthzBindAddress", settings.healthz_address);
      settings.healthz_port = config->value("healthzPort", settings.healthz_port);
    }
  if (auto text = files.read("/var/lib/kubelet/kubeadm-flags.env")) {
    auto line = std::string(trim(*text));
    auto start = line.find('"'), end = line.rfind('"');
    if (start != std::string::npos && end > start)
      for (const auto& word : split(line.substr(start + 1, end - start - 1), ' '))
        if (auto eq = word.find('='); word.starts_with("--") && eq != std::string::npos)
          settings.flags[word.substr(2, eq - 2)] = word.substr(eq + 1);
  }
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
    auto settings = read_settings(files_);
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

  // Registers this node through kubelet.conf (its own client certificate), as "Ready".
  bool register_node(const KubeletSettings& settings) {
    auto name =
        settings.flags.contains("hostname-override") ? settings.flags.at("hostname-override") : hostname();
    if (!files_.exists("/etc/kubernetes/kubelet.conf") &&
        files_.exists("/etc/kubernetes/bootstrap-kubelet.conf")) {
      if (auto done = tls_bootstrap(files_, name); !done) {
        std::cerr << "kubelet: TLS bootstrap: " << done.error().message() << "\n";
        return false;
      }
      std::cerr << "kubelet: TLS bootstrap done, kubelet.conf written\n";
    }
    auto text = files_.read("/etc/kubernetes/kubelet.conf");
    if (!text) return false;
    auto kubeconfig = kube::parse_kubeconfig(*text);
    if (!kubeconfig) return false;
    if (!kubeconfig->client_certificate_file.empty()) {
      kubeconfig->client_certificate_pem = files_.read(kubeconfig->client_certificate_file).value_or("");
      kubeconfig->client_key_pem = files_.read(kubeconfig->client_key_file).value_or("");
    } else if (!files_.exists("/var/lib/kubelet/pki/kubelet-client-current.pem")) {
      // The kubelet keeps its client credentials in its certificate store for rotation.
      (void)files_.make_dirs("/var/lib/kubelet/pki", 0755);
      (void)files_.write_atomic("/var/lib/kubelet/pki/kubelet-client-current.pem",
                                kubeconfig->client_certificate_pem + kubeconfig->client_key_pem, 0600);
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
         {{"conditions",
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

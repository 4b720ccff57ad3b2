// Request latency of the kube-apiserver stand-in, two builds side by side (needs root: network namespaces).
// Each build's stand-ins run a cluster of their own, made by a real `kubestrap init` in a network namespace
// of its own; the benchmark then sends the same requests to both, batch by batch in turn, so that whatever
// else loads the machine loads both alike. Each request is timed alone over a kept connection (libcurl, as
// kubestrap's client), after a warm-up. Besides wall-clock latency it reports the API server process's CPU
// time per request, the figure other load moves least.
//   standin_latency BEFORE_BIN_DIR AFTER_BIN_DIR [ROUNDS]   (bench/standin_latency.sh builds both)
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/strings.hpp"
#include "host/clock.hpp"
#include "kube/api_client.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/test_node.hpp"

namespace {

using namespace ks;
using Clock = std::chrono::steady_clock;

// One kind of request: who sends it and what it asks.
struct RequestKind {
  std::string label;
  std::string identity;  // admin, node, token, anonymous
  std::string method, path;
  nlohmann::json body = nullptr;
};

std::vector<RequestKind> request_kinds() {
  const std::string kubeadm_config = "/api/v1/namespaces/kube-system/configmaps/kubeadm-config";
  return {
      {"admin: get a ConfigMap (RBAC, group binding)", "admin", "GET", kubeadm_config},
      {"admin: list Nodes", "admin", "GET", "/api/v1/nodes"},
      {"admin: create + delete a ConfigMap", "admin", "CREATE+DELETE",
       "/api/v1/namespaces/default/configmaps"},
      {"node: get its Node (node authorizer)", "node", "GET", "/api/v1/nodes/cp1"},
      {"node: get kubeadm-config (Node, then RBAC)", "node", "GET", kubeadm_config},
      {"bootstrap token: get kubeadm-config", "token", "GET", kubeadm_config},
      {"anonymous: get cluster-info", "anonymous", "GET",
       "/api/v1/namespaces/kube-public/configmaps/cluster-info"},
  };
}

double percentile(std::vector<double> values, double fraction) {
  std::ranges::sort(values);
  return values[std::min(values.size() - 1, static_cast<size_t>(fraction * values.size()))];
}

// CPU seconds (user + system) a process has used, from /proc/<pid>/stat.
double cpu_seconds(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), {});
  auto fields = split(text.substr(text.rfind(')') + 2), ' ');
  return (std::stod(fields.at(11)) + std::stod(fields.at(12))) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A cluster of one build's stand-ins and a client per identity, all opened inside its network namespace.
class Cluster {
 public:
  Cluster(const std::string& label, const std::string& standin_dir, int index)
      : label_(label),
        node_("ksbench" + std::to_string(getpid()) + "x" + std::to_string(index),
              "10.8" + std::to_string(3 + index) + ".0.10", standin_dir) {
    auto init = node_.exec({KS_BINARY, "init", "--pod-network-cidr", "10.244.0.0/16", "--node-name", "cp1",
                            "--skip-phases", "preflight", "--cri-socket",
                            "unix:///run/containerd/containerd.sock", "-o", "json"});
    if (init.exit_code != 0) throw std::runtime_error("init failed: " + init.out + init.err);
    auto token = nlohmann::json::parse(init.out)["token"].get<std::string>();
    namespace_fd_ = open(("/run/netns/" + node_.name()).c_str(), O_RDONLY | O_CLOEXEC);
    enter();
    auto admin = kube::parse_kubeconfig(read("/etc/kubernetes/admin.conf")).value();
    auto kubelet = kube::parse_kubeconfig(read("/etc/kubernetes/kubelet.conf")).value();
    if (!kubelet.client_certificate_file.empty()) {
      kubelet.client_certificate_pem = read(kubelet.client_certificate_file);
      kubelet.client_key_pem = read(kubelet.client_key_file);
      kubelet.client_certificate_file = kubelet.client_key_file = "";
    }
    auto with_token = admin, anonymous = admin;
    with_token.client_certificate_pem = with_token.client_key_pem = anonymous.client_certificate_pem =
        anonymous.client_key_pem = "";
    with_token.token = token;
    for (auto [name, kubeconfig] : std::vector<std::pair<std::string, kube::Kubeconfig>>{
             {"admin", admin}, {"node", kubelet}, {"token", with_token}, {"anonymous", anonymous}})
      clients_.emplace(
          name, std::make_unique<kube::ApiClient>(kubeconfig, clock_,
                                                  kube::ClientOptions{.timeout = std::chrono::seconds(10)}));
    api_server_pid_ = find_api_server();
  }
  ~Cluster() { close(namespace_fd_); }

  const std::string& label() const { return label_; }
  int api_server_pid() const { return api_server_pid_; }

  // Later sockets of this thread open in the cluster's namespace; open ones stay where they are.
  void enter() {
    if (setns(namespace_fd_, CLONE_NEWNET) != 0) throw std::runtime_error("setns " + node_.name());
  }

  // Sends one request of a kind and returns its wall time in ms (a create + delete pair counts as two).
  std::vector<double> send(const RequestKind& kind, int serial) {
    auto& client = *clients_.at(kind.identity);
    auto timed = [&](const std::string& method, const std::string& path, const nlohmann::json& body) {
      auto start = Clock::now();
      auto response = client.request(method, path, body);
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      if (!response || response->status >= 400)
        throw std::runtime_error(label_ + ": " + method + " " + path + " failed: " +
                                 (response ? std::to_string(response->status) : response.error().message()));
      return ms;
    };
    if (kind.method != "CREATE+DELETE") return {timed(kind.method, kind.path, nullptr)};
    auto name = "bench-" + std::to_string(serial);
    nlohmann::json object = {{"apiVersion", "v1"},
                             {"kind", "ConfigMap"},
                             {"metadata", {{"name", name}}},
                             {"data", {{"key", "value"}}}};
    return {timed("POST", kind.path, object), timed("DELETE", kind.path + "/" + name, nullptr)};
  }

 private:
  // A file of the node; a symbolic link to an absolute path (kubelet-client-current.pem) points inside it.
  std::string read(std::string node_path) {
    for (int hops = 0; hops < 8 && std::filesystem::is_symlink(node_.root() + node_path); ++hops) {
      auto target = std::filesystem::read_symlink(node_.root() + node_path);
      node_path = target.is_absolute() ? target.string()
                                       : (std::filesystem::path(node_path).parent_path() / target).string();
    }
    std::ifstream file(node_.root() + node_path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }
  int find_api_server() {
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      std::ifstream file(entry.path() / "cmdline");
      std::string command((std::istreambuf_iterator<char>(file)), {});
      if (command.find("ks-control-plane-standin") != std::string::npos &&
          command.find(std::string("kube-apiserver") + '\0') != std::string::npos &&
          command.find(node_.root()) != std::string::npos)
        return std::stoi(entry.path().filename().string());
    }
    throw std::runtime_error("no kube-apiserver stand-in found for " + node_.name());
  }

  std::string label_;
  ks::testing::TestNode node_;
  host::SystemClock clock_;
  int namespace_fd_ = -1;
  std::map<std::string, std::unique_ptr<kube::ApiClient>> clients_;
  int api_server_pid_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: standin_latency BEFORE_BIN_DIR AFTER_BIN_DIR [ROUNDS]\n");
    return 2;
  }
  int rounds = argc > 3 ? std::atoi(argv[3]) : 10;
  const int batch = 20;
  // The clusters' namespaces are emptied with kill -9 when they go: this thread must be back home by then.
  int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  try {
    std::vector<std::unique_ptr<Cluster>> clusters;
    // Destroyed before the clusters, also when an error unwinds.
    struct BackHome {
      int fd;
      ~BackHome() { (void)setns(fd, CLONE_NEWNET); }
    } back_home{home};
    clusters.push_back(std::make_unique<Cluster>("before", argv[1], 0));
    clusters.push_back(std::make_unique<Cluster>("after", argv[2], 1));
    auto kinds = request_kinds();
    // [cluster][kind] → latencies in ms
    std::vector<std::vector<std::vector<double>>> latency(2, std::vector<std::vector<double>>(kinds.size()));
    std::vector<double> cpu(2, 0);
    std::vector<int> sent(2, 0);
    int serial = 0;
    for (int round = -1; round < rounds; ++round) {  // round -1 warms up and is not counted
      for (size_t k = 0; k < kinds.size(); ++k) {
        for (size_t c = 0; c < clusters.size(); ++c) {
          auto& cluster = *clusters[c];
          cluster.enter();
          double cpu_before = cpu_seconds(cluster.api_server_pid());
          for (int i = 0; i < batch; ++i) {
            auto times = cluster.send(kinds[k], ++serial);
            if (round < 0) continue;
            latency[c][k].insert(latency[c][k].end(), times.begin(), times.end());
            sent[c] += static_cast<int>(times.size());
          }
          if (round >= 0) cpu[c] += cpu_seconds(cluster.api_server_pid()) - cpu_before;
        }
      }
    }
    std::printf(
        "kube-apiserver stand-in, request latency, %u cores: %d rounds x %d requests of each kind, the two "
        "builds in turn\n",
        std::thread::hardware_concurrency(), rounds, batch);
    std::printf("%-46s %18s %18s %8s\n", "", "before med / p90", "after med / p90", "after/before");
    std::vector<std::vector<double>> everything(2);
    for (size_t k = 0; k < kinds.size(); ++k) {
      double medians[2];
      std::printf("%-46s", kinds[k].label.c_str());
      for (size_t c = 0; c < 2; ++c) {
        medians[c] = percentile(latency[c][k], 0.5);
        std::printf(" %8.2f / %5.2f ms", medians[c], percentile(latency[c][k], 0.9));
        everything[c].insert(everything[c].end(), latency[c][k].begin(), latency[c][k].end());
      }
      std::printf(" %8.2f\n", medians[1] / medians[0]);
    }
    std::printf("%-46s", "all requests");
    for (size_t c = 0; c < 2; ++c)
      std::printf(" %8.2f / %5.2f ms", percentile(everything[c], 0.5), percentile(everything[c], 0.9));
    std::printf(" %8.2f\n", percentile(everything[1], 0.5) / percentile(everything[0], 0.5));
    std::printf("%-46s", "API server CPU per request");
    for (size_t c = 0; c < 2; ++c) std::printf(" %15.3f ms", 1000 * cpu[c] / sent[c]);
    std::printf(" %8.2f\n", (cpu[1] / sent[1]) / (cpu[0] / sent[0]));
    std::fflush(stdout);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "standin_latency: %s\n", error.what());
    return 1;
  }
  return 0;
}

#include "tests/realism/realism_cluster.hpp"

#include <unistd.h>

#include <memory>

#include "base/strings.hpp"
#include "host/files.hpp"

namespace ks::testing {

namespace {

struct Shared {
  std::unique_ptr<TestNode> node;
  host::ProcessResult init;
  nlohmann::json init_result;
  std::map<std::string, std::string> kubeconfigs;  // identity → kubeconfig path
  int serial = 1;
};

Shared& shared() {
  static Shared instance;
  return instance;
}

// The node and everything it started go when the binary's tests are done, not at static destruction.
class RemoveTheNode : public ::testing::Environment {
 public:
  void TearDown() override { shared().node.reset(); }
};
[[maybe_unused]] const auto* const kRemoveTheNode = ::testing::AddGlobalTestEnvironment(new RemoveTheNode);

std::string quoted_subject(const std::string& user, const std::vector<std::string>& groups) {
  std::string subject;
  for (const auto& group : groups) subject += "/O=" + group;
  return subject + "/CN=" + user;
}

}  // namespace

void RealismCluster::SetUp() {
  if (geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
  auto& cluster = shared();
  if (!cluster.node) {
    cluster.node = std::make_unique<TestNode>("ksreal" + std::to_string(getpid()), "10.81.0.10");
    cluster.init = cluster.node->exec({KS_BINARY, "init", "--pod-network-cidr", "10.244.0.0/16",
                                       "--node-name", "cp1", "--skip-phases", "preflight", "--cri-socket",
                                       "unix:///run/containerd/containerd.sock", "-o", "json"});
    cluster.init_result = nlohmann::json::parse(cluster.init.out, nullptr, false);
  }
  ASSERT_EQ(cluster.init.exit_code, 0) << cluster.init.out << cluster.init.err;
}

TestNode& RealismCluster::node() {
  return *shared().node;
}

const nlohmann::json& RealismCluster::init_result() {
  return shared().init_result;
}

std::string RealismCluster::write(const std::string& node_path, const std::string& content, int mode) {
  host::RootFiles files(node().root());
  auto parent = node_path.substr(0, node_path.rfind('/'));
  if (!parent.empty()) files.make_dirs(parent, 0755).value();
  files.write_atomic(node_path, content, static_cast<mode_t>(mode)).value();
  return path(node_path);
}

host::ProcessResult RealismCluster::kubectl(std::vector<std::string> args) {
  return node().kubectl(std::move(args));
}

host::ProcessResult RealismCluster::kubectl_as(const std::string& user,
                                               const std::vector<std::string>& groups,
                                               std::vector<std::string> args) {
  args.insert(args.end(), {"--as", user});
  for (const auto& group : groups) args.insert(args.end(), {"--as-group", group});
  return kubectl(std::move(args));
}

std::string RealismCluster::kubeconfig_for(const std::string& user, const std::vector<std::string>& groups) {
  auto& cluster = shared();
  auto identity = quoted_subject(user, groups);
  if (auto known = cluster.kubeconfigs.find(identity); known != cluster.kubeconfigs.end())
    return known->second;
  auto stem = "/realism/client-" + std::to_string(cluster.serial++);
  auto extensions = write(stem + ".ext", "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n");
  auto key = path(stem + ".key"), request = path(stem + ".csr"), cert = path(stem + ".crt");
  auto ca = path("/etc/kubernetes/pki/ca.crt"), ca_key = path("/etc/kubernetes/pki/ca.key");
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", request, "-subj", identity},
           {"openssl", "x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-set_serial",
            std::to_string(1000 + cluster.serial), "-days", "1", "-extfile", extensions, "-out", cert}}) {
    auto result = run(command);
    if (result.exit_code != 0) throw std::runtime_error(join(command, " ") + ": " + result.err);
  }
  auto kubeconfig = write(
      stem + ".conf",
      "apiVersion: v1\nkind: Config\nclusters:\n- name: realism\n  cluster:\n    server: " + server() +
          "\n    certificate-authority: " + ca +
          "\nusers:\n- name: client\n  user:\n    client-certificate: " + cert + "\n    client-key: " + key +
          "\ncontexts:\n- name: client\n  context:\n    cluster: realism\n    user: client\n"
          "current-context: client\n",
      0600);
  cluster.kubeconfigs[identity] = kubeconfig;
  return kubeconfig;
}

host::ProcessResult RealismCluster::kubectl_cert(const std::string& user,
                                                 const std::vector<std::string>& groups,
                                                 std::vector<std::string> args) {
  args.insert(args.begin(), {"kubectl", "--kubeconfig", kubeconfig_for(user, groups)});
  return node().exec(args);
}

host::ProcessResult RealismCluster::kubectl_token(const std::string& token, std::vector<std::string> args) {
  args.insert(args.begin(),
              {"kubectl", "--kubeconfig", "/dev/null", "--server", server(), "--certificate-authority",
               path("/etc/kubernetes/pki/ca.crt"), "--token", token});
  return node().exec(args);
}

host::ProcessResult RealismCluster::python(const std::string& script, const std::string& kubeconfig) {
  auto config = kubeconfig.empty() ? path("/etc/kubernetes/admin.conf") : kubeconfig;
  return node().exec({"/usr/bin/python3", "-c", script}, {{"KUBECONFIG", config}});
}

host::ProcessResult RealismCluster::javascript(const std::string& snippet, const std::string& kubeconfig) {
  auto config = kubeconfig.empty() ? path("/etc/kubernetes/admin.conf") : kubeconfig;
  const std::string prelude = R"(import * as k8s from '@kubernetes/client-node';
const kc = new k8s.KubeConfig();
kc.loadFromFile(process.env.KUBECONFIG);
const status = (error) => {
  const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
  return { code: error.code, reason: body?.reason, message: body?.message };
};
try {
)";
  const std::string ending = R"(
} catch (error) {
  console.error(`client-node: ${error.message ?? error}`);
  process.exit(1);
}
)";
  // Run from tests/node so that the package resolves from its node_modules.
  return node().exec({"env", "-C", std::string(KS_SOURCE_DIR) + "/tests/node", "node", "--input-type=module",
                      "-e", prelude + snippet + ending},
                     {{"KUBECONFIG", config}});
}

std::pair<std::string, std::string> RealismCluster::server_error(const std::string& kubectl_stderr) {
  const std::string head = "Error from server (";
  auto start = kubectl_stderr.find(head);
  if (start == std::string::npos) return {};
  auto close = kubectl_stderr.find("): ", start);
  if (close == std::string::npos) return {};
  auto end = kubectl_stderr.find('\n', close);
  auto message =
      kubectl_stderr.substr(close + 3, end == std::string::npos ? std::string::npos : end - close - 3);
  // kubectl create/apply name the file first: `error when creating "<file>": <the server's message>`.
  if (message.starts_with("error when ")) message = message.substr(message.find("\": ") + 3);
  return {kubectl_stderr.substr(start + head.size(), close - start - head.size()), message};
}

}  // namespace ks::testing

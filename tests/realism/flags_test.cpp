// Each stand-in reads its component's real v1.32 command line and refuses what the component refuses, with
// the component's own message; kube-controller-manager runs only the controllers --controllers enables.
// The rules, and where Kubernetes states them:
// - spf13/pflag flag.go: parseLongArg ("unknown flag: --%s", "flag needs an argument: %s", "bad flag
//   syntax"), parseSingleShortArg (-v2, -v=2, -v 2), a bool's NoOptDefVal so that it never takes the next
//   word, and FlagSet.set wrapping a value's error as `invalid argument %q for %q flag: %v`;
// - Go's strconv (ParseInt, ParseUint, ParseBool: `strconv.ParseInt: parsing "x": invalid syntax`,
//   "value out of range") and time.ParseDuration ("time: missing unit in duration"), behind pflag's int,
//   int32, bool and duration values; pflag ip.go ("failed to parse IP: %q");
// - staging/src/k8s.io/component-base/cli/run.go: a parse error before logging starts is printed as
//   "Error: %v"; a later one is klog's `"command failed" err="..."`;
// - cmd/kube-scheduler/app/server.go (and the other control-plane commands): cobra Args refuse positional
//   words with `%q does not take any arguments, got %q`;
// - cmd/kubelet/app/server.go: the kubelet parses its own flags, `failed to parse kubelet flag: %w`;
//   staging/src/k8s.io/component-base/cli/flag/map_string_string.go and
//   langle_separated_map_string_string.go: "malformed pair, expect string=string" and "malformed pair, expect
//   string<string";
// - staging/src/k8s.io/controller-manager/options/generic.go (Validate: `%q is not in the list of known
//   controllers`), staging/src/k8s.io/controller-manager/app/helper.go (IsControllerEnabled) and
//   cmd/kube-controller-manager/app/controllermanager.go (bootstrap-signer-controller and
//   token-cleaner-controller are disabled by default, so "*" alone leaves them off).
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "host/files.hpp"
#include "tests/support/run.hpp"
#include "tests/support/static_pod_command.hpp"
#include "tests/support/test_host.hpp"
#include "tests/support/test_node.hpp"

namespace ks {
namespace {

using testing::run;

const std::string kControlPlane = std::string(STANDIN_BIN_DIR) + "/ks-control-plane-standin";
const std::string kKubelet = std::string(STANDIN_BIN_DIR) + "/ks-kubelet-standin";

host::ProcessResult control_plane(const std::string& component, std::vector<std::string> args) {
  args.insert(args.begin(), {kControlPlane, component});
  return run(args);
}

// A node root holding what kubestrap writes for the kubelet: the unit, kubeadm's drop-in, kubeadm-flags.env.
void write_kubelet_node(const std::string& root, const std::string& kubeadm_args) {
  host::RootFiles files(root);
  ASSERT_TRUE(files.write_atomic("/etc/systemd/system/kubelet.service",
                                 "[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n", 0644));
  ASSERT_TRUE(files.write_atomic(
      "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
      "[Service]\n"
      "Environment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf "
      "--kubeconfig=/etc/kubernetes/kubelet.conf\"\n"
      "Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\n"
      "EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\n"
      "EnvironmentFile=-/etc/default/kubelet\n"
      "ExecStart=\n"
      "ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS "
      "$KUBELET_EXTRA_ARGS\n",
      0644));
  ASSERT_TRUE(files.write_atomic("/var/lib/kubelet/kubeadm-flags.env",
                                 "KUBELET_KUBEADM_ARGS=\"" + kubeadm_args + "\"\n", 0644));
}

host::ProcessResult kubelet(const std::string& root) {
  return run({"env", "KUBESTRAP_ROOT_DIR=" + root, kKubelet});
}

struct Refusal {
  std::string component;
  std::vector<std::string> args;
  std::string message;  // the whole line the component prints
};

class ControlPlaneFlags : public ::testing::TestWithParam<Refusal> {};

TEST_P(ControlPlaneFlags, AreRefusedWithTheComponentsMessage) {
  const auto& refusal = GetParam();
  auto result = control_plane(refusal.component, refusal.args);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find(refusal.message + "\n"), std::string::npos) << result.err;
}

INSTANTIATE_TEST_SUITE_P(
    Refusals, ControlPlaneFlags,
    ::testing::Values(
        Refusal{"kube-apiserver",
                {"--secure-port=6443", "--no-such-flag=1"},
                "Error: unknown flag: --no-such-flag"},
        Refusal{
            "kube-apiserver",
            {"--secure-port=x"},
            R"(Error: invalid argument "x" for "--secure-port" flag: strconv.ParseInt: parsing "x": invalid syntax)"},
        Refusal{
            "kube-apiserver",
            {"--anonymous-auth=maybe"},
            R"(Error: invalid argument "maybe" for "--anonymous-auth" flag: strconv.ParseBool: parsing "maybe": invalid syntax)"},
        Refusal{
            "kube-apiserver",
            {"--advertise-address", "10.0.0.300"},
            R"(Error: invalid argument "10.0.0.300" for "--advertise-address" flag: failed to parse IP: "10.0.0.300")"},
        Refusal{
            "kube-apiserver",
            {"--request-timeout=60"},
            R"(Error: invalid argument "60" for "--request-timeout" flag: time: missing unit in duration "60")"},
        Refusal{"kube-apiserver", {"--tls-cert-file"}, "Error: flag needs an argument: --tls-cert-file"},
        Refusal{"kube-apiserver", {"-x"}, "Error: unknown shorthand flag: 'x' in -x"},
        Refusal{
            "kube-controller-manager",
            {"--concurrent-gc-syncs=3000000000"},
            R"(Error: invalid argument "3000000000" for "--concurrent-gc-syncs" flag: strconv.ParseInt: parsing "3000000000": value out of range)"},
        Refusal{"kube-controller-manager",
                {"--authorization-mode=RBAC"},
                "Error: unknown flag: --authorization-mode"},
        Refusal{"kube-controller-manager",
                {"--controllers=*,bootstrapsigner,no-such-controller"},
                R"("command failed" err="\"no-such-controller\" is not in the list of known controllers")"},
        // A "-name" is checked too, and several unknown names are one aggregate error
        // (utilerrors.NewAggregate).
        Refusal{
            "kube-controller-manager",
            {"--controllers=*,-tokencleanr,csrsigner"},
            R"("command failed" err="[\"tokencleanr\" is not in the list of known controllers, \"csrsigner\" is not in the list of known controllers]")"},
        Refusal{"kube-scheduler", {"--controllers=*"}, "Error: unknown flag: --controllers"},
        // A bool never takes the next word: "false" is left over as an argument, which the command refuses.
        Refusal{"kube-scheduler",
                {"--leader-elect", "false"},
                R"(Error: "kube-scheduler" does not take any arguments, got ["false"])"}));

TEST(KubeletFlags, AreRefusedWithTheKubeletsMessage) {
  struct Case {
    std::string kubeadm_args;
    std::string error;
  };
  for (
      const auto& [args, error] : std::vector<Case>{
          {"--container-runtime-endpoint=unix:///run/containerd/containerd.sock --no-such-flag=1",
           "failed to parse kubelet flag: unknown flag: --no-such-flag"},
          {"--node-labels=role",
           R"(failed to parse kubelet flag: invalid argument \"role\" for \"--node-labels\" flag: malformed pair, expect string=string)"},
          {"--sync-frequency=10",
           R"(failed to parse kubelet flag: invalid argument \"10\" for \"--sync-frequency\" flag: time: missing unit in duration \"10\")"},
          // The eviction thresholds are key<value (component-base's LangleSeparatedMapStringString).
          {"--eviction-hard=memory.available=100Mi",
           R"(failed to parse kubelet flag: invalid argument \"memory.available=100Mi\" for \"--eviction-hard\" flag: malformed pair, expect string<string)"},
          {"--fail-swap-on no", "unknown command no"},
      }) {
    testing::TempDir root;
    write_kubelet_node(root.path(), args);
    auto result = kubelet(root.path());
    EXPECT_EQ(result.exit_code, 1) << args;
    EXPECT_NE(result.err.find("] \"command failed\" err=\"" + error + "\"\n"), std::string::npos)
        << args << "\n"
        << result.err;
  }
}

TEST(KubeletFlags, MissingConfigFileIsRefusedAsTheKubeletRefusesIt) {
  testing::TempDir root;
  write_kubelet_node(root.path(), "--container-runtime-endpoint=unix:///run/containerd/containerd.sock");
  auto result = kubelet(root.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("\"command failed\" err=\"failed to load kubelet config file, path: "
                            "/var/lib/kubelet/config.yaml"),
            std::string::npos)
      << result.err;
}

// Every flag kubestrap renders today, in the static Pod manifests and for the kubelet, is one the
// component accepts: each command line parses, and --help then answers instead of starting it.
TEST(RenderedFlags, AreAcceptedByEveryComponent) {
  testing::TempDir root;
  auto init = testing::kubestrap({"init", "--dry-run", "--root-dir", root.path(), "--skip-phases",
                                  "preflight", "--pod-network-cidr", "10.244.0.0/16", "--node-name", "cp1",
                                  "--apiserver-advertise-address", "192.168.1.10", "--cri-socket",
                                  "unix:///run/containerd/containerd.sock"});
  host::RootFiles files(root.path());
  for (const std::string component : {"kube-apiserver", "kube-controller-manager", "kube-scheduler"}) {
    auto manifest = "/etc/kubernetes/manifests/" + component + ".yaml";
    ASSERT_TRUE(files.exists(manifest)) << init.out << init.err;
    auto command = testing::static_pod_command(root.path(), manifest);
    std::vector<std::string> args(command.begin() + 1, command.end());
    args.push_back("--help");
    auto result = control_plane(component, args);
    EXPECT_EQ(result.exit_code, 0) << component << ": " << result.err;
    EXPECT_NE(result.out.find("Usage:"), std::string::npos) << component;
  }
  ASSERT_TRUE(files.exists("/var/lib/kubelet/kubeadm-flags.env")) << init.out << init.err;
  // The user's override file is the last word of kubestrap's drop-in: --help there makes the kubelet
  // parse everything before it and answer.
  ASSERT_TRUE(files.write_atomic("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--help\n", 0644));
  auto result = kubelet(root.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Usage:"), std::string::npos) << result.out;
}

// A node whose kubeadm configuration passes flags of its own: --controllers without bootstrapsigner to
// kube-controller-manager and --node-ip to the kubelet. Made once for the tests below; needs root.
class CustomisedNode : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (geteuid() != 0) return;
    node_ = new testing::TestNode("ksflags" + std::to_string(getpid()), "10.81.0.10");
    host::RootFiles files(node_->root());
    (void)files.write_atomic("/kubeadm.yaml",
                             "apiVersion: kubeadm.k8s.io/v1beta4\n"
                             "kind: ClusterConfiguration\n"
                             "networking:\n  podSubnet: 10.244.0.0/16\n"
                             "controllerManager:\n  extraArgs:\n  - name: controllers\n"
                             "    value: \"*,tokencleaner\"\n"
                             "---\n"
                             "apiVersion: kubeadm.k8s.io/v1beta4\n"
                             "kind: InitConfiguration\n"
                             "nodeRegistration:\n  name: cp1\n"
                             "  criSocket: unix:///run/containerd/containerd.sock\n"
                             "  kubeletExtraArgs:\n  - name: node-ip\n    value: 10.81.0.10\n",
                             0644);
    init_ =
        new host::ProcessResult(node_->exec({KS_BINARY, "init", "--config", node_->root() + "/kubeadm.yaml",
                                             "--skip-phases", "preflight", "-o", "json"}));
  }
  static void TearDownTestSuite() {
    delete init_;
    delete node_;
  }
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
    ASSERT_EQ(init_->exit_code, 0) << init_->out << init_->err;
  }

  static inline testing::TestNode* node_ = nullptr;
  static inline host::ProcessResult* init_ = nullptr;
};

// With --controllers naming no bootstrapsigner, cluster-info is never signed. Proof without waiting on
// time: token-cleaner-controller runs after where bootstrap-signer-controller would in each pass, so once
// it has removed an expired token, a signer would already have signed the live one.
TEST_F(CustomisedNode, WithoutBootstrapsignerClusterInfoStaysUnsigned) {
  auto manifest =
      host::RootFiles(node_->root()).read("/etc/kubernetes/manifests/kube-controller-manager.yaml");
  ASSERT_NE(manifest.value_or("").find("--controllers=*,tokencleaner"), std::string::npos);
  auto created = node_->kubectl({"create", "secret", "generic", "bootstrap-token-a1b2c3", "-n", "kube-system",
                                 "--type", "bootstrap.kubernetes.io/token", "--from-literal=token-id=a1b2c3",
                                 "--from-literal=token-secret=0123456789abcdef",
                                 "--from-literal=expiration=2000-01-01T00:00:00Z",
                                 "--from-literal=usage-bootstrap-signing=true"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  bool cleaned = false;
  for (int i = 0; i < 300 && !cleaned; ++i)
    cleaned = node_->kubectl({"get", "secret", "bootstrap-token-a1b2c3", "-n", "kube-system"}).exit_code != 0;
  ASSERT_TRUE(cleaned) << "token-cleaner-controller never removed the expired token";

  auto info = node_->kubectl({"get", "configmap", "cluster-info", "-n", "kube-public", "-o", "json"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  auto data = nlohmann::json::parse(info.out).at("data");
  ASSERT_TRUE(data.contains("kubeconfig")) << info.out;
  for (const auto& [key, value] : data.items()) EXPECT_FALSE(key.starts_with("jws-kubeconfig-")) << key;
}

// The kubelet reports --node-ip as its InternalIP (pkg/kubelet/nodestatus/setters.go, NodeAddress).
TEST_F(CustomisedNode, KubeletReportsNodeIpAsInternalIP) {
  auto flags = host::RootFiles(node_->root()).read("/var/lib/kubelet/kubeadm-flags.env");
  ASSERT_NE(flags.value_or("").find("--node-ip=10.81.0.10"), std::string::npos) << flags.value_or("");
  auto node = node_->kubectl({"get", "node", "cp1", "-o", "json"});
  ASSERT_EQ(node.exit_code, 0) << node.err;
  auto addresses = nlohmann::json::parse(node.out)["status"]["addresses"];
  EXPECT_EQ(addresses, nlohmann::json::parse(R"([{"type": "InternalIP", "address": "10.81.0.10"},
                                                  {"type": "Hostname", "address": "cp1"}])"));
}

}  // namespace
}  // namespace ks

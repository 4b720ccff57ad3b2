// join's kubelet-start (join/kubelet_start_phase.cpp) over a temporary root, the in-memory API and a fake
// clock: the files a worker gets, the refusals that leave the node untouched, and the wait for the
// kubelet's TLS bootstrap — kubeadm's join kubelet-start rules.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/yaml_reader.hpp"
#include "base/yaml_writer.hpp"
#include "config/defaults.hpp"
#include "config/encode.hpp"
#include "join/join_run.hpp"
#include "kube/kubeconfig.hpp"
#include "templates/kubelet_files.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/recording_reporter.hpp"
#include "tests/support/test_ca.hpp"
#include "tests/support/test_host.hpp"
#include "token/jws.hpp"
#include "workflow/runner.hpp"

namespace ks {
namespace {

using namespace std::chrono_literals;

const std::string kJoinToken = "abcdef.0123456789abcdef";
const std::string kKubeletHealthz = "http://127.0.0.1:10248/healthz";

// The kubelet as this test plays it: healthy after two probes, and then (as after its TLS bootstrap)
// kubelet.conf is there naming `user`.
class SimulatedKubelet : public kube::HealthProber {
 public:
  SimulatedKubelet(const host::Files& files, testing::FakeCluster& cluster, std::string user)
      : files_(files), cluster_(cluster), user_(std::move(user)) {}
  bool writes_kubeconfig = true;
  int probes = 0;

  Status probe(const std::string& base_url, const std::string& path) override {
    if (base_url + path != kKubeletHealthz) return failure(base_url + path, "not the kubelet's healthz");
    if (++probes < 3) return failure(kKubeletHealthz, "connect: connection refused");
    if (writes_kubeconfig && !files_.exists("/etc/kubernetes/kubelet.conf")) {
      auto bootstrap =
          kube::parse_kubeconfig(files_.read("/etc/kubernetes/bootstrap-kubelet.conf").value()).value();
      kube::Kubeconfig bootstrapped{"default-cluster", bootstrap.server, bootstrap.ca_pem, user_, "", "", ""};
      bootstrapped.client_certificate_file = bootstrapped.client_key_file =
          "/var/lib/kubelet/pki/kubelet-client-current.pem";
      files_.make_dirs("/var/lib/kubelet/pki", 0755).value();
      files_.write_atomic(bootstrapped.client_certificate_file, "certificate and key", 0600).value();
      files_.write_atomic("/etc/kubernetes/kubelet.conf", kube::render_kubeconfig(bootstrapped), 0600)
          .value();
      cluster_.put({{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", "w1"}}}});  // registered
    }
    return {};
  }

 private:
  const host::Files& files_;
  testing::FakeCluster& cluster_;
  std::string user_;
};

class JoinKubeletStart : public ::testing::Test {
 protected:
  JoinKubeletStart() {
    auto ca = testing::make_test_ca();
    ca_pem = ca.pem;
    auto published =
        kube::render_cluster_only_kubeconfig({"", "https://10.0.0.10:6443", ca_pem, "", "", "", ""});
    put_config_map("kube-public", "cluster-info",
                   {{"kubeconfig", published},
                    {"jws-kubeconfig-abcdef", token::detached_jws(published, "abcdef", "0123456789abcdef")}});
    // The cluster's settings, as init uploads them.
    config::InitConfiguration cluster;
    std::vector<std::string> ignored;
    cluster.cluster.image_repository = "registry.example.com/k8s";
    config::apply_static_defaults(cluster, ignored);
    put_config_map(
        "kube-system", "kubeadm-config",
        {{"ClusterConfiguration", to_yaml(config::encode_cluster_configuration(cluster.cluster))}});
    kubelet_yaml = to_yaml(templates::kubelet_configuration(cluster, {}, ignored));
    put_config_map("kube-system", "kubelet-config", {{"kubelet", kubelet_yaml}});

    join.node_registration.name = "w1";
    join.node_registration.cri_socket = "unix:///var/run/containerd/containerd.sock";
    join.ca_cert_path = "/etc/kubernetes/pki/ca.crt";
    join.discovery.bootstrap_token = config::BootstrapTokenDiscovery{kJoinToken, "10.0.0.10:6443", {ca.pin}};
    join.discovery.tls_bootstrap_token = kJoinToken;
    join.timeouts.discovery = 5min;
    join.timeouts.kubelet_health_check = 4min;
    join.timeouts.tls_bootstrap = 5min;
    join.timeouts.kubernetes_api_call = 1min;
  }

  void put_config_map(const std::string& ns, const std::string& name, nlohmann::json data) {
    cluster.put({{"apiVersion", "v1"},
                 {"kind", "ConfigMap"},
                 {"metadata", {{"name", name}, {"namespace", ns}}},
                 {"data", std::move(data)}});
  }

  // The cluster's uploaded ClusterConfiguration, at another Kubernetes version.
  void put_cluster_version(const std::string& version,
                           std::vector<std::pair<std::string, bool>> feature_gates = {}) {
    config::InitConfiguration settings;
    std::vector<std::string> ignored;
    settings.cluster.kubernetes_version = version;
    settings.cluster.feature_gates = std::move(feature_gates);
    config::apply_static_defaults(settings, ignored);
    put_config_map(
        "kube-system", "kubeadm-config",
        {{"ClusterConfiguration", to_yaml(config::encode_cluster_configuration(settings.cluster))}});
  }

  Status run_phase() {
    joining::JoinRun run(join, test.host, reporter);
    run.unverified_factory = std::make_unique<testing::FakeApiFactory>(cluster);
    run.api_factory = std::make_unique<testing::FakeApiFactory>(cluster);
    run.health_prober = std::make_unique<SimulatedKubelet>(test.files, cluster, kubelet_user);
    if (!kubelet_writes_kubeconfig)
      static_cast<SimulatedKubelet&>(*run.health_prober).writes_kubeconfig = false;
    workflow::Runner runner(joining::join_phases(run), reporter, test.clock);
    auto status = runner.run({"kubelet-start", {}});
    results = run.results;
    return status;
  }

  std::string file(const std::string& path) { return test.files.read(path).value_or("<missing>"); }

  testing::TestHost test{"w1"};
  testing::FakeCluster cluster;
  testing::RecordingReporter reporter;
  config::JoinConfiguration join;
  std::string ca_pem, kubelet_yaml, kubelet_user = "system:node:w1";
  bool kubelet_writes_kubeconfig = true;
  nlohmann::json results;
};

TEST_F(JoinKubeletStart, HandsTheKubeletItsBootstrapFilesAndRemovesThemAfterItsTlsBootstrap) {
  auto status = run_phase();
  ASSERT_TRUE(status) << status.error().message();

  auto written = test.files.written();
  EXPECT_NE(std::ranges::find(written, "/etc/kubernetes/bootstrap-kubelet.conf"), written.end());
  EXPECT_FALSE(test.files.exists("/etc/kubernetes/bootstrap-kubelet.conf"));  // removed, as kubeadm does
  EXPECT_EQ(file("/etc/kubernetes/pki/ca.crt"), ca_pem);
  EXPECT_EQ(testing::mode_of(test.root.path() + "/etc/kubernetes/pki/ca.crt"), 0644u);
  EXPECT_EQ(parse_yaml(file("/var/lib/kubelet/config.yaml")).value(), parse_yaml(kubelet_yaml).value());
  auto flags = file("/var/lib/kubelet/kubeadm-flags.env");
  EXPECT_NE(flags.find("--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"),
            std::string::npos)
      << flags;
  EXPECT_NE(flags.find("--pod-infra-container-image=registry.example.com/k8s/pause:"), std::string::npos)
      << flags;
  EXPECT_EQ(flags.find("--hostname-override"), std::string::npos) << flags;  // w1 is the hostname
  EXPECT_EQ(flags.find("--register-with-taints"), std::string::npos) << flags;
  EXPECT_EQ(test.processes.commands,
            (std::vector<std::string>{"systemctl stop kubelet", "systemctl daemon-reload",
                                      "systemctl restart kubelet"}));
  EXPECT_EQ(results["nodeName"], "w1");
  EXPECT_EQ(results["kubelet"]["user"], "system:node:w1");
  EXPECT_EQ(results["discovery"]["requests"], 2);
  // Discovery twice, the Node check and both ConfigMaps through the bootstrap token, then as the node: one
  // review, and the CRI socket annotation on its Node.
  std::vector<std::string> users;
  for (const auto& request : cluster.requests) users.push_back(request.user + " " + request.line());
  EXPECT_EQ(users,
            (std::vector<std::string>{
                " GET /api/v1/namespaces/kube-public/configmaps/cluster-info",
                " GET /api/v1/namespaces/kube-public/configmaps/cluster-info",
                "tls-bootstrap-token-user GET /api/v1/namespaces/kube-system/configmaps/kubeadm-config",
                "tls-bootstrap-token-user GET /api/v1/namespaces/kube-system/configmaps/kubelet-config",
                "tls-bootstrap-token-user GET /api/v1/nodes/w1",
                "system:node:w1 POST /apis/authentication.k8s.io/v1/selfsubjectreviews",
                "system:node:w1 GET /api/v1/nodes/w1", "system:node:w1 PATCH /api/v1/nodes/w1"}));
  // The node records its CRI socket on its Node, as kubeadm's join does (phases/patchnode/patchnode.go).
  EXPECT_EQ(
      cluster.find("/api/v1/nodes/w1")["metadata"]["annotations"]["kubeadm.alpha.kubernetes.io/cri-socket"],
      "unix:///var/run/containerd/containerd.sock");
}

TEST_F(JoinKubeletStart, TheBootstrapKubeconfigIsKubeadms) {
  kubelet_writes_kubeconfig = false;
  join.timeouts.tls_bootstrap = 1s;
  ASSERT_FALSE(run_phase());
  auto text = file("/etc/kubernetes/bootstrap-kubelet.conf");
  auto bootstrap = kube::parse_kubeconfig(text).value();
  EXPECT_EQ(bootstrap.cluster_name, "kubernetes");
  EXPECT_EQ(bootstrap.user_name, "tls-bootstrap-token-user");
  EXPECT_EQ(bootstrap.context_name(), "tls-bootstrap-token-user@kubernetes");
  EXPECT_EQ(bootstrap.token, kJoinToken);
  EXPECT_EQ(bootstrap.server, "https://10.0.0.10:6443");
  EXPECT_EQ(bootstrap.ca_pem, ca_pem);
  EXPECT_EQ(testing::mode_of(test.root.path() + "/etc/kubernetes/bootstrap-kubelet.conf"), 0600u);
}

TEST_F(JoinKubeletStart, GivesUpWhenTheKubeletNeverBootstrapsAndSaysWhereToLook) {
  kubelet_writes_kubeconfig = false;
  auto status = run_phase();
  ASSERT_FALSE(status);
  auto message = status.error().message();
  EXPECT_NE(message.find("/etc/kubernetes/kubelet.conf does not exist yet (still, after 5m0s)"),
            std::string::npos)
      << message;
  EXPECT_NE(status.error().fix.find("journalctl -xeu kubelet"), std::string::npos) << status.error().fix;
  EXPECT_NE(status.error().fix.find("kubectl get csr"), std::string::npos) << status.error().fix;
  // Polled every 20 ms, as the kubelet's health was.
  ASSERT_FALSE(test.clock.slept.empty());
  EXPECT_EQ(test.clock.slept.back(), 20ms);
}

TEST_F(JoinKubeletStart, ACredentialForAnotherNodeIsNotTakenForThisOne) {
  kubelet_user = "system:node:other";
  auto status = run_phase();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message().find("\"system:node:other\", not \"system:node:w1\""), std::string::npos)
      << status.error().message();
}

class JoinRefusal : public JoinKubeletStart {
 protected:
  // The refusal, with nothing written and nothing run.
  Error refused() {
    auto before = testing::tree_snapshot(test.root.path());
    auto status = run_phase();
    EXPECT_FALSE(status);
    EXPECT_EQ(testing::tree_snapshot(test.root.path()), before);
    EXPECT_TRUE(test.processes.commands.empty());
    return status ? Error{} : status.error();
  }
};

TEST_F(JoinRefusal, AMachineWithAKubeletConfIsAlreadyANode) {
  test.files.write_atomic("/etc/kubernetes/kubelet.conf", "kind: Config\n", 0600).value();
  auto error = refused();
  EXPECT_EQ(error.kind, ErrorKind::Conflict);
  EXPECT_NE(error.message().find("already"), std::string::npos) << error.message();
  EXPECT_NE(error.fix.find("kubeadm reset"), std::string::npos) << error.fix;
  EXPECT_TRUE(cluster.requests.empty());  // refused before discovery
}

TEST_F(JoinRefusal, AReadyNodeOfTheSameNameIsNotTakenOver) {
  cluster.put({{"apiVersion", "v1"},
               {"kind", "Node"},
               {"metadata", {{"name", "w1"}}},
               {"status", {{"conditions", {{{"type", "Ready"}, {"status", "True"}}}}}}});
  auto error = refused();
  EXPECT_EQ(error.kind, ErrorKind::Conflict);
  EXPECT_NE(error.message().find("a Node named \"w1\" is already in the cluster and Ready"),
            std::string::npos)
      << error.message();
  EXPECT_NE(error.fix.find("kubectl delete node w1"), std::string::npos) << error.fix;
}

TEST_F(JoinKubeletStart, ANodeOfTheSameNameThatIsNotReadyIsJoinedOver) {
  cluster.put({{"apiVersion", "v1"},
               {"kind", "Node"},
               {"metadata", {{"name", "w1"}}},
               {"status", {{"conditions", {{{"type", "Ready"}, {"status", "Unknown"}}}}}}});
  auto status = run_phase();
  EXPECT_TRUE(status) << status.error().message();
}

TEST_F(JoinRefusal, AnotherClustersCaIsNeverReplaced) {
  test.files.write_atomic("/etc/kubernetes/pki/ca.crt", "another CA", 0644).value();
  auto error = refused();
  EXPECT_EQ(error.kind, ErrorKind::Conflict);
  EXPECT_NE(error.message().find("already holds another CA"), std::string::npos) << error.message();
}

TEST_F(JoinRefusal, AKubeletConfigurationTheKubeletWouldRefuseNeverReachesTheNode) {
  put_config_map("kube-system", "kubelet-config",
                 {{"kubelet",
                   "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                   "healthzPort: not-a-port\n"}});
  auto error = refused();
  EXPECT_EQ(error.kind, ErrorKind::InvalidInput);
  EXPECT_NE(error.message().find("kube-system/kubelet-config"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("healthzPort"), std::string::npos) << error.message();
}

TEST_F(JoinRefusal, AClusterWithoutUploadedSettingsSaysHowToUploadThem) {
  cluster.handle("", {"DELETE", "/api/v1/namespaces/kube-system/configmaps/kubeadm-config"});
  cluster.requests.clear();
  auto error = refused();
  EXPECT_NE(error.message().find("kube-system/kubeadm-config"), std::string::npos) << error.message();
  EXPECT_NE(error.fix.find("kubestrap init phase upload-config"), std::string::npos) << error.fix;
}

// The node's files follow the cluster's minor (config/releases.cpp); a minor without data is refused.
TEST_F(JoinRefusal, AClusterOfAnUnsupportedMinorIsRefusedNamingTheRange) {
  put_cluster_version("v1.35.0");
  auto error = refused();
  EXPECT_EQ(error.kind, ErrorKind::InvalidInput);
  EXPECT_NE(error.message().find("Kubernetes v1.35.0 is not supported"), std::string::npos)
      << error.message();
  EXPECT_NE(error.message().find("v1.31 to v1.34"), std::string::npos) << error.message();
  EXPECT_NE(error.fix.find("v1.35.0"), std::string::npos) << error.fix;
}

TEST_F(JoinKubeletStart, TheKubeletGetsThePauseImageOfTheClustersMinor) {
  put_cluster_version("v1.34.2");
  ASSERT_TRUE(run_phase());
  EXPECT_NE(file("/var/lib/kubelet/kubeadm-flags.env")
                .find("--pod-infra-container-image=registry.k8s.io/pause:3.10.1"),
            std::string::npos)
      << file("/var/lib/kubelet/kubeadm-flags.env");
}

// kubeadm 1.34's join with NodeLocalCRISocket (on by default there; cmd/phases/join/kubelet.go): the
// socket goes to instance-config.yaml, which also patches config.yaml, and neither into the flags nor onto
// the Node. The cluster's uploaded featureGates decide, at the cluster's minor.
TEST_F(JoinKubeletStart, InAV134ClusterTheCriSocketStaysInTheNodesInstanceConfiguration) {
  put_cluster_version("v1.34.2");
  ASSERT_TRUE(run_phase());
  EXPECT_EQ(file("/var/lib/kubelet/instance-config.yaml"),
            "containerRuntimeEndpoint: \"unix:///var/run/containerd/containerd.sock\"\n");
  EXPECT_EQ(testing::mode_of(test.root.path() + "/var/lib/kubelet/instance-config.yaml"), 0644u);
  auto on_disk = parse_yaml(file("/var/lib/kubelet/config.yaml")).value();
  EXPECT_EQ(on_disk["containerRuntimeEndpoint"], "unix:///var/run/containerd/containerd.sock");
  on_disk.erase("containerRuntimeEndpoint");
  EXPECT_EQ(on_disk, parse_yaml(kubelet_yaml).value());  // otherwise the cluster's, unchanged
  auto flags = file("/var/lib/kubelet/kubeadm-flags.env");
  EXPECT_EQ(flags.find("--container-runtime-endpoint"), std::string::npos) << flags;
  for (const auto& request : cluster.requests) EXPECT_NE(request.method, "PATCH") << request.line();
  EXPECT_FALSE(cluster.find("/api/v1/nodes/w1")["metadata"].contains("annotations"));
}

// The same cluster with the gate turned off: the flag and the annotation, and no instance file.
TEST_F(JoinKubeletStart, InAV134ClusterWithNodeLocalCRISocketOffTheSocketIsAFlagAndAnAnnotation) {
  put_cluster_version("v1.34.2", {{"NodeLocalCRISocket", false}});
  ASSERT_TRUE(run_phase());
  EXPECT_FALSE(test.files.exists("/var/lib/kubelet/instance-config.yaml"));
  EXPECT_FALSE(parse_yaml(file("/var/lib/kubelet/config.yaml")).value().contains("containerRuntimeEndpoint"));
  EXPECT_NE(file("/var/lib/kubelet/kubeadm-flags.env").find("--container-runtime-endpoint="),
            std::string::npos);
  EXPECT_EQ(
      cluster.find("/api/v1/nodes/w1")["metadata"]["annotations"]["kubeadm.alpha.kubernetes.io/cri-socket"],
      "unix:///var/run/containerd/containerd.sock");
}

// Deleted after discovery checked its signature (the bootstrapsigner had not yet removed it): reading the
// cluster's settings is refused, and the message says why and how to get a token that works.
TEST_F(JoinRefusal, ATokenRefusedAfterDiscoverySaysTheClusterNoLongerAcceptsIt) {
  cluster.fail_next("GET", "/api/v1/namespaces/kube-system/configmaps/kubeadm-config", 401);
  auto error = refused();
  EXPECT_NE(error.message().find("the cluster does not accept this token"), std::string::npos)
      << error.message();
  EXPECT_NE(error.fix.find("kubestrap token create --print-join-command"), std::string::npos) << error.fix;
}

TEST_F(JoinRefusal, AWrongSecretStopsAtDiscovery) {
  join.discovery.bootstrap_token->token = "abcdef.aaaaaaaaaaaaaaaa";
  auto error = refused();
  EXPECT_NE(error.message().find("does not match this token's secret"), std::string::npos) << error.message();
}

TEST_F(JoinKubeletStart, ADryRunWritesTheFilesButWaitsForNothing) {
  join.dry_run = true;
  kubelet_writes_kubeconfig = false;
  auto status = run_phase();
  ASSERT_TRUE(status) << status.error().message();
  EXPECT_TRUE(test.files.exists("/etc/kubernetes/bootstrap-kubelet.conf"));
  EXPECT_TRUE(test.clock.slept.empty());
  EXPECT_FALSE(results.contains("kubelet"));
}

}  // namespace
}  // namespace ks

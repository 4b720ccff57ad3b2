// kubeadm's feature gates, per supported minor (config/releases.cpp): which names each minor's kubeadm
// knows, their defaults, and what the gates kubestrap acts on change: NodeLocalCRISocket (the CRI socket
// in /var/lib/kubelet/instance-config.yaml instead of a kubelet flag) and the deprecated PublicKeysECDSA
// (still the key type when set, as kubeadm's EncryptionAlgorithmType has it).
#include <gtest/gtest.h>

#include "base/yaml_reader.hpp"
#include "config/derived.hpp"
#include "config/releases.hpp"
#include "templates/kubelet_files.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::config {
namespace {

Result<LoadedInit> load(testing::TestHost& t, const std::string& version, const std::string& gates) {
  auto flags = testing::base_flags();
  flags.kubernetes_version = version;
  if (!gates.empty()) flags.feature_gates = gates;
  return load_init_config(flags, t.host);
}

bool default_of(int minor, const std::string& gate) {
  for (const auto& release : supported_releases())
    if (release.minor == minor) return find_gate(release, gate)->on_by_default;
  throw std::runtime_error("no such minor");
}

bool known_in(int minor, const std::string& gate) {
  for (const auto& release : supported_releases())
    if (release.minor == minor) return find_gate(release, gate) != nullptr;
  throw std::runtime_error("no such minor");
}

TEST(FeatureGates, EachMinorKnowsItsOwnKubeadmsGates) {
  EXPECT_TRUE(known_in(31, "EtcdLearnerMode") && known_in(32, "EtcdLearnerMode"));
  EXPECT_FALSE(known_in(33, "EtcdLearnerMode") || known_in(34, "EtcdLearnerMode"));  // removed in 1.33
  EXPECT_FALSE(known_in(31, "NodeLocalCRISocket"));                                  // new in 1.32
  EXPECT_TRUE(known_in(32, "NodeLocalCRISocket") && known_in(34, "NodeLocalCRISocket"));
  for (int minor : {31, 32, 33, 34})
    for (auto gate : {"ControlPlaneKubeletLocalMode", "PublicKeysECDSA", "RootlessControlPlane",
                      "WaitForAllControlPlaneComponents"})
      EXPECT_TRUE(known_in(minor, gate)) << gate << " in 1." << minor;

  EXPECT_FALSE(default_of(32, "NodeLocalCRISocket") || default_of(33, "NodeLocalCRISocket"));
  EXPECT_TRUE(default_of(34, "NodeLocalCRISocket"));
  EXPECT_FALSE(default_of(32, "ControlPlaneKubeletLocalMode"));
  EXPECT_TRUE(default_of(33, "ControlPlaneKubeletLocalMode") &&
              default_of(34, "ControlPlaneKubeletLocalMode"));
  EXPECT_FALSE(default_of(32, "WaitForAllControlPlaneComponents"));
  EXPECT_TRUE(default_of(33, "WaitForAllControlPlaneComponents"));
  for (int minor : {31, 32, 33, 34}) EXPECT_FALSE(default_of(minor, "PublicKeysECDSA"));
}

// kubeadm refuses a name its release does not know ("... is not a valid feature name"); the message here
// also says which supported minors know it.
TEST(FeatureGates, AGateTheMinorDoesNotKnowIsRefusedNamingTheMinorsThatDo) {
  testing::TestHost t;
  auto removed = load(t, "v1.33.6", "EtcdLearnerMode=true");
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(removed.error().message().find("\"EtcdLearnerMode\" is not a feature gate of Kubernetes v1.33 "
                                           "(kubeadm knows it in v1.31, v1.32 only)"),
            std::string::npos)
      << removed.error().message();
  auto early = load(t, "v1.31.14", "NodeLocalCRISocket=true");
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message().find("the gates of v1.31 are: ControlPlaneKubeletLocalMode, "
                                         "EtcdLearnerMode, PublicKeysECDSA, RootlessControlPlane, "
                                         "WaitForAllControlPlaneComponents"),
            std::string::npos)
      << early.error().message();
  auto unknown = load(t, "v1.34.2", "NoSuchGate=false");
  ASSERT_FALSE(unknown);
  EXPECT_NE(
      unknown.error().message().find("unknown feature gate \"NoSuchGate\"; the gates of Kubernetes v1.34"),
      std::string::npos)
      << unknown.error().message();

  EXPECT_TRUE(load(t, "v1.32.10", "EtcdLearnerMode=true,NodeLocalCRISocket=true"));
  EXPECT_TRUE(load(t, "v1.34.2", "WaitForAllControlPlaneComponents=true,NodeLocalCRISocket=false"));
}

TEST(FeatureGates, NodeLocalCRISocketMovesTheSocketFromTheFlagsToTheInstanceConfiguration) {
  testing::TestHost t;
  struct Case {
    std::string version, gates;
    bool node_local;
  };
  for (const auto& c : std::vector<Case>{{"v1.32.10", "", false},
                                         {"v1.32.10", "NodeLocalCRISocket=true", true},
                                         {"v1.33.6", "", false},
                                         {"v1.34.2", "", true},
                                         {"v1.34.2", "NodeLocalCRISocket=false", false}}) {
    SCOPED_TRACE(c.version + " " + c.gates);
    auto config = load(t, c.version, c.gates).value().config;
    EXPECT_EQ(templates::cri_socket_is_node_local(config), c.node_local);
    auto flags = templates::kubelet_flags_env(config, {}, false);
    EXPECT_EQ(flags.find("--container-runtime-endpoint=unix:///run/containerd/containerd.sock") ==
                  std::string::npos,
              c.node_local)
        << flags;
    auto instance = templates::kubelet_instance_config(config);
    ASSERT_EQ(instance.has_value(), c.node_local);
    std::vector<std::string> warnings;
    auto on_disk =
        templates::with_instance_config(templates::kubelet_configuration(config, {}, warnings), config);
    if (!c.node_local) {
      EXPECT_FALSE(on_disk.contains("containerRuntimeEndpoint"));
      continue;
    }
    EXPECT_EQ(parse_yaml(*instance).value(),
              (nlohmann::json{{"containerRuntimeEndpoint", "unix:///run/containerd/containerd.sock"}}));
    EXPECT_EQ(on_disk["containerRuntimeEndpoint"], "unix:///run/containerd/containerd.sock");
  }
}

// The instance configuration is a patch over the user's KubeletConfiguration: the node's socket wins.
TEST(FeatureGates, TheInstanceConfigurationWinsOverTheClustersKubeletConfiguration) {
  testing::TestHost t;
  auto config = load(t, "v1.34.2", "").value().config;
  config.kubelet_configuration = nlohmann::json{{"containerRuntimeEndpoint", "unix:///run/crio/crio.sock"}};
  std::vector<std::string> warnings;
  auto on_disk =
      templates::with_instance_config(templates::kubelet_configuration(config, {}, warnings), config);
  EXPECT_EQ(on_disk["containerRuntimeEndpoint"], "unix:///run/containerd/containerd.sock");
}

TEST(FeatureGates, InitsKubeletStartWritesTheInstanceConfigurationBeforeConfigYaml) {
  testing::TestHost t;
  auto config = load(t, "v1.34.2", "").value().config;
  testing::RecordingReporter reporter;
  ASSERT_TRUE(testing::run_init(t, config, reporter, {"kubelet-start", {}}));
  EXPECT_EQ(t.files.read("/var/lib/kubelet/instance-config.yaml").value(),
            "containerRuntimeEndpoint: \"unix:///run/containerd/containerd.sock\"\n");
  EXPECT_EQ(testing::mode_of(t.root.path() + "/var/lib/kubelet/instance-config.yaml"), 0644u);
  auto written = t.files.written();
  auto at = [&](const std::string& path) { return std::ranges::find(written, path) - written.begin(); };
  EXPECT_LT(at("/var/lib/kubelet/kubeadm-flags.env"), at("/var/lib/kubelet/instance-config.yaml"));
  EXPECT_LT(at("/var/lib/kubelet/instance-config.yaml"), at("/var/lib/kubelet/config.yaml"));
  EXPECT_EQ(
      parse_yaml(t.files.read("/var/lib/kubelet/config.yaml").value()).value()["containerRuntimeEndpoint"],
      "unix:///run/containerd/containerd.sock");

  testing::TestHost earlier;
  auto v133 = load(earlier, "v1.33.6", "").value().config;
  ASSERT_TRUE(testing::run_init(earlier, v133, reporter, {"kubelet-start", {}}));
  EXPECT_FALSE(earlier.files.exists("/var/lib/kubelet/instance-config.yaml"));
}

// kubeadm's ClusterConfiguration.EncryptionAlgorithmType (apis/kubeadm/types.go): the deprecated gate,
// when set either way, decides over encryptionAlgorithm, which is kept as written for kubeadm-config.
TEST(FeatureGates, TheDeprecatedPublicKeysECDSAStillDecidesTheKeyTypeWhenSet) {
  testing::TestHost t;
  auto on = load(t, "v1.32.10", "PublicKeysECDSA=true").value();
  EXPECT_EQ(key_algorithm(on.config), KeyAlgorithm::ECDSAP256);
  EXPECT_EQ(on.config.cluster.encryption_algorithm, KeyAlgorithm::RSA2048);
  ASSERT_EQ(on.warnings.size(), 1u);
  EXPECT_NE(on.warnings[0].find("PublicKeysECDSA is deprecated; while it is set, it decides the key type "
                                "(ECDSA-P256) over encryptionAlgorithm"),
            std::string::npos)
      << on.warnings[0];

  auto off = load(t, "v1.32.10", "PublicKeysECDSA=false").value().config;
  off.cluster.encryption_algorithm = KeyAlgorithm::ECDSAP384;
  EXPECT_EQ(key_algorithm(off), KeyAlgorithm::RSA2048);
  auto unset = load(t, "v1.32.10", "").value().config;
  unset.cluster.encryption_algorithm = KeyAlgorithm::ECDSAP384;
  EXPECT_EQ(key_algorithm(unset), KeyAlgorithm::ECDSAP384);

  // init makes its keys of that type.
  testing::RecordingReporter reporter;
  ASSERT_TRUE(testing::run_init(t, on.config, reporter, {"certs/ca", {}}));
  EXPECT_NE(t.files.read("/etc/kubernetes/pki/ca.key").value().find("BEGIN EC PRIVATE KEY"),
            std::string::npos);
}

// As kubeadm's map of gates: a name given again takes the last value, and a flag wins over the file.
TEST(FeatureGates, AGateGivenTwiceTakesItsLastValue) {
  testing::TestHost t;
  auto config = load(t, "v1.34.2", "NodeLocalCRISocket=true,NodeLocalCRISocket=false").value().config;
  EXPECT_EQ(config.cluster.feature_gates,
            (std::vector<std::pair<std::string, bool>>{{"NodeLocalCRISocket", false}}));
  EXPECT_FALSE(templates::cri_socket_is_node_local(config));
}

// Accepted as kubeadm accepts them, but said: a GA gate turned off, and WaitForAllControlPlaneComponents off.
TEST(FeatureGates, GatesThatChangeNothingAreAcceptedWithAWarning) {
  testing::TestHost t;
  auto ga = load(t, "v1.34.2", "WaitForAllControlPlaneComponents=false").value();
  ASSERT_EQ(ga.warnings.size(), 1u);
  EXPECT_NE(ga.warnings[0].find("WaitForAllControlPlaneComponents is GA in Kubernetes v1.34: "
                                "WaitForAllControlPlaneComponents=false is ignored"),
            std::string::npos)
      << ga.warnings[0];
  auto alpha = load(t, "v1.32.10", "WaitForAllControlPlaneComponents=false").value();
  ASSERT_EQ(alpha.warnings.size(), 1u);
  EXPECT_NE(alpha.warnings[0].find("kubestrap always waits for all three control-plane components"),
            std::string::npos);
  EXPECT_TRUE(load(t, "v1.32.10", "EtcdLearnerMode=true,NodeLocalCRISocket=true").value().warnings.empty());
}

// A file left by a run with the gate on goes when it is off: kubeadm's upgrade would keep its socket.
TEST(FeatureGates, AStaleInstanceConfigurationIsRemovedWhenTheGateIsOff) {
  testing::TestHost t;
  testing::RecordingReporter reporter;
  ASSERT_TRUE(testing::run_init(t, load(t, "v1.34.2", "").value().config, reporter, {"kubelet-start", {}}));
  ASSERT_TRUE(t.files.exists("/var/lib/kubelet/instance-config.yaml"));
  ASSERT_TRUE(testing::run_init(t, load(t, "v1.34.2", "NodeLocalCRISocket=false").value().config, reporter,
                                {"kubelet-start", {}}));
  EXPECT_FALSE(t.files.exists("/var/lib/kubelet/instance-config.yaml"));
  EXPECT_NE(t.files.read("/var/lib/kubelet/kubeadm-flags.env").value().find("--container-runtime-endpoint="),
            std::string::npos);
}

}  // namespace
}  // namespace ks::config

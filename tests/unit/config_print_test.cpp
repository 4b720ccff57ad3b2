// `kubestrap config print init-defaults|join-defaults` (kubeadm's cmd/kubeadm/app/cmd/config.go): what is
// printed matches what kubeadm 1.32 printed (tests/fixtures/kubeadm/), is read by init and join without a
// warning, and prints the same text again once read.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/yaml_reader.hpp"
#include "cli/config_print.hpp"
#include "config/config_file.hpp"
#include "config/constants.hpp"
#include "config/encode.hpp"
#include "config/join_load.hpp"
#include "config/load.hpp"
#include "config/printed_defaults.hpp"
#include "host/files.hpp"
#include "tests/support/test_host.hpp"

namespace ks::config {
namespace {

using testing::TempDir;
using testing::TestHost;

std::vector<nlohmann::json> fixture_documents(const std::string& name) {
  auto text = host::read_local_file(std::string(KS_SOURCE_DIR) + "/tests/fixtures/kubeadm/" + name,
                                    constants::kConfigFileLimit);
  return parse_yaml_documents(text.value()).value();
}

std::vector<nlohmann::json> printed_init(const std::vector<std::string>& components = {}) {
  return cli::init_documents(printed_init_defaults(), components).value();
}

std::string save(const TempDir& dir, const std::string& text) {
  auto path = dir.path() + "/printed.yaml";
  host::RootFiles("/").write_atomic(path, text, 0600).value();
  return path;
}

// kubeadm prints its own Kubernetes version (1.32.0); everything else is the same, field for field.
TEST(ConfigPrint, InitDefaultsAreKubeadmsApartFromTheVersion) {
  auto kubeadm = fixture_documents("init-defaults.yaml");
  auto ours = printed_init();
  ASSERT_EQ(ours.size(), 2u);
  ASSERT_EQ(kubeadm.size(), 2u);
  EXPECT_EQ(ours[0], kubeadm[0]) << ours[0].dump(2);
  EXPECT_EQ(ours[1]["kubernetesVersion"], std::string(constants::kDefaultKubernetesVersion));
  ours[1].erase("kubernetesVersion");
  kubeadm[1].erase("kubernetesVersion");
  EXPECT_EQ(ours[1], kubeadm[1]) << ours[1].dump(2);
}

TEST(ConfigPrint, JoinDefaultsAreKubeadms) {
  auto kubeadm = fixture_documents("join-defaults.yaml");
  ASSERT_EQ(kubeadm.size(), 1u);
  EXPECT_EQ(encode_join_configuration(printed_join_defaults()), kubeadm[0]);
}

TEST(ConfigPrint, ComponentConfigurationsAreThoseInitWrites) {
  auto documents = printed_init({"KubeProxyConfiguration", "KubeletConfiguration"});
  ASSERT_EQ(documents.size(), 4u);
  const auto& proxy = documents[2];
  EXPECT_EQ(proxy["apiVersion"], "kubeproxy.config.k8s.io/v1alpha1");
  EXPECT_EQ(proxy["kind"], "KubeProxyConfiguration");
  EXPECT_EQ(proxy["bindAddress"], "0.0.0.0");
  EXPECT_EQ(proxy["clientConnection"]["kubeconfig"], "/var/lib/kube-proxy/kubeconfig.conf");
  const auto& kubelet = documents[3];
  EXPECT_EQ(kubelet["apiVersion"], "kubelet.config.k8s.io/v1beta1");
  EXPECT_EQ(kubelet["kind"], "KubeletConfiguration");
  EXPECT_EQ(kubelet["clusterDNS"], nlohmann::json::array({"10.96.0.10"}));
  EXPECT_EQ(kubelet["cgroupDriver"], "systemd");
  EXPECT_FALSE(kubelet.contains("resolvConf"));  // a fact of the machine init runs on, not printed

  auto unknown = cli::init_documents(printed_init_defaults(), {"KubeletConfiguration", "Kubelet"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(unknown.error().message().find("--component-configs \"Kubelet\""), std::string::npos);
}

// The hard requirement: init reads what is printed as it is, without a warning, and the configuration it
// reads prints the same text again.
TEST(ConfigPrint, InitDefaultsRoundTripThroughInitsLoader) {
  using Kinds = std::vector<std::string>;
  for (const auto& components : {Kinds{}, Kinds{"KubeletConfiguration"}, Kinds{"KubeProxyConfiguration"},
                                 Kinds{"KubeletConfiguration", "KubeProxyConfiguration"}}) {
    SCOPED_TRACE(components.size() == 1 ? components[0] : std::to_string(components.size()));
    TestHost t;
    TempDir dir;
    auto text = yaml_documents(printed_init(components));
    InitFlags flags;
    flags.config_path = save(dir, text);
    flags.given = {"config"};
    auto loaded = load_init_config(flags, t.host);
    ASSERT_TRUE(loaded) << loaded.error().message();
    EXPECT_EQ(loaded->warnings, std::vector<std::string>{});
    EXPECT_EQ(loaded->config.node_registration.name, "node");
    EXPECT_EQ(loaded->config.bootstrap_tokens.at(0).token, std::string(kPlaceholderToken));
    EXPECT_EQ(yaml_documents(cli::init_documents(loaded->config, components).value()), text);

    auto check = check_config_file(*flags.config_path, t.host);
    EXPECT_FALSE(check.error) << check.error->message();
    EXPECT_EQ(check.warnings, std::vector<std::string>{});
    EXPECT_EQ(check.kinds.size(), 2 + components.size());
  }
}

// join-defaults uses token discovery with unsafeSkipCAVerification, as kubeadm's: join's decoding and
// validation take it (discovery itself would then need the placeholder server).
TEST(ConfigPrint, JoinDefaultsRoundTripThroughJoinsLoader) {
  TestHost t;
  TempDir dir;
  auto text = yaml_documents({encode_join_configuration(printed_join_defaults())});
  JoinFlags flags;
  flags.config_path = save(dir, text);
  flags.given = {"config"};
  auto loaded = load_join_config(flags, t.host);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->warnings, std::vector<std::string>{});
  ASSERT_TRUE(loaded->config.discovery.bootstrap_token);
  EXPECT_TRUE(loaded->config.discovery.bootstrap_token->unsafe_skip_ca_verification);
  EXPECT_EQ(loaded->config.discovery.tls_bootstrap_token, std::string(kPlaceholderToken));
  EXPECT_EQ(yaml_documents({encode_join_configuration(loaded->config)}), text);

  auto check = check_config_file(*flags.config_path, t.host);
  EXPECT_FALSE(check.error) << check.error->message();
  EXPECT_EQ(check.warnings, std::vector<std::string>{});
  EXPECT_EQ(check.kinds, std::vector<std::string>{"JoinConfiguration"});
}

// The text kubeadm's layout gives: sorted keys, sequences at their key's indentation, `taints: null`.
TEST(ConfigPrint, TextIsInKubeadmsLayout) {
  auto text = yaml_documents({encode_join_configuration(printed_join_defaults())});
  EXPECT_EQ(text,
            "apiVersion: kubeadm.k8s.io/v1beta4\n"
            "caCertPath: /etc/kubernetes/pki/ca.crt\n"
            "discovery:\n"
            "  bootstrapToken:\n"
            "    apiServerEndpoint: kube-apiserver:6443\n"
            "    token: abcdef.0123456789abcdef\n"
            "    unsafeSkipCAVerification: true\n"
            "  tlsBootstrapToken: abcdef.0123456789abcdef\n"
            "kind: JoinConfiguration\n"
            "nodeRegistration:\n"
            "  criSocket: unix:///var/run/containerd/containerd.sock\n"
            "  imagePullPolicy: IfNotPresent\n"
            "  imagePullSerial: true\n"
            "  name: node\n"
            "  taints: null\n"
            "timeouts:\n"
            "  controlPlaneComponentHealthCheck: 4m0s\n"
            "  discovery: 5m0s\n"
            "  etcdAPICall: 2m0s\n"
            "  kubeletHealthCheck: 4m0s\n"
            "  kubernetesAPICall: 1m0s\n"
            "  tlsBootstrap: 5m0s\n"
            "  upgradeManifests: 5m0s\n");
  auto init = yaml_documents(printed_init());
  EXPECT_NE(init.find("  taints: null\ntimeouts:\n"), std::string::npos) << init;
  EXPECT_NE(init.find("\n---\napiServer: {}\napiVersion: kubeadm.k8s.io/v1beta4\n"), std::string::npos)
      << init;
}

}  // namespace
}  // namespace ks::config

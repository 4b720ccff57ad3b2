#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/yaml_writer.hpp"
#include "config/decode.hpp"
#include "config/defaults.hpp"
#include "config/derived.hpp"
#include "config/encode.hpp"
#include "config/load.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::config {
namespace {

using testing::base_flags;
using testing::TestHost;

TEST(Decode, ReadsV1Beta4WithEveryDocumentKind) {
  auto decoded = decode_init_config(R"(
apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 10.0.0.5
  bindPort: 7443
nodeRegistration:
  name: cp-a
  taints: []
  kubeletExtraArgs:
  - name: max-pods
    value: "200"
timeouts:
  controlPlaneComponentHealthCheck: 2m
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: v1.32.1
controlPlaneEndpoint: cp.example.com
encryptionAlgorithm: ECDSA-P256
networking:
  podSubnet: 10.244.0.0/16
apiServer:
  certSANs: [cp.example.com, 10.0.0.100]
  extraArgs:
  - name: audit-log-maxage
    value: "30"
etcd:
  local:
    dataDir: /data/etcd
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
maxPods: 200
)");
  ASSERT_TRUE(decoded) << decoded.error().message();
  const auto& c = decoded->config;
  EXPECT_EQ(c.local_api_endpoint.advertise_address, "10.0.0.5");
  EXPECT_EQ(c.local_api_endpoint.bind_port, 7443);
  ASSERT_TRUE(c.node_registration.taints.has_value());
  EXPECT_TRUE(c.node_registration.taints->empty());
  EXPECT_EQ(c.node_registration.kubelet_extra_args, (std::vector<Arg>{{"max-pods", "200"}}));
  EXPECT_EQ(c.timeouts.control_plane_component_health_check, std::chrono::minutes(2));
  EXPECT_EQ(c.cluster.encryption_algorithm, KeyAlgorithm::ECDSAP256);
  EXPECT_EQ(c.cluster.etcd.local->data_dir, "/data/etcd");
  EXPECT_EQ(c.cluster.api_server.extra_args.front().name, "audit-log-maxage");
  EXPECT_EQ((*c.kubelet_configuration)["maxPods"], 200);
  EXPECT_TRUE(decoded->warnings.empty());
}

TEST(Decode, ConvertsV1Beta3Maps) {
  auto decoded = decode_init_config(R"(
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
apiServer:
  timeoutForControlPlane: 3m0s
  extraArgs:
    audit-log-maxage: "30"
)");
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(decoded->config.cluster.api_server.extra_args, (std::vector<Arg>{{"audit-log-maxage", "30"}}));
  EXPECT_EQ(decoded->config.timeouts.control_plane_component_health_check, std::chrono::minutes(3));
}

TEST(Decode, WarnsAboutUnknownFields) {
  auto decoded =
      decode_init_config("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworkin: {}\n");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->warnings,
            std::vector<std::string>{"unknown field ClusterConfiguration.networkin (ignored)"});
}

TEST(Decode, RejectsBadDocumentsNamingTheField) {
  struct Case {
    std::string yaml, expected;
  };
  std::vector<Case> cases = {
      {"kind: InitConfiguration\n", "missing apiVersion or kind"},
      {"apiVersion: kubeadm.k8s.io/v1beta2\nkind: InitConfiguration\n", "unsupported apiVersion"},
      {"apiVersion: kubeadm.k8s.io/v1beta4\nkind: Cluster\n", "unknown kind \"Cluster\""},
      {"apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: 1.32\n",
       "ClusterConfiguration.kubernetesVersion: expected a string, got a number"},
      {"apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n  bindPort: high\n",
       "InitConfiguration.localAPIEndpoint.bindPort: expected an integer, got a string"},
      {"apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    a: b\n",
       "apiServer.extraArgs: expected a list of {name, value}"},
      {"apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nencryptionAlgorithm: DSA\n",
       "unknown encryption algorithm"},
      {"apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\ncertificateValidityPeriod: 1 year\n",
       "invalid duration"},
      {"apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: [1]\n",
       "expected a mapping"},
      {"apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
       "no InitConfiguration or ClusterConfiguration"},
      {"a: [\n", "invalid YAML"},
  };
  for (const auto& c : cases) {
    auto decoded = decode_init_config(c.yaml);
    ASSERT_FALSE(decoded) << c.yaml;
    EXPECT_EQ(decoded.error().kind, ErrorKind::InvalidInput);
    EXPECT_NE(decoded.error().message().find(c.expected), std::string::npos) << decoded.error().message();
  }
  auto quoted_fix = decode_init_config(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: 1.32\n");
  EXPECT_NE(quoted_fix.error().fix.find("kubernetesVersion: \"1.32\""), std::string::npos);
}

TEST(Load, AppliesKubeadmDefaultsAndHostFacts) {
  TestHost t("My-Host");
  InitFlags flags;
  auto loaded = load_init_config(flags, t.host);
  ASSERT_TRUE(loaded) << loaded.error().message();
  const auto& c = loaded->config;
  EXPECT_EQ(c.cluster.kubernetes_version, "v1.32.4");
  EXPECT_EQ(c.cluster.networking.service_subnet, "10.96.0.0/12");
  EXPECT_EQ(c.cluster.networking.dns_domain, "cluster.local");
  EXPECT_EQ(c.cluster.etcd.local->data_dir, "/var/lib/etcd");
  EXPECT_EQ(c.node_registration.name, "my-host");
  EXPECT_EQ(c.local_api_endpoint.advertise_address, "192.168.1.10");
  EXPECT_EQ(c.local_api_endpoint.bind_port, 6443);
  EXPECT_EQ(c.node_registration.cri_socket, "unix:///var/run/containerd/containerd.sock");
  EXPECT_EQ(control_plane_url(c), "https://192.168.1.10:6443");
  EXPECT_EQ(kubernetes_service_ip(c).str(), "10.96.0.1");
  EXPECT_EQ(dns_service_ip(c).str(), "10.96.0.10");
}

TEST(Load, DetectsTheRuntimeSocketAndRefusesToGuessBetweenTwo) {
  TestHost t;
  ASSERT_TRUE(t.files.write_atomic("/run/crio/crio.sock", "", 0600));
  auto loaded = load_init_config({}, t.host);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->config.node_registration.cri_socket, "unix:///var/run/crio/crio.sock");
  ASSERT_TRUE(t.files.write_atomic("/run/containerd/containerd.sock", "", 0600));
  auto both = load_init_config({}, t.host);
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().fix.find("--cri-socket"), std::string::npos);
}

TEST(Load, ChoosesTheAdvertiseAddressOfTheDefaultRoute) {
  TestHost t;
  t.network_probe.routes = {{"wlan0", 600, false}, {"eth0", 100, false}};
  t.network_probe.interface_addresses = {{"eth0", IpAddress::parse("fe80::1").value()},
                                         {"wlan0", IpAddress::parse("192.168.8.20").value()},
                                         {"eth0", IpAddress::parse("10.1.2.3").value()}};
  EXPECT_EQ(choose_advertise_address(t.network_probe).value().str(), "10.1.2.3");
  t.network_probe.routes.clear();
  auto none = choose_advertise_address(t.network_probe);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().fix.find("--apiserver-advertise-address"), std::string::npos);
}

TEST(Load, RejectsEveryBadFlagNamingItAndTheExpectedForm) {
  struct Case {
    std::function<void(InitFlags&)> change;
    std::string expected;
  };
  std::vector<Case> cases = {
      {[](auto& f) { f.pod_network_cidr = "10.244.0.0"; }, "--pod-network-cidr"},
      {[](auto& f) { f.pod_network_cidr = "10.96.0.0/16"; }, "overlaps the service range 10.96.0.0/12"},
      {[](auto& f) { f.service_cidr = "10.0.0.0/8"; }, "too large"},
      {[](auto& f) { f.service_cidr = "10.96.0.0/12,10.97.0.0/16"; }, "two of different IP families"},
      {[](auto& f) { f.apiserver_advertise_address = "192.168.1.300"; }, "--apiserver-advertise-address"},
      {[](auto& f) { f.apiserver_bind_port = 70000; }, "--apiserver-bind-port"},
      {[](auto& f) { f.node_name = "CP_1"; }, "--node-name"},
      {[](auto& f) { f.service_dns_domain = "cluster..local"; }, "--service-dns-domain"},
      {[](auto& f) { f.kubernetes_version = "1.30.0"; },
       "is not supported: this kubestrap installs v1.31 to v1.34"},
      {[](auto& f) { f.kubernetes_version = "v1.35.0"; }, "Kubernetes v1.35.0 is not supported"},
      {[](auto& f) { f.kubernetes_version = "v1.32"; }, "invalid Kubernetes version"},
      {[](auto& f) { f.control_plane_endpoint = "cp.example.com:99999"; }, "--control-plane-endpoint"},
      {[](auto& f) { f.apiserver_cert_extra_sans = {"bad name!"}; }, "--apiserver-cert-extra-sans"},
      {[](auto& f) { f.cert_dir = "relative/pki"; }, "--cert-dir"},
      {[](auto& f) { f.cri_socket = "containerd"; }, "--cri-socket"},
      {[](auto& f) { f.feature_gates = "NoSuchGate=true"; }, "unknown feature gate"},
  };
  for (const auto& c : cases) {
    TestHost t;
    auto flags = base_flags();
    c.change(flags);
    auto loaded = load_init_config(flags, t.host);
    ASSERT_FALSE(loaded) << c.expected;
    EXPECT_EQ(loaded.error().kind, ErrorKind::InvalidInput);
    EXPECT_NE(loaded.error().message().find(c.expected), std::string::npos) << loaded.error().message();
  }
}

// The Kubernetes documentation's dual-stack example puts each service range inside its pod range. kubeadm
// accepts it (ValidateNetworking has no overlap rule) and kube-controller-manager hands out node CIDRs around
// the service range (range_allocator.go, filterOutServiceRange): accepted, with a warning saying so. The
// other way round no node CIDR would be left: refused.
TEST(Load, AServiceRangeInsideThePodRangeIsAcceptedWithAWarning) {
  TestHost t;
  InitFlags flags;
  flags.pod_network_cidr = "10.244.0.0/16,2001:db8:42:0::/56";
  flags.service_cidr = "10.244.0.0/20,2001:db8:42:1::/112";
  auto loaded = load_init_config(flags, t.host);
  ASSERT_TRUE(loaded) << loaded.error().message();
  std::vector<std::string> about_ranges;
  for (const auto& warning : loaded->warnings)
    if (warning.find("lies inside the pod range") != std::string::npos) about_ranges.push_back(warning);
  ASSERT_EQ(about_ranges.size(), 2u);
  EXPECT_NE(about_ranges[0].find("10.244.0.0/20 lies inside the pod range 10.244.0.0/16"), std::string::npos);
  EXPECT_NE(about_ranges[1].find("2001:db8:42:1::/112 lies inside the pod range 2001:db8:42::/56"),
            std::string::npos)
      << about_ranges[1];

  flags.pod_network_cidr = "10.96.0.0/16";
  flags.service_cidr = "10.96.0.0/12";
  auto inside = load_init_config(flags, t.host);
  ASSERT_FALSE(inside);
  EXPECT_NE(inside.error().why.find("lies inside it: no node CIDR would be left"), std::string::npos)
      << inside.error().why;
}

// What `kubeadm config print init-defaults` prints (kubeadm 1.32, cmd/kubeadm/app/cmd/config.go and the
// v1beta4 defaults), saved as people keep it: read without a single warning.
TEST(Load, KubeadmsPrintedInitDefaultsAreReadAsTheyAre) {
  TestHost t;
  InitFlags flags;
  flags.config_path = std::string(KS_SOURCE_DIR) + "/tests/fixtures/kubeadm/init-defaults.yaml";
  auto loaded = load_init_config(flags, t.host);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->warnings, std::vector<std::string>{});
  const auto& config = loaded->config;
  EXPECT_EQ(config.cluster.kubernetes_version, "v1.32.0");
  EXPECT_FALSE(config.node_registration.taints.has_value());  // null: the control-plane taint, as kubeadm
  EXPECT_EQ(config.timeouts.upgrade_manifests, std::chrono::minutes(5));
  EXPECT_EQ(config.local_api_endpoint.advertise_address, "1.2.3.4");
}

TEST(Load, ReportsAllProblemsAtOnce) {
  TestHost t;
  auto flags = base_flags();
  flags.pod_network_cidr = "bad";
  flags.node_name = "Bad_Name";
  auto loaded = load_init_config(flags, t.host);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().why.find("--pod-network-cidr"), std::string::npos);
  EXPECT_NE(loaded.error().why.find("--node-name"), std::string::npos);
}

// kubeadm's ValidateCertificateKey: InitConfiguration.certificateKey is empty or a 32-byte AES key in hex.
TEST(Load, ACertificateKeyIsAThirtyTwoByteHexKey) {
  TestHost t;
  testing::TempDir dir;
  auto load_with_key = [&](const std::string& key) {
    host::RootFiles(dir.path())
        .write_atomic(
            "/init.yaml",
            "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\ncertificateKey: \"" + key + "\"\n",
            0644)
        .value();
    InitFlags flags;
    flags.config_path = dir.path() + "/init.yaml";
    flags.given = {"config"};
    return load_init_config(flags, t.host);
  };
  EXPECT_TRUE(load_with_key(std::string(64, 'a')));
  auto short_key = load_with_key(std::string(62, 'a'));
  ASSERT_FALSE(short_key);
  EXPECT_NE(short_key.error().why.find("certificateKey"), std::string::npos) << short_key.error().why;
  EXPECT_FALSE(load_with_key(std::string(63, 'a') + "g"));
}

TEST(Load, RefusesToMixConfigFileAndClusterFlags) {
  TestHost t;
  auto flags = base_flags();
  flags.config_path = "/nonexistent.yaml";
  flags.given = {"config", "pod-network-cidr", "dry-run", "skip-phases"};
  auto loaded = load_init_config(flags, t.host);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().what, "cannot mix --config with --pod-network-cidr");
}

// kubeadm keeps a user's KubeProxyConfiguration and fills bindAddress, clusterCIDR and the kubeconfig path
// only where it leaves them empty (componentconfigs/kubeproxy.go), warning about values that differ.
TEST(Load, KeepsAUsersKubeProxyConfigurationAndWarnsWhereItDiffersFromKubeadm) {
  TestHost t;
  testing::TempDir scratch;
  host::RootFiles(scratch.path())
      .write_atomic("/config.yaml", R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
networking:
  podSubnet: 10.244.0.0/16
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
clusterCIDR: 10.32.0.0/16
)",
                    0644)
      .value();
  InitFlags flags;
  flags.config_path = scratch.path() + "/config.yaml";
  flags.given = {"config"};
  auto loaded = load_init_config(flags, t.host);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ((*loaded->config.kube_proxy_configuration)["mode"], "ipvs");
  ASSERT_FALSE(loaded->warnings.empty());
  EXPECT_EQ(loaded->warnings.back(),
            "KubeProxyConfiguration: clusterCIDR is \"10.32.0.0/16\", not kubeadm's \"10.244.0.0/16\"; the "
            "given value "
            "is used");
}

TEST(Load, AcceptsTheDualStackAndIPv6Forms) {
  TestHost t;
  auto flags = base_flags();
  flags.pod_network_cidr = "10.244.0.0/16,fd00:10:244::/56";
  flags.service_cidr = "10.96.0.0/12,fd00:10:96::/112";
  flags.apiserver_advertise_address = "fd00::10";
  auto loaded = load_init_config(flags, t.host);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(local_api_url(loaded->config), "https://[fd00::10]:6443");
}

}  // namespace
}  // namespace ks::config

namespace ks {
namespace {

// What upload-config stores in kubeadm-config reads back, unchanged and without warnings, through the
// same decoder a joining node will use.
TEST(Encode, ClusterConfigurationRoundTripsThroughTheDecoder) {
  auto decoded = config::decode_init_config(
                     "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
                     "controlPlaneEndpoint: cp.example:6443\nencryptionAlgorithm: ECDSA-P256\n"
                     "networking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/16\n"
                     "apiServer:\n  certSANs: [cp.example]\n  extraArgs:\n  - {name: v, value: \"2\"}\n"
                     "dns:\n  disabled: true\nfeatureGates:\n  ControlPlaneKubeletLocalMode: true\n")
                     .value();
  std::vector<std::string> warnings;
  config::apply_static_defaults(decoded.config, warnings);
  const auto& cluster = decoded.config.cluster;
  auto text = to_yaml(config::encode_cluster_configuration(cluster));
  auto again = config::decode_init_config(text).value();
  EXPECT_TRUE(again.warnings.empty()) << text;
  const auto& back = again.config.cluster;
  EXPECT_EQ(back.control_plane_endpoint, "cp.example:6443");
  EXPECT_EQ(back.encryption_algorithm, config::KeyAlgorithm::ECDSAP256);
  EXPECT_EQ(back.networking.pod_subnet, "10.244.0.0/16");
  EXPECT_EQ(back.networking.service_subnet, "10.96.0.0/16");
  EXPECT_EQ(back.networking.dns_domain, "cluster.local");
  EXPECT_EQ(back.api_server.cert_sans, std::vector<std::string>{"cp.example"});
  EXPECT_EQ(back.api_server.extra_args, (std::vector<config::Arg>{{"v", "2"}}));
  EXPECT_TRUE(back.dns.disabled);
  EXPECT_EQ(back.feature_gates, cluster.feature_gates);
  EXPECT_EQ(back.kubernetes_version, cluster.kubernetes_version);
  EXPECT_EQ(back.certificate_validity_period, cluster.certificate_validity_period);
  EXPECT_EQ(back.etcd.local->data_dir, "/var/lib/etcd");
}

}  // namespace
}  // namespace ks

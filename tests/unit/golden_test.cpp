// Golden files pin the rendered manifests and kubelet files byte for byte. After an intended change,
// regenerate them with KUBESTRAP_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <stdexcept>

#include "base/yaml_writer.hpp"
#include "config/derived.hpp"
#include "config/releases.hpp"
#include "templates/addons.hpp"
#include "templates/control_plane_pods.hpp"
#include "templates/kubelet_files.hpp"
#include "templates/templates.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::templates {
namespace {

void expect_golden(const std::string& name, const std::string& actual) {
  std::string path = std::string(KS_SOURCE_DIR) + "/tests/golden/" + name;
  host::RootFiles files("/");
  if (std::getenv("KUBESTRAP_UPDATE_GOLDEN")) {
    ASSERT_TRUE(files.write_atomic(path, actual, 0644));
    return;
  }
  auto expected = files.read(path);
  ASSERT_TRUE(expected) << "missing golden file " << path << "; run with KUBESTRAP_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, *expected) << "rendered " << name << " differs from " << path;
}

NodeFacts facts() {
  NodeFacts f;
  f.ca_directories = {"/etc/ca-certificates", "/usr/share/ca-certificates"};
  f.proxy_env = {{"NO_PROXY", "localhost"}};
  f.os_hostname = "debian";
  return f;
}

TEST(Golden, StaticPodsAndKubeletFiles) {
  testing::TestHost t;
  auto config = testing::load_config(t);
  config.cluster.api_server.extra_args = {{"audit-log-maxage", "30"},
                                          {"authorization-mode", "Node,RBAC,Webhook"}};
  expect_golden("kube-apiserver.yaml", to_yaml(kube_apiserver_pod(config, facts())));
  expect_golden("kube-controller-manager.yaml", to_yaml(kube_controller_manager_pod(config, facts())));
  expect_golden("kube-scheduler.yaml", to_yaml(kube_scheduler_pod(config, facts())));
  expect_golden("etcd.yaml", to_yaml(etcd_pod(config, facts())));
  std::vector<std::string> warnings;
  expect_golden("kubelet-config.yaml", to_yaml(kubelet_configuration(config, facts(), warnings)));
  expect_golden("kubeadm-flags.env", kubelet_flags_env(config, facts(), false));
  EXPECT_TRUE(warnings.empty());
}

// One directory per supported minor (golden/minors/v1.N/): the four static Pods, the kubelet's flags and
// the image list of a default configuration at a real patch release of that minor, as that minor's
// kubeadm renders them. tests/integration validates these same files with the schema validator and starts
// Debian's etcd from their etcd command lines.
TEST(Golden, EverySupportedMinor) {
  const std::map<int, std::string> patch = {
      {31, "v1.31.14"}, {32, "v1.32.10"}, {33, "v1.33.6"}, {34, "v1.34.2"}};
  ASSERT_EQ(patch.size(), config::supported_releases().size());
  for (const auto& release : config::supported_releases()) {
    SCOPED_TRACE(release.minor);
    testing::TestHost t;
    auto flags = testing::base_flags();
    flags.kubernetes_version = patch.at(release.minor);
    auto config = testing::load_config(t, flags);
    std::string dir = "minors/v1." + std::to_string(release.minor) + "/";
    expect_golden(dir + "kube-apiserver.yaml", to_yaml(kube_apiserver_pod(config, facts())));
    expect_golden(dir + "kube-controller-manager.yaml",
                  to_yaml(kube_controller_manager_pod(config, facts())));
    expect_golden(dir + "kube-scheduler.yaml", to_yaml(kube_scheduler_pod(config, facts())));
    expect_golden(dir + "etcd.yaml", to_yaml(etcd_pod(config, facts())));
    expect_golden(dir + "kubeadm-flags.env", kubelet_flags_env(config, facts(), false));
    // From 1.34 the CRI socket lives in instance-config.yaml (NodeLocalCRISocket on by default), not in
    // the flags; earlier minors have no such file.
    auto instance = kubelet_instance_config(config);
    EXPECT_EQ(instance.has_value(), release.minor >= 34);
    if (instance) expect_golden(dir + "instance-config.yaml", *instance);
    std::string images;
    for (const auto& image : config::control_plane_images(config)) images += image + "\n";
    expect_golden(dir + "images.txt", images);
    for (const auto& object : coredns_objects(config))
      if (object["kind"] == "Deployment") expect_golden(dir + "coredns-deployment.yaml", to_yaml(object));
  }
}

// The addon objects as the API server receives them, one file per configuration and addon.
void expect_golden_addons(const std::string& name, const config::InitConfiguration& config,
                          const NodeFacts& node) {
  expect_golden("addons/" + name + "-coredns.json", nlohmann::json(coredns_objects(config)).dump(2) + "\n");
  expect_golden("addons/" + name + "-kube-proxy.json",
                nlohmann::json(kube_proxy_objects(config, node)).dump(2) + "\n");
}

TEST(Golden, AddonsWithDefaults) {
  testing::TestHost t;
  expect_golden_addons("defaults", testing::load_config(t), {});
}

TEST(Golden, AddonsDualStackWithACustomDomainAndRegistry) {
  testing::TestHost t;
  auto flags = testing::base_flags();
  flags.pod_network_cidr = "10.244.0.0/16,fd00:10:244::/56";
  flags.service_cidr = "10.96.0.0/12,fd00:10:96::/112";
  flags.service_dns_domain = "cluster.example";
  flags.image_repository = "registry.example.com/k8s";  // CoreDNS is expected flat in a custom registry
  flags.control_plane_endpoint = "api.example.com";     // no port: the API server's bind port
  expect_golden_addons("dual-stack", testing::load_config(t, flags), {});
}

TEST(Golden, AddonsIPv6WithAProxyAndDnsImageOverrides) {
  testing::TestHost t;
  // No pod subnet (kube-proxy gets an empty clusterCIDR), an IPv6 endpoint with its own port, a version
  // whose '+' is not valid in an image tag, and CoreDNS from its own registry.
  auto path = t.root.path() + "/kubeadm.yaml";
  ASSERT_TRUE(host::RootFiles("/").write_atomic(path, R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: fd00::10
nodeRegistration:
  name: cp1
  criSocket: unix:///run/containerd/containerd.sock
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: v1.32.4+build.1
controlPlaneEndpoint: "[fd00::1]:8443"
networking:
  serviceSubnet: fd00:10:96::/112
dns:
  imageRepository: mirror.example.com/dns
  imageTag: v1.11.3-custom
)",
                                                0644));
  config::InitFlags flags;
  flags.config_path = path;
  NodeFacts node;
  node.proxy_env = {{"HTTPS_PROXY", "http://proxy.example.com:3128"}, {"NO_PROXY", "fd00::/8,localhost"}};
  expect_golden_addons("ipv6-proxy", testing::load_config(t, flags), node);
}

TEST(Templates, ValuesAreSetInTheParsedObjectsNeverSplicedIntoTheirText) {
  const std::string hostile = "x\n---\nkind: Secret\nimage: [\"{{ dns_ip }}\"";
  auto objects =
      render_objects("coredns.yaml", {{"image", hostile}, {"Corefile", hostile}, {"dns_ip", hostile}});
  ASSERT_EQ(objects.size(), 6u);
  EXPECT_EQ(objects[3]["data"]["Corefile"], hostile);
  EXPECT_EQ(objects[4]["spec"]["template"]["spec"]["containers"][0]["image"], hostile);
  EXPECT_EQ(objects[5]["spec"]["clusterIP"], hostile);
  for (const auto& object : objects) EXPECT_NE(object["kind"], "Secret");
  // A key without a value, or a value without its key, is a mistake in kubestrap itself.
  EXPECT_THROW(render_objects("coredns.yaml", {{"image", "i"}, {"Corefile", "c"}}), std::logic_error);
  EXPECT_THROW(
      render_objects("coredns.yaml", {{"image", "i"}, {"Corefile", "c"}, {"dns_ip", "d"}, {"typo", "t"}}),
      std::logic_error);
}

TEST(StaticPods, ExtraArgsReplaceDefaultsAndFlagsAreSorted) {
  testing::TestHost t;
  auto config = testing::load_config(t);
  config.cluster.scheduler.extra_args = {{"bind-address", "0.0.0.0"}, {"v", "2"}, {"v", "1"}};
  auto pod = kube_scheduler_pod(config, {});
  std::vector<std::string> command = pod["spec"]["containers"][0]["command"];
  EXPECT_EQ(command,
            (std::vector<std::string>{
                "kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
                "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf", "--bind-address=0.0.0.0",
                "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true", "--v=1", "--v=2"}));
  // kubeadm's getProbeAddress (util/staticpod/utils.go): an unspecified bind address is probed on the Pod
  // IP, that is without a host.
  EXPECT_FALSE(pod["spec"]["containers"][0]["livenessProbe"]["httpGet"].contains("host"));
}

TEST(StaticPods, ExternalEtcdAndIPv6) {
  testing::TestHost t;
  auto flags = testing::base_flags();
  flags.apiserver_advertise_address = "fd00::10";
  flags.pod_network_cidr = "fd00:10:244::/56";
  flags.service_cidr = "fd00:10:96::/112";
  auto config = testing::load_config(t, flags);
  auto etcd = to_yaml(etcd_pod(config, {}));
  EXPECT_NE(etcd.find("--listen-client-urls=https://[::1]:2379,https://[fd00::10]:2379"), std::string::npos)
      << etcd;
  config.cluster.etcd.local.reset();
  config.cluster.etcd.external = config::ExternalEtcd{
      {"https://10.0.0.5:2379"}, "/etc/etcd/ca.crt", "/etc/etcd/client.crt", "/etc/etcd/client.key"};
  auto api = to_yaml(kube_apiserver_pod(config, {}));
  EXPECT_NE(api.find("--etcd-servers=https://10.0.0.5:2379"), std::string::npos);
  EXPECT_NE(api.find("name: etcd-certs-0"), std::string::npos);
  EXPECT_NE(api.find("advertise-address.endpoint: \"[fd00::10]:6443\""), std::string::npos) << api;
}

TEST(KubeletFiles, KeepsUserValuesAndWarnsWhereTheyDiffer) {
  testing::TestHost t;
  auto config = testing::load_config(t);
  config.kubelet_configuration = nlohmann::json{{"cgroupDriver", "cgroupfs"}, {"maxPods", 50}};
  std::vector<std::string> warnings;
  auto document = kubelet_configuration(config, {}, warnings);
  EXPECT_EQ(document["cgroupDriver"], "cgroupfs");
  EXPECT_EQ(document["maxPods"], 50);
  EXPECT_EQ(document["rotateCertificates"], true);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("cgroupDriver"), std::string::npos);
  NodeFacts same_host;
  same_host.os_hostname = "cp1";
  EXPECT_EQ(kubelet_flags_env(config, same_host, false).find("hostname-override"), std::string::npos);
}

}  // namespace
}  // namespace ks::templates

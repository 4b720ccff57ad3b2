// Golden files pin the rendered manifests and kubelet files byte for byte. After an intended change,
// regenerate them with KUBESTRAP_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>

#include "base/yaml_writer.hpp"
#include "templates/control_plane_pods.hpp"
#include "templates/kubelet_files.hpp"
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
  EXPECT_EQ(pod["spec"]["containers"][0]["livenessProbe"]["httpGet"]["host"], "0.0.0.0");
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
  config.kubelet_configuration = {{"cgroupDriver", "cgroupfs"}, {"maxPods", 50}};
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

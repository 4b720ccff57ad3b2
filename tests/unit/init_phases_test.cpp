#include <gtest/gtest.h>

#include "kube/kubeconfig.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::phases {
namespace {

using testing::RecordingReporter;
using testing::TestHost;

class InitTest : public ::testing::Test {
 protected:
  TestHost t;
  config::InitConfiguration config = [&] {
    auto c = testing::load_config(t);
    c.cluster.encryption_algorithm = config::KeyAlgorithm::ECDSAP256;
    return c;
  }();
  RecordingReporter reporter;
};

TEST_F(InitTest, WritesTheWholeLocalControlPlane) {
  ASSERT_TRUE(testing::run_init(t, config, reporter));
  for (auto [path, mode] : std::vector<std::pair<std::string, mode_t>>{
           {"/etc/kubernetes/admin.conf", 0600},
           {"/etc/kubernetes/super-admin.conf", 0600},
           {"/etc/kubernetes/kubelet.conf", 0600},
           {"/etc/kubernetes/controller-manager.conf", 0600},
           {"/etc/kubernetes/scheduler.conf", 0600},
           {"/etc/kubernetes/manifests/etcd.yaml", 0600},
           {"/etc/kubernetes/manifests/kube-apiserver.yaml", 0600},
           {"/etc/kubernetes/manifests/kube-controller-manager.yaml", 0600},
           {"/etc/kubernetes/manifests/kube-scheduler.yaml", 0600},
           {"/var/lib/kubelet/config.yaml", 0644},
           {"/var/lib/kubelet/kubeadm-flags.env", 0644},
           {"/var/lib/etcd", 0700},
           {"/etc/kubernetes/manifests", 0700}}) {
    auto info = t.files.stat(path);
    ASSERT_TRUE(info) << path;
    EXPECT_EQ(info->mode, mode) << path;
  }
  EXPECT_EQ(t.processes.commands,
            (std::vector<std::string>{"systemctl stop kubelet", "systemctl daemon-reload",
                                      "systemctl restart kubelet"}));
}

TEST_F(InitTest, KubeconfigsCarryTheirIdentityAndServer) {
  ASSERT_TRUE(testing::run_init(t, config, reporter));
  auto admin = kube::parse_kubeconfig(t.files.read("/etc/kubernetes/admin.conf").value()).value();
  EXPECT_EQ(admin.server, "https://192.168.1.10:6443");
  EXPECT_EQ(admin.user_name, "kubernetes-admin");
  EXPECT_EQ(admin.ca_pem, t.files.read("/etc/kubernetes/pki/ca.crt").value());
  auto cert = certs::parse_certificate(admin.client_certificate_pem).value();
  auto info = certs::inspect(cert.get());
  EXPECT_EQ(info.organizations, std::vector<std::string>{"kubeadm:cluster-admins"});
  auto kubelet = kube::parse_kubeconfig(t.files.read("/etc/kubernetes/kubelet.conf").value()).value();
  EXPECT_EQ(kubelet.user_name, "system:node:cp1");
}

TEST_F(InitTest, ASecondRunChangesNothing) {
  ASSERT_TRUE(testing::run_init(t, config, reporter));
  auto before = testing::snapshot(t.root.path());
  RecordingReporter again;
  ASSERT_TRUE(testing::run_init(t, config, again));
  EXPECT_EQ(testing::snapshot(t.root.path()), before);
  EXPECT_TRUE(again.said("Using the existing \"admin.conf\" kubeconfig file"));
  EXPECT_TRUE(again.said("Static Pod manifest for \"kube-apiserver\" is up to date"));
}

TEST_F(InitTest, NeverOverwritesADifferentManifest) {
  ASSERT_TRUE(
      t.files.write_atomic("/etc/kubernetes/manifests/kube-apiserver.yaml", "someone else's\n", 0600));
  auto status = testing::run_init(t, config, reporter);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::Conflict);
  EXPECT_NE(status.error().fix.find("kubestrap reset"), std::string::npos);
  EXPECT_EQ(t.files.read("/etc/kubernetes/manifests/kube-apiserver.yaml").value(), "someone else's\n");
}

TEST_F(InitTest, RefusesAKubeconfigOfAnotherCluster) {
  ASSERT_TRUE(testing::run_init(t, config, reporter, {"certs", {}}));
  kube::Kubeconfig foreign{"kubernetes", "https://10.0.0.1:6443",
                           "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                           "kubernetes-admin"};
  ASSERT_TRUE(t.files.write_atomic("/etc/kubernetes/admin.conf", kube::render_kubeconfig(foreign), 0600));
  auto status = testing::run_init(t, config, reporter, {"kubeconfig/admin", {}});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::Conflict);
  EXPECT_NE(status.error().what.find("trusts a different CA"), std::string::npos);
}

TEST_F(InitTest, PhaseSelectionRunsOnlyThatPartAndCountsItsKeys) {
  phases::InitRun run(config, t.host, reporter);
  workflow::Runner runner(phases::init_phases(run), reporter, t.clock);
  EXPECT_EQ(phases::keys_needed(runner, {}), 16u);
  EXPECT_EQ(phases::keys_needed(runner, {"certs", {"certs/etcd-ca"}}), 10u);
  EXPECT_EQ(phases::keys_needed(runner, {"kubeconfig/admin", {}}), 1u);
  ASSERT_TRUE(runner.run({"certs/ca", {}}));
  EXPECT_TRUE(t.files.exists("/etc/kubernetes/pki/ca.crt"));
  EXPECT_FALSE(t.files.exists("/etc/kubernetes/pki/apiserver.crt"));
  EXPECT_EQ(phases::keys_needed(runner, {}), 15u);
}

TEST_F(InitTest, ExternalEtcdSkipsTheEtcdCertificatesAndManifest) {
  config.cluster.etcd.local.reset();
  config.cluster.etcd.external = config::ExternalEtcd{
      {"https://10.0.0.5:2379"}, "/etc/etcd/ca.crt", "/etc/etcd/client.crt", "/etc/etcd/client.key"};
  ASSERT_TRUE(testing::run_init(t, config, reporter));
  EXPECT_FALSE(t.files.exists("/etc/kubernetes/pki/etcd/ca.crt"));
  EXPECT_FALSE(t.files.exists("/etc/kubernetes/manifests/etcd.yaml"));
  EXPECT_TRUE(t.files.exists("/etc/kubernetes/manifests/kube-apiserver.yaml"));
}

TEST_F(InitTest, KubeletRestartFailureIsAWarningNotAnError) {
  t.processes.exit_code = 1;
  ASSERT_TRUE(testing::run_init(t, config, reporter, {"kubelet-start", {}}));
  ASSERT_FALSE(reporter.warnings.empty());
  EXPECT_NE(reporter.warnings.front().find("systemctl stop kubelet"), std::string::npos);
}

}  // namespace
}  // namespace ks::phases

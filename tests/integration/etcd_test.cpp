// Debian's real etcd runs with exactly the command line of the etcd.yaml kubestrap rendered (paths mapped
// through its hostPath volumes), and the real etcdctl talks to it with the client certificates kubestrap
// made.
#include <gtest/gtest.h>

#include <thread>

#include "tests/support/daemon.hpp"
#include "tests/support/run.hpp"
#include "tests/support/static_pod_command.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using testing::run;

class EtcdFromManifest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::on_path("etcd") || !testing::on_path("etcdctl"))
      GTEST_FAIL() << "etcd/etcdctl missing: run scripts/install-deps.sh";
    auto init =
        testing::kubestrap({"init", "--dry-run", "--root-dir", root.path(), "--node-name", "cp1",
                            "--apiserver-advertise-address", "127.0.0.2", "--pod-network-cidr",
                            "10.244.0.0/16", "--cri-socket", "unix:///run/containerd/containerd.sock"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    auto command = testing::static_pod_command(root.path(), "/etc/kubernetes/manifests/etcd.yaml");
    ASSERT_EQ(command.front(), "etcd");
    etcd_ = std::make_unique<testing::Daemon>(command);
    // etcd announces readiness on stderr; wait for that line rather than sleeping.
    if (!etcd_->wait_for("ready to serve client requests"))
      FAIL() << "etcd exited before it was ready:\n" << etcd_->output();
  }

  host::ProcessResult etcdctl(const std::string& client, std::vector<std::string> args,
                              const std::string& ca = "etcd/ca") {
    auto pki = root.path() + "/etc/kubernetes/pki/";
    std::vector<std::string> argv = {"etcdctl",
                                     "--endpoints=https://127.0.0.2:2379",
                                     "--cacert=" + pki + ca + ".crt",
                                     "--cert=" + pki + client + ".crt",
                                     "--key=" + pki + client + ".key",
                                     "--dial-timeout=3s",
                                     "--command-timeout=3s"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }

  testing::TempDir root;
  std::unique_ptr<testing::Daemon> etcd_;
};

TEST_F(EtcdFromManifest, HealthcheckClientSeesAHealthyMember) {
  auto health = etcdctl("etcd/healthcheck-client", {"endpoint", "health"});
  EXPECT_EQ(health.exit_code, 0) << health.out << health.err;
  EXPECT_NE((health.out + health.err).find("is healthy"), std::string::npos);
  auto members = etcdctl("etcd/healthcheck-client", {"member", "list"});
  EXPECT_NE(members.out.find("cp1, https://127.0.0.2:2380, https://127.0.0.2:2379"), std::string::npos)
      << members.out;
}

TEST_F(EtcdFromManifest, ApiServerClientCanWriteAndRead) {
  auto put = etcdctl("apiserver-etcd-client", {"put", "/registry/kubestrap", "hello"});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  auto get = etcdctl("apiserver-etcd-client", {"get", "/registry/kubestrap", "--print-value-only"});
  EXPECT_EQ(get.out, "hello\n");
}

TEST_F(EtcdFromManifest, ACertificateFromAnotherCaIsRefused) {
  // The cluster CA ("ca") is not etcd's CA: a client certificate it signed must not get in.
  auto put = etcdctl("apiserver-kubelet-client", {"put", "/registry/intruder", "x"});
  EXPECT_NE(put.exit_code, 0);
  auto get = etcdctl("apiserver-etcd-client", {"get", "/registry/intruder", "--print-value-only"});
  EXPECT_EQ(get.out, "");
}

}  // namespace
}  // namespace ks

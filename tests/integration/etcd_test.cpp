// Debian's real etcd runs with exactly the command line of the etcd.yaml kubestrap rendered (paths mapped
// through its hostPath volumes), and the real etcdctl talks to it with the client certificates kubestrap
// made.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/control_plane/etcd_store.hpp"
#include "tests/support/control_plane/object_cache.hpp"
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

// The API stand-in's object cache (what its authorizers read on every request) follows this real etcd through
// one watch: writes through the stand-in's store are visible to the next read, writes by another client
// arrive through the watch, deletes leave it.
TEST_F(EtcdFromManifest, StandInObjectCacheFollowsEtcdThroughItsWatch) {
  auto pem = [&](const std::string& name) {
    std::ifstream file(root.path() + "/etc/kubernetes/pki/" + name);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  };
  standin::EtcdStore store("https://127.0.0.2:2379", pem("etcd/ca.crt"), pem("apiserver-etcd-client.crt"),
                           pem("apiserver-etcd-client.key"));
  standin::ObjectCache cache(store);
  const std::string prefix = "/registry/configmaps/";
  auto names = [&](int64_t at_least) {
    std::vector<std::string> found;
    for (const auto& object : cache.list(prefix, at_least)) found.push_back(object["metadata"]["name"]);
    return found;
  };

  auto created = store.create(prefix + "default/a", {{"metadata", {{"name", "a"}}}});
  ASSERT_TRUE(created && *created);
  EXPECT_EQ(names(store.last_write_revision()), std::vector<std::string>{"a"});
  // Read from the cache (its revision has reached the write), not from the fallback read of etcd.
  EXPECT_GE(cache.revision(), **created);
  auto listed = cache.list(prefix, **created);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["metadata"]["resourceVersion"], std::to_string(**created));

  // Another etcd client's write: the watch brings it; the revision etcd reports for it is the one waited for.
  ASSERT_EQ(etcdctl("apiserver-etcd-client", {"put", prefix + "default/b", R"({"metadata":{"name":"b"}})"})
                .exit_code,
            0);
  auto got = etcdctl("apiserver-etcd-client", {"get", prefix + "default/b", "-w", "json"});
  auto revision = nlohmann::json::parse(got.out)["header"]["revision"].get<int64_t>();
  EXPECT_EQ(names(revision), (std::vector<std::string>{"a", "b"}));
  EXPECT_GE(cache.revision(), revision);

  auto removed = store.remove(prefix + "default/a");
  ASSERT_TRUE(removed && *removed);
  EXPECT_EQ(names(store.last_write_revision()), std::vector<std::string>{"b"});
  // Other prefixes are not mixed in.
  EXPECT_TRUE(cache.list("/registry/configmapsx/", 0).empty());
}

}  // namespace
}  // namespace ks

// Every supported minor's etcd.yaml, as `init` renders it for that minor, started with Debian's real etcd
// (3.4) and asked for its health with the real etcdctl. etcd 3.4 knows every flag kubeadm gives etcd 3.5
// (v1.31 to v1.33); v1.34 deploys etcd 3.6, whose two renamed flags etcd 3.4 refuses, so for that minor
// the test shows that refusal and then starts etcd with the rest of the command line.
#include <gtest/gtest.h>

#include <algorithm>

#include "config/releases.hpp"
#include "tests/support/daemon.hpp"
#include "tests/support/run.hpp"
#include "tests/support/static_pod_command.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using testing::run;

bool is_etcd_36_flag(const std::string& arg) {
  return arg == "--feature-gates=InitialCorruptCheck=true" || arg == "--watch-progress-notify-interval=5s";
}

TEST(EtcdEveryMinor, DebianEtcdRunsTheRenderedCommandLine) {
  if (!testing::on_path("etcd") || !testing::on_path("etcdctl"))
    GTEST_FAIL() << "etcd/etcdctl missing: run scripts/install-deps.sh";
  for (const auto& release : config::supported_releases()) {
    std::string version = "v1." + std::to_string(release.minor) + ".0";
    SCOPED_TRACE(version);
    testing::TempDir root;
    auto init = testing::kubestrap({"init", "--dry-run", "--root-dir", root.path(), "--node-name", "cp1",
                                    "--kubernetes-version", version, "--apiserver-advertise-address",
                                    "127.0.0.2", "--cri-socket", "unix:///run/containerd/containerd.sock"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    auto command = testing::static_pod_command(root.path(), "/etc/kubernetes/manifests/etcd.yaml");
    ASSERT_EQ(command.front(), "etcd");
    bool etcd_36 = std::string_view(release.etcd_version).starts_with("3.6.");
    auto new_flags = std::ranges::count_if(command, is_etcd_36_flag);
    EXPECT_EQ(new_flags, etcd_36 ? 2 : 0);
    EXPECT_EQ(std::ranges::count(command, std::string("--experimental-initial-corrupt-check=true")),
              etcd_36 ? 0 : 1);
    if (etcd_36) {
      // etcd 3.4 stops at a flag it does not know, before it opens any port.
      auto refused =
          run({"etcd", "--feature-gates=InitialCorruptCheck=true", "--data-dir", root.path() + "/x"});
      EXPECT_NE(refused.exit_code, 0);
      EXPECT_NE(refused.err.find("feature-gates"), std::string::npos) << refused.err;
      std::erase_if(command, is_etcd_36_flag);
    }
    testing::Daemon etcd(command);
    ASSERT_TRUE(etcd.wait_for("ready to serve client requests")) << etcd.output();
    auto pki = root.path() + "/etc/kubernetes/pki/";
    auto health =
        run({"etcdctl", "--endpoints=https://127.0.0.2:2379", "--cacert=" + pki + "etcd/ca.crt",
             "--cert=" + pki + "etcd/healthcheck-client.crt", "--key=" + pki + "etcd/healthcheck-client.key",
             "--dial-timeout=3s", "--command-timeout=3s", "endpoint", "health"});
    EXPECT_EQ(health.exit_code, 0) << health.out << health.err;
  }
}

}  // namespace
}  // namespace ks

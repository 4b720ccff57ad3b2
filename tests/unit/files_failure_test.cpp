// What happens when the disk fails. The real atomic write is made to fail for real (a file-size limit
// stands in for a full disk; a directory in the way makes the rename fail); callers' failure paths run
// over the in-memory files, told to fail one step of one write.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>

#include "tests/support/init_harness.hpp"
#include "tests/support/memory_files.hpp"

namespace ks {
namespace {

using testing::MemoryFiles;

TEST(RealAtomicWrite, RunningOutOfSpaceMidWriteKeepsTheOldFileAndLeavesNoTemporary) {
  testing::TempDir dir;
  host::RootFiles files(dir.path());
  ASSERT_TRUE(files.write_atomic("/etc/kubernetes/admin.conf", "old content", 0600));
  struct rlimit saved {};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);  // the write fails with EFBIG instead of a signal
  struct rlimit small = saved;
  small.rlim_cur = 64 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  auto written = files.write_atomic("/etc/kubernetes/admin.conf", std::string(1 << 20, 'x'), 0600);
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous_handler);

  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message().find("admin.conf"), std::string::npos) << written.error().message();
  EXPECT_NE(written.error().message().find("File too large"), std::string::npos) << written.error().message();
  EXPECT_EQ(files.read("/etc/kubernetes/admin.conf").value(), "old content");
  EXPECT_EQ(files.list("/etc/kubernetes").value(), std::vector<std::string>{"admin.conf"});
}

TEST(RealAtomicWrite, AFailedRenameLeavesWhatWasThereAndNoTemporary) {
  testing::TempDir dir;
  host::RootFiles files(dir.path());
  ASSERT_TRUE(files.write_atomic("/etc/kubernetes/manifests/kept", "x", 0600));  // a directory in the way
  auto written = files.write_atomic("/etc/kubernetes/manifests", "apiVersion: v1\n", 0600);
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message().find("renaming into"), std::string::npos) << written.error().message();
  EXPECT_EQ(files.list("/etc/kubernetes").value(), std::vector<std::string>{"manifests"});
  EXPECT_EQ(files.read("/etc/kubernetes/manifests/kept").value(), "x");
}

// A whole host whose files live in memory.
struct MemoryHost {
  MemoryFiles files;
  host::SystemFiles system{files};
  testing::FakeNetwork network;
  testing::RecordingProcesses processes;
  host::FakeClock clock{std::chrono::sys_days{std::chrono::year{2026} / 11 / 21}};
  testing::FixedRandom random;
  host::FakeEnvironment environment;
  host::Host host{files, system, network, processes, clock, random, environment};

  config::InitConfiguration config() {
    auto loaded = config::load_init_config(testing::base_flags(), host).value().config;
    loaded.cluster.encryption_algorithm = config::KeyAlgorithm::ECDSAP256;
    return loaded;
  }
  Status run(const config::InitConfiguration& config, const std::string& only) {
    testing::RecordingReporter reporter;
    phases::InitRun run(config, host, reporter);
    workflow::Runner runner(phases::init_phases(run), reporter, clock);
    return runner.run({only, {}});
  }
};

TEST(DiskFailures, AFullDiskDuringKubeconfigsNamesTheFileAndARerunFinishes) {
  MemoryHost m;
  auto config = m.config();
  ASSERT_TRUE(m.run(config, "certs/ca"));
  m.files.fail_next(MemoryFiles::Step::WriteData, "/etc/kubernetes/controller-manager.conf", ENOSPC);
  auto failed = m.run(config, "kubeconfig");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::Failure);
  EXPECT_NE(failed.error().message().find("/etc/kubernetes/controller-manager.conf"), std::string::npos)
      << failed.error().message();
  EXPECT_NE(failed.error().message().find("No space left on device"), std::string::npos);
  EXPECT_FALSE(m.files.exists("/etc/kubernetes/controller-manager.conf"));

  ASSERT_TRUE(m.run(config, "kubeconfig"));
  for (const auto* name :
       {"admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf", "scheduler.conf"}) {
    auto info = m.files.stat(std::string("/etc/kubernetes/") + name);
    ASSERT_TRUE(info) << name;
    EXPECT_EQ(info->mode, 0600u) << name;
  }
}

TEST(DiskFailures, AFailedManifestRenameIsAnErrorAndARerunWritesIt) {
  MemoryHost m;
  auto config = m.config();
  m.files.fail_next(MemoryFiles::Step::Rename, "/etc/kubernetes/manifests/kube-apiserver.yaml", EIO);
  auto failed = m.run(config, "control-plane");
  ASSERT_FALSE(failed);
  EXPECT_NE(
      failed.error().message().find("renaming into memory:/etc/kubernetes/manifests/kube-apiserver.yaml"),
      std::string::npos)
      << failed.error().message();
  EXPECT_FALSE(m.files.exists("/etc/kubernetes/manifests/kube-apiserver.yaml"));
  ASSERT_TRUE(m.run(config, "control-plane"));
  EXPECT_EQ(m.files.stat("/etc/kubernetes/manifests/kube-apiserver.yaml")->mode, 0600u);
}

TEST(DiskFailures, TheLocalControlPlaneWritesEachFileOnceWithKubeadmsModes) {
  MemoryHost m;
  auto config = m.config();
  testing::RecordingReporter reporter;
  phases::InitRun run(config, m.host, reporter);
  workflow::Runner runner(phases::init_phases(run), reporter, m.clock);
  ASSERT_TRUE(runner.run({"", testing::kHostOnlySkips}));
  std::map<std::string, int> writes;
  for (const auto& line : m.files.log()) {
    if (!line.starts_with("write ")) continue;
    auto path = line.substr(6, line.find(' ', 6) - 6);
    auto mode = line.substr(line.find(' ', 6) + 1, 4);
    ++writes[path];
    // kubeadm: private keys, sa.pub (keyutil.WriteKey), kubeconfigs and static Pods 0600; the rest 0644.
    bool secret = path.ends_with(".key") || path.ends_with(".pub") ||
                  (path.starts_with("/etc/kubernetes/") && path.ends_with(".conf")) ||
                  path.starts_with("/etc/kubernetes/manifests/");
    EXPECT_EQ(mode, secret ? "0600" : "0644") << line;
  }
  for (const auto& [path, count] : writes) EXPECT_EQ(count, 1) << path;
  EXPECT_EQ(writes.count("/etc/kubernetes/pki/ca.key"), 1u);
  EXPECT_EQ(writes.count("/var/lib/kubelet/config.yaml"), 1u);
  EXPECT_EQ(writes.count("/etc/kubernetes/manifests/etcd.yaml"), 1u);
}

}  // namespace
}  // namespace ks

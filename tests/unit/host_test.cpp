#include <gtest/gtest.h>

#include <filesystem>

#include "host/files.hpp"
#include "host/network.hpp"
#include "host/processes.hpp"
#include "tests/support/test_host.hpp"

namespace ks::host {
namespace {

using testing::mode_of;
using testing::TempDir;

TEST(Files, ResolvesNodePathsUnderTheRoot) {
  TempDir dir;
  RootFiles files(dir.path() + "/");
  EXPECT_EQ(files.resolve("/etc/kubernetes/admin.conf"), dir.path() + "/etc/kubernetes/admin.conf");
  EXPECT_EQ(RootFiles("/").resolve("/etc/hosts"), "/etc/hosts");
}

TEST(Files, WritesAtomicallyWithTheRequestedModeAndCreatesParents) {
  TempDir dir;
  RootFiles files(dir.path());
  ASSERT_TRUE(files.write_atomic("/etc/kubernetes/pki/ca.key", "secret", 0600));
  EXPECT_EQ(files.read("/etc/kubernetes/pki/ca.key").value(), "secret");
  EXPECT_EQ(mode_of(dir.path() + "/etc/kubernetes/pki/ca.key"), 0600u);
  ASSERT_TRUE(files.write_atomic("/etc/kubernetes/pki/ca.key", "replaced", 0644));
  EXPECT_EQ(files.read("/etc/kubernetes/pki/ca.key").value(), "replaced");
  EXPECT_EQ(mode_of(dir.path() + "/etc/kubernetes/pki/ca.key"), 0644u);
  // No temporary files are left behind.
  EXPECT_EQ(files.list("/etc/kubernetes/pki").value(), std::vector<std::string>{"ca.key"});
}

TEST(Files, MakeDirsSetsTheLeafModeRegardlessOfUmask) {
  TempDir dir;
  RootFiles files(dir.path());
  ASSERT_TRUE(files.make_dirs("/var/lib/etcd", 0700));
  EXPECT_EQ(mode_of(dir.path() + "/var/lib/etcd"), 0700u);
  EXPECT_EQ(mode_of(dir.path() + "/var/lib"), 0755u);
  EXPECT_EQ(files.stat("/var/lib/etcd")->type, FileType::Directory);
}

TEST(Files, ReportsWhatFailedAndWhy) {
  TempDir dir;
  RootFiles files(dir.path());
  auto missing = files.read("/nope");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("/nope"), std::string::npos);
  EXPECT_NE(missing.error().message().find("No such file"), std::string::npos);
  ASSERT_TRUE(files.write_atomic("/file", "x", 0644));
  EXPECT_FALSE(files.write_atomic("/file/child", "x", 0644));
}

TEST(SystemFiles, ReadsFromTheRootOnlyWhenItHasKernelFiles) {
  TempDir scratch;
  RootFiles empty_root(scratch.path());
  EXPECT_FALSE(SystemFiles(empty_root).from_root());
  TempDir fixture;
  RootFiles fixture_root(fixture.path());
  ASSERT_TRUE(fixture_root.write_atomic("/proc/sys/kernel/hostname", "pi-node\n", 0644));
  SystemFiles system(fixture_root);
  EXPECT_TRUE(system.from_root());
  EXPECT_EQ(system.read("/proc/sys/kernel/hostname").value(), "pi-node\n");
}

TEST(Network, ParsesDefaultRoutesFromCapturedTables) {
  const std::string v4 =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
      "eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
      "eth0\t0000000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";
  auto routes = parse_ipv4_default_routes(v4);
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].interface, "eth0");  // lowest metric first
  const std::string v6 =
      "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
      "fe800000000000000000000000000001 "
      "00000400 00000001 00000000 00000003     eth1\n"
      "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
      "00000000000000000000000000000000 "
      "ffffffff 00000001 00000000 00200200       lo\n";
  auto routes6 = parse_ipv6_default_routes(v6);
  ASSERT_EQ(routes6.size(), 1u);
  EXPECT_EQ(routes6[0].interface, "eth1");
  EXPECT_TRUE(routes6[0].v6);
}

TEST(Processes, RunsRealCommandsAndCapturesOutput) {
  SystemProcesses processes;
  auto result = processes.run({{"sh", "-c", "echo out; echo err >&2; exit 3"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_EQ(result->out, "out\n");
  EXPECT_EQ(result->err, "err\n");
  auto missing = processes.run({{"kubestrap-no-such-program"}});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().why.find("not found in PATH"), std::string::npos);
}

// The real runner, so that the kill and the pipes are real; the elapsed time is measured, never waited for.
TEST(Processes, ACommandPastItsTimeoutIsKilledAndTheErrorNamesItAndTheTimeout) {
  SystemProcesses processes;
  struct Case {
    std::vector<std::string> argv;
    std::string why;
  };
  std::vector<Case> cases = {
      {{"sleep", "10"}, "it was still running after 100ms (the command's timeout) and was killed"},
      // Exits at once, but the background sleep keeps the output open.
      {{"sh", "-c", "sleep 3 & exit 0"}, "a process it started still held its output after 100ms"},
  };
  for (const auto& c : cases) {
    auto started = std::chrono::steady_clock::now();
    auto result = processes.run({c.argv, false, std::chrono::milliseconds(100)});
    auto elapsed = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(result) << c.why;
    EXPECT_EQ(result.error().what, "running " + Command{c.argv}.display());
    EXPECT_NE(result.error().why.find(c.why), std::string::npos) << result.error().why;
    EXPECT_FALSE(result.error().fix.empty());
    EXPECT_LT(elapsed, std::chrono::seconds(2)) << c.why;
  }
  // Within its timeout a command runs as before.
  auto quick = processes.run({{"sh", "-c", "echo done"}, false, std::chrono::seconds(30)});
  ASSERT_TRUE(quick) << quick.error().message();
  EXPECT_EQ(quick->out, "done\n");
}

TEST(Processes, DryRunPrintsInsteadOfRunning) {
  std::vector<std::string> printed;
  DryRunProcesses processes([&](const std::string& line) { printed.push_back(line); });
  ASSERT_TRUE(processes.run({{"systemctl", "restart", "kubelet"}}));
  EXPECT_EQ(printed, std::vector<std::string>{"Would run: systemctl restart kubelet"});
}

}  // namespace
}  // namespace ks::host

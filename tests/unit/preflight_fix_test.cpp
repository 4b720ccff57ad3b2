#include <gtest/gtest.h>

#include <filesystem>

#include "base/strings.hpp"
#include "preflight/containerd_config.hpp"
#include "preflight/fixes.hpp"
#include "tests/support/fake_cri.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::preflight {
namespace {

using testing::RecordingReporter;

// `kubestrap init phase preflight --fix` on a copy of a fixture host.
struct FixRun {
  explicit FixRun(const std::string& fixture) {
    std::filesystem::copy(
        std::string(KS_SOURCE_DIR) + "/tests/fixtures/hosts/" + fixture, t.root.path(),
        std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    t.processes.programs = {{"iptables", "/usr/sbin/iptables"}};
  }
  void run() {
    auto config = testing::load_config(t);
    phases::InitRun init(config, t.host, reporter);
    init.cri = std::make_unique<testing::FakeConnector>();
    init.fix_host = true;
    workflow::Runner runner(phases::init_phases(init), reporter, t.clock);
    (void)runner.run({"preflight", {}});  // the fixture's /proc does not change, so checks still fail
  }
  std::string read(const std::string& path) { return t.files.read(path).value_or("<missing>"); }

  testing::TestHost t;
  RecordingReporter reporter;
};

TEST(PreflightFix, RaspberryPi) {
  FixRun pi("raspberry-pi-memory-cgroup-off");
  auto original_cmdline = pi.read("/boot/firmware/cmdline.txt");
  pi.run();
  auto cmdline = pi.read("/boot/firmware/cmdline.txt");
  EXPECT_EQ(cmdline, std::string(trim(original_cmdline)) + " cgroup_enable=memory cgroup_memory=1\n");
  EXPECT_EQ(std::count(cmdline.begin(), cmdline.end(), '\n'), 1) << "cmdline.txt must stay one line";
  EXPECT_EQ(pi.read("/boot/firmware/cmdline.txt.kubestrap.bak"), original_cmdline);
  EXPECT_EQ(pi.read("/etc/sysctl.d/99-kubernetes.conf"),
            "net.ipv4.ip_forward = 1\nnet.bridge.bridge-nf-call-iptables = "
            "1\nnet.bridge.bridge-nf-call-ip6tables = 1\n");
  EXPECT_EQ(pi.read("/etc/modules-load.d/kubernetes.conf"), "br_netfilter\n");
  EXPECT_FALSE(pi.t.files.exists("/etc/containerd/config.toml"));  // no containerd config to correct
  auto changes = pi.t.processes.commands;  // what the remedies ran, without the checks' read-only queries
  std::erase_if(changes, [](const std::string& c) {
    return c == "systemctl is-enabled kubelet.service" || c == "iptables --version";
  });
  EXPECT_EQ(changes, (std::vector<std::string>{"swapoff -a", "sysctl -w net.ipv4.ip_forward=1",
                                               "modprobe br_netfilter",
                                               "sysctl -w net.bridge.bridge-nf-call-iptables=1",
                                               "sysctl -w net.bridge.bridge-nf-call-ip6tables=1"}));
  EXPECT_TRUE(pi.reporter.said("reboot afterwards"));

  // A second run edits nothing more.
  auto before = testing::snapshot(pi.t.root.path());
  pi.run();
  EXPECT_EQ(testing::snapshot(pi.t.root.path()), before);
}

TEST(PreflightFix, ContainerdIoConfigGetsCriAndTheSystemdDriver) {
  FixRun host("containerd-io-default");
  auto original = host.read("/etc/containerd/config.toml");
  host.run();
  auto fixed = parse_containerd_config(host.read("/etc/containerd/config.toml"));
  ASSERT_TRUE(fixed);
  EXPECT_FALSE(fixed->disables_cri());
  EXPECT_EQ(fixed->systemd_cgroup, true);
  EXPECT_EQ(host.read("/etc/containerd/config.toml.kubestrap.bak"), original);
  EXPECT_EQ(std::ranges::count(host.t.processes.commands, std::string("systemctl restart containerd")), 1);
}

TEST(PreflightFix, DebianContainerdConfigKeepsItsSettings) {
  FixRun host("debian12-vm");
  host.run();
  auto text = host.read("/etc/containerd/config.toml");
  EXPECT_NE(text.find("bin_dir = '/usr/lib/cni'"), std::string::npos) << text;
  EXPECT_EQ(parse_containerd_config(text)->systemd_cgroup, true);
}

TEST(PreflightFix, SwapLinesAreCommentedOutOnce) {
  FixRun host("swap-on");
  host.run();
  auto fstab = host.read("/etc/fstab");
  EXPECT_NE(fstab.find("# disabled by kubestrap (the kubelet needs swap off): /swap.img"), std::string::npos)
      << fstab;
  EXPECT_EQ(comment_out_swap_lines(fstab), fstab);
}

TEST(PreflightFix, DryRunWritesUnderTheRootAndPrintsCommands) {
  FixRun host("swap-on");
  std::vector<std::string> printed;
  host::DryRunProcesses dry([&](const std::string& line) { printed.push_back(line); });
  host::Host view{host.t.files, host.t.system, host.t.network_probe, dry,
                  host.t.clock, host.t.random, host.t.environment};
  auto config = testing::load_config(host.t);
  config.dry_run = true;
  phases::InitRun init(config, view, host.reporter);
  init.cri = std::make_unique<testing::FakeConnector>();
  init.fix_host = true;
  workflow::Runner runner(phases::init_phases(init), host.reporter, host.t.clock);
  ASSERT_TRUE(runner.run({"preflight", {}}));  // dry run: remaining errors are reported, not fatal
  EXPECT_NE(std::ranges::find(printed, "Would run: swapoff -a"), printed.end());
  EXPECT_TRUE(host.t.files.exists("/etc/fstab.kubestrap.bak"));
}

TEST(PreflightFix, IptablesToolsFollowTheBackendThatHoldsTheRules) {
  FixRun host("cgroup-v2-ready");
  for (auto tool : {"iptables-legacy-save", "iptables-legacy", "ip6tables-legacy"})
    host.t.processes.programs[tool] = "/usr/sbin/" + std::string(tool);
  host.t.processes.answers["iptables --version"] = {0, "iptables v1.8.9 (nf_tables)\n", ""};
  host.t.processes.answers["iptables-legacy-save"] = {0, "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n", ""};
  host.run();
  auto& commands = host.t.processes.commands;
  EXPECT_NE(std::ranges::find(commands, "update-alternatives --set iptables /usr/sbin/iptables-legacy"),
            commands.end());
  EXPECT_NE(std::ranges::find(commands, "update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy"),
            commands.end());
  EXPECT_EQ(std::ranges::find(commands, "update-alternatives --set ebtables /usr/sbin/ebtables-legacy"),
            commands.end());
}

TEST(FixEdits, EnsureLineReplacesTheKeyAndKeepsOthers) {
  EXPECT_EQ(ensure_line("a = 2\nnet.ipv4.ip_forward=0\n", "net.ipv4.ip_forward = 1", "net.ipv4.ip_forward"),
            "a = 2\nnet.ipv4.ip_forward = 1\n");
  EXPECT_EQ(ensure_line("", "br_netfilter"), "br_netfilter\n");
  EXPECT_EQ(add_kernel_arguments("a b cgroup_memory=1\n", {"cgroup_enable=memory", "cgroup_memory=1"}),
            "a b cgroup_memory=1 cgroup_enable=memory\n");
  EXPECT_EQ(add_kernel_arguments("\n", {"cgroup_enable=memory"}),
            "cgroup_enable=memory\n");  // no leading space
  EXPECT_FALSE(containerd_config_for_kubernetes("version = [\n"));
  auto broken = containerd_config_for_kubernetes("version = 2\n# \xff\xfe\n");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().why.find("not valid UTF-8"), std::string::npos);
  // Non-ASCII text is TOML only inside strings and comments; elsewhere toml++ 3.3 would reach UB.
  auto stray = parse_containerd_config("version = 2\n\xcd\x89\n");
  ASSERT_FALSE(stray);
  EXPECT_NE(stray.error().why.find("line 2: a non-ASCII character outside a string or comment"),
            std::string::npos);
  EXPECT_TRUE(parse_containerd_config(
      "# caf\xc3\xa9\nroot = \"/var/lib/caf\xc3\xa9\"\nx = \'\'\'\n\xc3\xa9\'\'\'\n"));
}

}  // namespace
}  // namespace ks::preflight

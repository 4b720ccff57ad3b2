#include <gtest/gtest.h>

#include <filesystem>

#include "base/strings.hpp"
#include "preflight/checks.hpp"
#include "preflight/containerd_config.hpp"
#include "preflight/fixes.hpp"
#include "preflight/text_edits.hpp"
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

// Every check whose problem --fix repaired when remedies were looked up by check name carries its remedy,
// and no other check has one.
TEST(PreflightFix, ChecksCarryTheirRemedies) {
  testing::TestHost t;
  auto flags = testing::base_flags();
  flags.pod_network_cidr = "10.244.0.0/16,fd00:10:244::/56";
  flags.service_cidr = "10.96.0.0/12,fd00:10:96::/112";  // dual stack: the IPv6 forwarding check too
  auto config = testing::load_config(t, flags);
  std::map<std::string, std::shared_ptr<const Remedy>> remedies;
  for (auto role : {Role::Init, Role::JoinControlPlane, Role::JoinWorker})
    for (const auto& check : checks_for(config, role)) remedies[check.name] = check.remedy;
  const std::map<std::string, bool> has_remedy = {
      {"Swap", true},
      {"FileContent--proc-sys-net-ipv4-ip_forward", true},
      {"FileContent--proc-sys-net-ipv6-conf-default-forwarding", true},
      {"FileContent--proc-sys-net-bridge-bridge-nf-call-iptables", true},
      {"CRIPluginDisabled", true},
      {"CgroupDriver", true},
      {"IptablesBackend", true},
      {"SystemVerification", true},
      {"IsPrivilegedUser", false},
      {"NumCPU", false},
      {"Mem", false},
      {"Hostname", false},
      {"Port-6443", false},
      {"HTTPProxy", false},
      {"FileExisting-iptables", false},
      {"FileAvailable--etc-kubernetes-manifests-etcd.yaml", false},
      {"CRI", false},
      {"ContainerRuntimeVersion", false},
      {"KubeletVersion", false},
      {"Service-Kubelet", false},
  };
  for (const auto& [name, expected] : has_remedy) {
    ASSERT_TRUE(remedies.contains(name)) << name;
    EXPECT_EQ(remedies[name] != nullptr, expected) << name;
    if (!remedies[name]) continue;
    EXPECT_FALSE(remedies[name]->description.empty()) << name;
    EXPECT_EQ(remedies[name]->description.find('\n'), std::string::npos) << name;
  }
  for (const auto& [name, remedy] : remedies)
    EXPECT_TRUE(!remedy || (has_remedy.contains(name) && has_remedy.at(name))) << name << " has a remedy";
  // One edit of containerd's config and one restart fix both containerd problems.
  EXPECT_EQ(remedies["CRIPluginDisabled"], remedies["CgroupDriver"]);
}

TEST(PreflightFix, ARemedyRunsWhenItsCheckFailsAndNotWhenItPasses) {
  testing::TestHost t;
  auto config = testing::load_config(t);
  testing::FakeConnector cri;
  Context context{t.host, config, cri, true};
  int runs = 0;
  auto counted = std::make_shared<const Remedy>(
      Remedy{"counts its runs", [&runs](const Context&, workflow::Reporter&) -> Status {
               ++runs;
               return {};
             }});
  struct Case {
    Finding finding;
    std::vector<std::string> ignore;
    int runs;
  };
  for (const auto& [finding, ignore, expected] :
       {Case{Finding::ok(), {}, 0}, Case{Finding::note("runtime 1.7"), {}, 0},
        Case{Finding::warning("w"), {}, 1}, Case{Finding::error("e"), {}, 1},
        Case{Finding::error("e"), {"all"}, 1}}) {
    runs = 0;
    std::vector<Check> checks = {{"Counted", [finding](const Context&) { return finding; }, counted},
                                 {"AlsoCounted", [finding](const Context&) { return finding; }, counted},
                                 {"Unfixable", [](const Context&) { return Finding::error("e"); }}};
    RecordingReporter reporter;
    auto applied = apply_fixes(run_checks(checks, context, ignore), context, reporter);
    ASSERT_TRUE(applied);
    EXPECT_EQ(*applied, expected) << finding.message;
    EXPECT_EQ(runs, expected) << finding.message << ": a shared remedy runs once";
  }

  // The real Swap check: its remedy turns swap off on a host with swap on, and does nothing without.
  for (const auto& [fixture, swapoff] : {std::pair{"swap-on", true}, {"cgroup-v2-ready", false}}) {
    FixRun host(fixture);
    auto host_config = testing::load_config(host.t);
    Context host_context{host.t.host, host_config, cri, true};
    auto checks = system_checks();
    auto swap = std::ranges::find(checks, std::string("Swap"), &Check::name);
    ASSERT_NE(swap, checks.end());
    ASSERT_TRUE(apply_fixes(run_checks({*swap}, host_context, {}), host_context, host.reporter));
    EXPECT_EQ(std::ranges::count(host.t.processes.commands, std::string("swapoff -a")), swapoff ? 1 : 0)
        << fixture;
  }
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

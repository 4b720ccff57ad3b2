#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <filesystem>

#include "host/unique_fd.hpp"
#include "preflight/checks.hpp"
#include "preflight/containerd_config.hpp"
#include "preflight/proc_parsers.hpp"
#include "preflight/runner.hpp"
#include "tests/support/fake_cri.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::preflight {
namespace {

using testing::RecordingReporter;

// A fixture host copied into a temporary root, with a live runtime socket and a machine whose programs
// answer like a healthy node's, so that each test changes only what it is about.
class FixtureHost {
 public:
  explicit FixtureHost(const std::string& fixture) {
    std::filesystem::copy(
        std::string(KS_SOURCE_DIR) + "/tests/fixtures/hosts/" + fixture, t.root.path(),
        std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    t.processes.programs = {{"ip", "/usr/sbin/ip"},           {"iptables", "/usr/sbin/iptables"},
                            {"mount", "/usr/bin/mount"},      {"nsenter", "/usr/bin/nsenter"},
                            {"ethtool", "/usr/sbin/ethtool"}, {"tc", "/usr/sbin/tc"},
                            {"touch", "/usr/bin/touch"},      {"kubelet", "/usr/bin/kubelet"}};
    t.processes.answers["kubelet --version"] = {0, "Kubernetes v1.32.4\n", ""};
    t.processes.answers["systemctl is-enabled kubelet.service"] = {0, "enabled\n", ""};
    t.processes.answers["iptables --version"] = {0, "iptables v1.8.9 (nf_tables)\n", ""};
    listen_on("/run/containerd/containerd.sock");
  }

  void listen_on(const std::string& node_path) {
    auto path = t.files.resolve(node_path);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    socket_.reset(::socket(AF_UNIX, SOCK_STREAM, 0));
    ASSERT_EQ(::bind(socket_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0) << path;
    ASSERT_EQ(::listen(socket_.get(), 8), 0);
  }

  // name -> status of every check that did not pass.
  std::map<std::string, CheckStatus> problems(std::vector<std::string> ignore = {}) {
    auto config = testing::load_config(t);
    auto report = run_checks(init_checks(config), {t.host, config, cri, true}, ignore);
    std::map<std::string, CheckStatus> out;
    for (const auto& r : report.results) {
      if (r.status != CheckStatus::Ok) out[r.name] = r.status;
      last_messages[r.name] = r.message + " | " + r.fix;
    }
    return out;
  }

  testing::TestHost t;
  testing::FakeConnector cri;
  std::map<std::string, std::string> last_messages;

 private:
  host::UniqueFd socket_;
};

constexpr auto E = CheckStatus::Error;
constexpr auto W = CheckStatus::Warning;
constexpr auto I = CheckStatus::Ignored;
const std::string kForward = "FileContent--proc-sys-net-ipv4-ip_forward";
const std::string kBridge = "FileContent--proc-sys-net-bridge-bridge-nf-call-iptables";

TEST(PreflightFixtures, Debian12Vm) {
  FixtureHost host("debian12-vm");
  EXPECT_EQ(host.problems(),
            (std::map<std::string, CheckStatus>{
                {"SystemVerification", W}, {kForward, E}, {"CgroupDriver", E}, {"Service-Kubelet", W}}));
  EXPECT_NE(host.last_messages["CgroupDriver"].find("does not set SystemdCgroup"), std::string::npos);
}

TEST(PreflightFixtures, CgroupV2ReadyHostPassesEverything) {
  FixtureHost host("cgroup-v2-ready");
  EXPECT_EQ(host.problems(), (std::map<std::string, CheckStatus>{}));
}

TEST(PreflightFixtures, SwapOn) {
  FixtureHost host("swap-on");
  auto problems = host.problems();
  EXPECT_EQ(problems["Swap"], W);
  EXPECT_NE(host.last_messages["Swap"].find("/swap.img"), std::string::npos);
}

TEST(PreflightFixtures, ContainerdIoDefaultConfigDisablesCri) {
  FixtureHost host("containerd-io-default");
  auto problems = host.problems();
  EXPECT_EQ(problems["CRIPluginDisabled"], E);
  EXPECT_NE(host.last_messages["CRIPluginDisabled"].find("remove \"cri\" from disabled_plugins"),
            std::string::npos);
}

TEST(PreflightFixtures, RaspberryPiWithTheMemoryCgroupOff) {
  FixtureHost host("raspberry-pi-memory-cgroup-off");
  EXPECT_EQ(host.problems(),
            (std::map<std::string, CheckStatus>{
                {"SystemVerification", E}, {"Swap", W}, {kForward, E}, {kBridge, E}, {"CgroupDriver", W}}));
  EXPECT_NE(host.last_messages["SystemVerification"].find("cgroup_enable=memory cgroup_memory=1"),
            std::string::npos);
  EXPECT_NE(host.last_messages["SystemVerification"].find("cmdline.txt"), std::string::npos);
}

TEST(Preflight, IgnoredErrorsAndAll) {
  FixtureHost host("debian12-vm");
  auto problems = host.problems({"cgroupdriver"});
  EXPECT_EQ(problems["CgroupDriver"], I);
  EXPECT_EQ(problems[kForward], E);
  auto none = host.problems({"all"});
  EXPECT_EQ(none[kForward], I);
}

TEST(Preflight, MissingProgramsKubeletAndRuntime) {
  FixtureHost host("cgroup-v2-ready");
  host.t.processes.programs.erase("nsenter");
  host.t.processes.programs.erase("ethtool");
  host.t.processes.programs.erase("kubelet");
  ASSERT_TRUE(host.t.files.remove("/run/containerd/containerd.sock"));
  EXPECT_EQ(
      host.problems(),
      (std::map<std::string, CheckStatus>{
          {"FileExisting-nsenter", E}, {"FileExisting-ethtool", W}, {"KubeletVersion", E}, {"CRI", E}}));
}

TEST(Preflight, ARuntimeThatDoesNotServeCriFailsTheCriCheck) {
  FixtureHost host("cgroup-v2-ready");
  host.cri.state.serves_cri = false;
  EXPECT_EQ(host.problems()["CRI"], E);
  EXPECT_NE(host.last_messages["CRI"].find("unimplemented"), std::string::npos);
  EXPECT_NE(host.last_messages["CRI"].find("enable containerd's CRI plugin"), std::string::npos);
}

TEST(Preflight, RuntimeNotReadyOrWithoutRuntimeConfig) {
  FixtureHost host("cgroup-v2-ready");
  host.cri.state.ready = false;
  EXPECT_EQ(host.problems()["CRI"], E);
  host.cri.state.ready = true;
  host.cri.state.cgroup_driver.reset();
  EXPECT_EQ(host.problems(), (std::map<std::string, CheckStatus>{{"ContainerRuntimeVersion", W}}));
}

TEST(Preflight, JoinChecksDependOnTheRole) {
  FixtureHost host("cgroup-v2-ready");
  auto config = testing::load_config(host.t);
  auto names = [&](Role role) {
    std::set<std::string> out;
    for (const auto& check : checks_for(config, role)) out.insert(check.name);
    return out;
  };
  auto worker = names(Role::JoinWorker), control_plane = names(Role::JoinControlPlane),
       init = names(Role::Init);
  EXPECT_TRUE(worker.contains("FileAvailable--etc-kubernetes-pki-ca.crt"));
  EXPECT_TRUE(worker.contains("DirAvailable--etc-kubernetes-manifests"));
  EXPECT_TRUE(worker.contains("Port-10250"));
  EXPECT_FALSE(worker.contains("Port-6443"));
  EXPECT_FALSE(worker.contains("DirAvailable--var-lib-etcd"));
  EXPECT_TRUE(control_plane.contains("Port-6443"));
  EXPECT_TRUE(control_plane.contains("Port-2380"));
  EXPECT_FALSE(control_plane.contains("FileAvailable--etc-kubernetes-pki-ca.crt"));
  EXPECT_TRUE(init.contains("FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml"));
  // A worker that still has another cluster's kubelet identity is stopped.
  ASSERT_TRUE(host.t.files.write_atomic("/etc/kubernetes/kubelet.conf", "old", 0600));
  auto report = run_checks(checks_for(config, Role::JoinWorker), {host.t.host, config, host.cri, false}, {});
  auto found = std::ranges::find(report.results, std::string("FileAvailable--etc-kubernetes-kubelet.conf"),
                                 &CheckResult::name);
  ASSERT_NE(found, report.results.end());
  EXPECT_EQ(found->status, E);
}

TEST(Preflight, KubeletVersionSkew) {
  FixtureHost host("cgroup-v2-ready");
  host.t.processes.answers["kubelet --version"] = {0, "Kubernetes v1.33.0\n", ""};
  EXPECT_EQ(host.problems()["KubeletVersion"], E);
  host.t.processes.answers["kubelet --version"] = {0, "Kubernetes v1.28.9\n", ""};
  EXPECT_EQ(host.problems()["KubeletVersion"], E);
  host.t.processes.answers["kubelet --version"] = {0, "Kubernetes v1.30.2\n", ""};
  EXPECT_EQ(host.problems().count("KubeletVersion"), 0u);
}

TEST(Preflight, PortsInUseAndLeftoverState) {
  FixtureHost host("cgroup-v2-ready");
  // 127.0.0.1:6443 and [::]:10250 listening.
  ASSERT_TRUE(host.t.files.write_atomic(
      "/proc/net/tcp", "  sl  local_address rem_address   st\n   0: 0100007F:192B 00000000:0000 0A 0\n",
      0644));
  ASSERT_TRUE(host.t.files.write_atomic(
      "/proc/net/tcp6",
      "  sl  local_address rem_address st\n   0: 00000000000000000000000000000000:280A "
      "00000000000000000000000000000000:0000 0A 0\n",
      0644));
  ASSERT_TRUE(host.t.files.write_atomic("/etc/kubernetes/manifests/etcd.yaml", "x", 0600));
  ASSERT_TRUE(host.t.files.write_atomic("/var/lib/etcd/member/snap/db", "x", 0600));
  EXPECT_EQ(host.problems(),
            (std::map<std::string, CheckStatus>{{"Port-6443", E},
                                                {"Port-10250", E},
                                                {"FileAvailable--etc-kubernetes-manifests-etcd.yaml", E},
                                                {"DirAvailable--var-lib-etcd", E}}));
}

TEST(Preflight, IptablesRulesInTheOtherBackend) {
  FixtureHost host("cgroup-v2-ready");
  host.t.processes.programs["iptables-legacy-save"] = "/usr/sbin/iptables-legacy-save";
  host.t.processes.answers["iptables-legacy-save"] = {
      0, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n", ""};
  EXPECT_EQ(host.problems()["IptablesBackend"], W);
  EXPECT_NE(host.last_messages["IptablesBackend"].find("1 rules exist in the legacy backend"),
            std::string::npos);
}

TEST(Preflight, ProxyThatWouldCatchClusterTraffic) {
  FixtureHost host("cgroup-v2-ready");
  host.t.environment =
      host::FakeEnvironment({{"HTTPS_PROXY", "http://proxy:3128"}, {"NO_PROXY", "localhost"}});
  auto problems = host.problems();
  EXPECT_EQ(problems["HTTPProxy"], W);
  EXPECT_EQ(problems["HTTPProxyCIDR"], W);
  host.t.environment = host::FakeEnvironment(
      {{"HTTPS_PROXY", "http://proxy:3128"}, {"NO_PROXY", "192.168.1.0/24,10.96.0.0/12,10.244.0.0/16"}});
  EXPECT_EQ(host.problems().count("HTTPProxy"), 0u);
}

TEST(Preflight, ReportFailsWithExitKindPreflightExceptUnderDryRun) {
  FixtureHost host("debian12-vm");
  auto config = testing::load_config(host.t);
  auto result = run_checks(init_checks(config), {host.t.host, config, host.cri, true}, {});
  RecordingReporter reporter;
  auto status = report(result, reporter, false);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::Preflight);
  EXPECT_EQ(exit_code(status.error().kind), 2);
  EXPECT_NE(status.error().fix.find("--ignore-preflight-errors=" + kForward + ",CgroupDriver"),
            std::string::npos);
  RecordingReporter dry;
  EXPECT_TRUE(report(result, dry, true));
  EXPECT_FALSE(dry.warnings.empty());
}

TEST(ProcParsers, ReadCapturedFormats) {
  EXPECT_EQ(effective_uid("Name:\tx\nUid:\t1000\t0\t0\t0\n"), 0u);
  EXPECT_EQ(kernel_version("6.6.31+rpt-rpi-v8\n"), (std::pair{6, 6}));
  EXPECT_EQ(kernel_version("3.10.0-1160.el7.x86_64"), (std::pair{3, 10}));
  EXPECT_EQ(mem_total_kib("MemTotal:        3882340 kB\n"), 3882340u);
  EXPECT_EQ(listening_ports("h\n 0: 0100007F:192B 00000000:0000 0A\n 1: 0100007F:0050 0100007F:1234 01\n"),
            std::set<int>{6443});
}

TEST(ContainerdConfig, ReadsBothConfigVersions) {
  auto v3 = parse_containerd_config(
      "version = 3\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\nSystemdCgroup "
      "= true\n");
  ASSERT_TRUE(v3);
  EXPECT_EQ(v3->systemd_cgroup, true);
  auto disabled = parse_containerd_config("disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n");
  EXPECT_TRUE(disabled->disables_cri());
  auto broken = parse_containerd_config("version = \n");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().why.find("line 1"), std::string::npos);
}

}  // namespace
}  // namespace ks::preflight

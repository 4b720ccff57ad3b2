// The real iptables tools in a network namespace the test makes: rules in the backend the host's `iptables`
// does not use are found by the IptablesBackend check (the namespace keeps the host's own tables untouched).
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using testing::run;

class IptablesNamespace : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
    for (auto tool : {"ip", "iptables", "iptables-legacy", "iptables-nft"})
      if (!testing::on_path(tool)) GTEST_FAIL() << tool << " missing: run scripts/install-deps.sh";
    ASSERT_EQ(run({"ip", "netns", "add", name_}).exit_code, 0);
    created_ = true;
    auto version = run({"iptables", "--version"}).out;
    other_ = version.find("nf_tables") != std::string::npos ? "legacy" : "nft";
  }
  void TearDown() override {
    if (created_) run({"ip", "netns", "del", name_});
  }

  nlohmann::json check() {
    auto result =
        run({"ip", "netns", "exec", name_, KS_BINARY, "init", "phase", "preflight", "--dry-run", "--root-dir",
             root_.path(), "-o", "json", "--node-name", "cp1", "--apiserver-advertise-address",
             "192.168.1.10", "--cri-socket", "unix:///run/containerd/containerd.sock"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    auto document = nlohmann::json::parse(result.out);
    for (const auto& c : document["checks"])
      if (c["name"] == "IptablesBackend") return c;
    return {};
  }

  std::string name_ = "kubestrap-ipt-" + std::to_string(::getpid());
  std::string other_;
  bool created_ = false;
  testing::TempDir root_;
};

TEST_F(IptablesNamespace, RulesInTheOtherBackendAreFound) {
  EXPECT_EQ(check()["status"], "ok");
  auto added = run({"ip", "netns", "exec", name_, "iptables-" + other_, "-A", "INPUT", "-p", "tcp", "--dport",
                    "22", "-j", "ACCEPT"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto result = check();
  EXPECT_EQ(result["status"], "warning") << result;
  EXPECT_NE(result["message"].get<std::string>().find("1 rules exist in the " +
                                                      std::string(other_ == "nft" ? "nf_tables" : "legacy")),
            std::string::npos)
      << result;
}

}  // namespace
}  // namespace ks

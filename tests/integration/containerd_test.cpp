// Debian's real containerd, started with a config and socket inside a test root, as the runtime the
// preflight checks look at through `kubestrap init phase preflight --root-dir`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/daemon.hpp"
#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

class ContainerdRoot : public ::testing::Test {
 protected:
  void start_containerd(bool disable_cri) {
    if (!testing::on_path("containerd")) GTEST_FAIL() << "containerd missing: run scripts/install-deps.sh";
    std::string config;
    if (disable_cri) {
      // The shape of the file Docker's containerd.io package installs: a version 1 config that turns CRI off.
      config = "disabled_plugins = [\"cri\"]\nroot = \"" + root.path() + "/var/lib/containerd\"\nstate = \"" +
               root.path() + "/run/containerd\"\n[grpc]\n  address = \"" + root.path() +
               "/run/containerd/containerd.sock\"\n";
    } else {
      config = "\n" + testing::run({"containerd", "config", "default"}).out;  // every key starts a line
      auto set = [&](const std::string& key, const std::string& value) {
        auto at = config.find("\n" + key + " = ");
        ASSERT_NE(at, std::string::npos) << key;
        config.replace(at + 1, config.find('\n', at + 1) - at - 1, key + " = " + value);
      };
      set("root", "\"" + root.path() + "/var/lib/containerd\"");
      set("state", "\"" + root.path() + "/run/containerd\"");
      auto grpc = config.find("[grpc]");
      auto address = config.find("  address = ", grpc);
      config.replace(address, config.find('\n', address) - address,
                     "  address = \"" + root.path() + "/run/containerd/containerd.sock\"");
    }
    host::RootFiles(root.path()).write_atomic("/etc/containerd/config.toml", config, 0644).value();
    containerd_ = std::make_unique<testing::Daemon>(
        std::vector<std::string>{"containerd", "--config", root.path() + "/etc/containerd/config.toml"});
    if (!containerd_->wait_for("containerd successfully booted"))
      FAIL() << "containerd exited before it booted:\n" << containerd_->output();
  }

  // The status of each preflight check, from kubestrap's JSON output.
  std::map<std::string, nlohmann::json> preflight() {
    auto result = testing::kubestrap({"init", "phase", "preflight", "--root-dir", root.path(), "-o", "json",
                                      "--node-name", "cp1", "--apiserver-advertise-address", "192.168.1.10",
                                      "--cri-socket", "unix:///run/containerd/containerd.sock"});
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 2) << result.out << result.err;
    auto document = nlohmann::json::parse(result.out);
    std::map<std::string, nlohmann::json> checks;
    for (const auto& check : document["checks"]) checks[check["name"].get<std::string>()] = check;
    return checks;
  }

  testing::TempDir root;
  std::unique_ptr<testing::Daemon> containerd_;
};

TEST_F(ContainerdRoot, ARunningContainerdPassesTheRuntimeChecks) {
  start_containerd(false);
  auto checks = preflight();
  EXPECT_EQ(checks["CRI"]["status"], "ok") << checks["CRI"];
  auto version = testing::run({"containerd", "--version"}).out;  // "containerd containerd.io 1.6.20~ds1 ..."
  auto reported = checks["CRI"]["message"].get<std::string>();
  EXPECT_TRUE(reported.starts_with("containerd ")) << reported;
  EXPECT_NE(version.find(reported.substr(11, reported.find(' ', 11) - 11)), std::string::npos)
      << reported << " vs " << version;
  EXPECT_EQ(checks["CRIPluginDisabled"]["status"], "ok");
  // containerd 1.6 predates the CRI RuntimeConfig call.
  EXPECT_EQ(checks["ContainerRuntimeVersion"]["status"], "warning") << checks["ContainerRuntimeVersion"];
  // Debian's default config leaves runc on cgroupfs while the kubelet uses systemd.
  EXPECT_EQ(checks["CgroupDriver"]["status"], "error");
}

TEST_F(ContainerdRoot, TheContainerdIoConfigIsNamedWithItsFix) {
  start_containerd(true);
  auto checks = preflight();
  EXPECT_EQ(checks["CRIPluginDisabled"]["status"], "error");
  EXPECT_NE(
      checks["CRIPluginDisabled"]["fix"].get<std::string>().find("remove \"cri\" from disabled_plugins"),
      std::string::npos);
}

TEST_F(ContainerdRoot, ImportedImagesAreFoundAndNotPulledAgain) {
  start_containerd(false);
  auto socket = root.path() + "/run/containerd/containerd.sock";
  for (auto image : {"registry.k8s.io/pause:3.10", "registry.k8s.io/etcd:3.5.24-0"}) {
    auto archive = root.path() + "/image.tar";
    ASSERT_EQ(testing::run({std::string(KS_SOURCE_DIR) + "/tests/support/make-oci-image.sh", image, archive})
                  .exit_code,
              0);
    auto imported = testing::run({"ctr", "-a", socket, "-n", "k8s.io", "images", "import", archive});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  std::vector<std::string> cri = {"--root-dir", root.path(), "--cri-socket",
                                  "unix:///run/containerd/containerd.sock"};
  std::vector<std::string> list = {"config", "images", "list", "-o", "json"};
  list.insert(list.end(), cri.begin(), cri.end());
  auto listed = testing::kubestrap(list);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::map<std::string, nlohmann::json> present;
  auto document = nlohmann::json::parse(listed.out);
  for (const auto& item : document["images"]) present[item["image"].get<std::string>()] = item["present"];
  EXPECT_EQ(present["registry.k8s.io/pause:3.10"], true) << listed.out;
  EXPECT_EQ(present["registry.k8s.io/etcd:3.5.24-0"], true);
  EXPECT_EQ(present["registry.k8s.io/kube-apiserver:v1.32.4"], false);
  // Pulling skips what is present; the rest cannot be fetched here (no registry), which is reported per
  // image.
  std::vector<std::string> pull = {"config", "images", "pull"};
  pull.insert(pull.end(), cri.begin(), cri.end());
  auto pulled = testing::kubestrap(pull);
  EXPECT_EQ(pulled.exit_code, 1);
  EXPECT_NE(pulled.out.find("Already present: registry.k8s.io/pause:3.10"), std::string::npos) << pulled.out;
  EXPECT_NE(pulled.err.find("Could not pull registry.k8s.io/kube-apiserver:v1.32.4"), std::string::npos)
      << pulled.err;
  EXPECT_NE(pulled.err.find("5 image(s) could not be pulled"), std::string::npos) << pulled.err;
}

TEST_F(ContainerdRoot, NoRuntimeSocketIsAClearError) {
  auto checks = preflight();
  EXPECT_EQ(checks["CRI"]["status"], "error");
  EXPECT_NE(checks["CRI"]["message"].get<std::string>().find(
                "unix:///run/containerd/containerd.sock does not exist"),
            std::string::npos);
}

}  // namespace
}  // namespace ks

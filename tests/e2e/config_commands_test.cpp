// `kubestrap config print|validate|migrate`, run as a user runs them: what is printed goes back into init,
// join and validate unchanged; bad files exit with 3 and name every problem; migrate writes its file
// atomically with mode 0600, or prints it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "host/files.hpp"
#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using testing::kubestrap;
using testing::TempDir;

std::string save(const TempDir& dir, const std::string& name, const std::string& text) {
  host::RootFiles("/").write_atomic(dir.path() + "/" + name, text, 0644).value();
  return dir.path() + "/" + name;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ConfigCommands, PrintedDefaultsGoBackIntoInitJoinAndValidateUnchanged) {
  TempDir dir;
  auto init = kubestrap({"config", "print", "init-defaults", "--component-configs",
                         "KubeletConfiguration,KubeProxyConfiguration"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_EQ(init.err, "");
  EXPECT_TRUE(has(init.out, "kind: InitConfiguration\n")) << init.out;
  EXPECT_TRUE(has(init.out, "\n---\napiVersion: kubelet.config.k8s.io/v1beta1\n")) << init.out;
  EXPECT_TRUE(has(init.out, "kind: KubeProxyConfiguration\n")) << init.out;
  auto init_file = save(dir, "init.yaml", init.out);

  auto valid = kubestrap({"config", "validate", "--config", init_file});
  EXPECT_EQ(valid.exit_code, 0) << valid.err;
  EXPECT_EQ(valid.out, "ok\n");
  EXPECT_EQ(valid.err, "");

  for (std::vector<std::string> command :
       {std::vector<std::string>{"init"}, {"init", "phase", "preflight"}}) {
    TempDir root;
    command.insert(command.end(), {"--config", init_file, "--dry-run", "--root-dir", root.path()});
    auto run = kubestrap(command);
    SCOPED_TRACE(command[1]);
    EXPECT_NE(run.exit_code, 3) << run.err;
    EXPECT_FALSE(has(run.err, "[config]")) << run.err;  // not one warning about the file
  }

  auto join = kubestrap({"config", "print", "join-defaults"});
  ASSERT_EQ(join.exit_code, 0) << join.err;
  EXPECT_TRUE(has(join.out, "    unsafeSkipCAVerification: true\n")) << join.out;
  auto join_valid = kubestrap({"config", "validate", "--config", save(dir, "join.yaml", join.out)});
  EXPECT_EQ(join_valid.exit_code, 0) << join_valid.err;
  EXPECT_EQ(join_valid.err, "");

  // kubeadm 1.32 has --component-configs on init-defaults only; join reads no component configuration.
  EXPECT_EQ(kubestrap({"config", "print", "join-defaults", "--component-configs", "KubeletConfiguration"})
                .exit_code,
            3);
  auto unknown = kubestrap({"config", "print", "init-defaults", "--component-configs", "Kubelet"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_TRUE(has(unknown.err, "--component-configs \"Kubelet\"")) << unknown.err;

  auto json = nlohmann::json::parse(kubestrap({"config", "print", "join-defaults", "-o", "json"}).out);
  EXPECT_EQ(json["documents"][0]["kind"], "JoinConfiguration");
}

TEST(ConfigCommands, ValidateNamesEveryProblemAndExitsWith3) {
  TempDir dir;
  auto bad =
      save(dir, "bad.yaml",
           "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
           "networking:\n  podSubnet: 10.244.0.0/33\n---\n"
           "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"
           "localAPIEndpoint:\n  advertiseAddress: 10.0.0.1\n"
           "nodeRegistration:\n  name: Bad_Name\n  criSocket: unix:///run/containerd/containerd.sock\n");
  auto text = kubestrap({"config", "validate", "--config", bad});
  EXPECT_EQ(text.exit_code, 3);
  EXPECT_EQ(text.out, "");
  EXPECT_TRUE(has(text.err, "networking.podSubnet (--pod-network-cidr)")) << text.err;
  EXPECT_TRUE(has(text.err, "nodeRegistration.name (--node-name)")) << text.err;

  auto json = kubestrap({"config", "validate", "--config", bad, "-o", "json"});
  EXPECT_EQ(json.exit_code, 3);
  EXPECT_EQ(json.err, "");
  auto document = nlohmann::json::parse(json.out);
  EXPECT_EQ(document["valid"], false);
  EXPECT_EQ(document["kinds"], nlohmann::json({"ClusterConfiguration", "InitConfiguration"}));
  EXPECT_EQ(document["problems"].size(), 2u) << json.out;
  EXPECT_EQ(document["exitCode"], 3);
  EXPECT_EQ(document["error"]["kind"], "InvalidInput");

  auto old = save(dir, "old.yaml",
                  "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n"
                  "localAPIEndpoint:\n  advertiseAddress: 10.0.0.1\n"
                  "nodeRegistration:\n  name: cp1\n  criSocket: unix:///run/containerd/containerd.sock\n");
  auto deprecated =
      nlohmann::json::parse(kubestrap({"config", "validate", "--config", old, "-o", "json"}).out);
  EXPECT_EQ(deprecated["valid"], true);
  EXPECT_EQ(deprecated["problems"], nlohmann::json::array());
  ASSERT_EQ(deprecated["warnings"].size(), 1u) << deprecated.dump();
  EXPECT_TRUE(has(deprecated["warnings"][0]["message"], "which is deprecated")) << deprecated.dump();

  EXPECT_EQ(kubestrap({"config", "validate"}).exit_code, 3);
  EXPECT_EQ(kubestrap({"config", "validate", "--config", dir.path() + "/none.yaml"}).exit_code, 3);
}

// validate and migrate have none of init's flags: a fix must point at the file, not at
// --apiserver-advertise-address.
TEST(ConfigCommands, ValidateOnAMachineWithoutARoutePointsAtTheFile) {
  TempDir dir;
  TempDir root;
  host::RootFiles(root.path())
      .write_atomic("/proc/net/route", "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n",
                    0644)
      .value();
  auto file = save(dir, "c.yaml",
                   "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"
                   "nodeRegistration:\n  name: cp1\n");
  auto run = kubestrap({"config", "validate", "--config", file, "--root-dir", root.path()});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_TRUE(has(run.err, "this machine has no default route")) << run.err;
  EXPECT_TRUE(
      has(run.err, "set localAPIEndpoint.advertiseAddress in a configuration file given with --config"))
      << run.err;
  EXPECT_FALSE(has(run.err, "--apiserver-advertise-address")) << run.err;
  auto migrate = kubestrap({"config", "migrate", "--old-config", file, "--root-dir", root.path()});
  EXPECT_EQ(migrate.exit_code, 3) << migrate.err;
  EXPECT_TRUE(has(migrate.err,
                  "set localAPIEndpoint.advertiseAddress in a configuration file given with "
                  "--old-config"))
      << migrate.err;
}

TEST(ConfigCommands, MigrateWritesTheNewFileAtomicallyOrPrintsIt) {
  TempDir dir;
  auto old = std::string(KS_SOURCE_DIR) + "/tests/fixtures/kubeadm/migrate-v1beta3.yaml";
  auto printed = kubestrap({"config", "migrate", "--old-config", old});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_TRUE(has(printed.out, "apiVersion: kubeadm.k8s.io/v1beta4\n")) << printed.out;
  EXPECT_FALSE(has(printed.out, "v1beta3")) << printed.out;
  EXPECT_EQ(printed.err, "");  // kubeadm's migrate reads v1beta3 without calling it deprecated

  // A relative --new-config is relative to the working directory, as any path a user types.
  auto written = testing::run({"sh", "-c",
                               "cd '" + dir.path() + "' && '" + KS_BINARY +
                                   "' config migrate --old-config '" + old + "' --new-config new.yaml"});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  auto path = dir.path() + "/new.yaml";
  EXPECT_EQ(host::RootFiles("/").read(path).value(), printed.out);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // The new file is valid as it is and migrates to itself; an existing file is replaced.
  auto again = kubestrap({"config", "migrate", "--old-config", path, "--new-config", path});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.err, "");
  EXPECT_EQ(host::RootFiles("/").read(path).value(), printed.out);
  EXPECT_EQ(kubestrap({"config", "validate", "--config", path}).out, "ok\n");

  // Bad input: exit 3 and nothing written.
  auto bad = save(dir, "bad.yaml",
                  "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
                  "networking:\n  serviceSubnet: nonsense\n");
  auto refused =
      kubestrap({"config", "migrate", "--old-config", bad, "--new-config", dir.path() + "/out.yaml"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_TRUE(has(refused.err, "networking.serviceSubnet")) << refused.err;
  EXPECT_FALSE(host::RootFiles("/").exists(dir.path() + "/out.yaml"));
  EXPECT_EQ(kubestrap({"config", "migrate"}).exit_code, 3);
}

}  // namespace
}  // namespace ks

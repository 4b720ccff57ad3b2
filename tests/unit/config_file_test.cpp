// `kubestrap config validate` and `config migrate` (kubeadm's cmd/kubeadm/app/cmd/config.go and
// util/config/common.go, ValidateConfig and MigrateOldConfig): a file read as init and join read it, every
// problem at once, and v1beta3 rewritten as v1beta4 the way kubeadm converts and defaults it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/yaml_reader.hpp"
#include "config/config_file.hpp"
#include "config/constants.hpp"
#include "config/encode.hpp"
#include "config/load.hpp"
#include "host/files.hpp"
#include "tests/support/test_host.hpp"

namespace ks::config {
namespace {

using testing::TempDir;
using testing::TestHost;

std::string fixture_path(const std::string& name) {
  return std::string(KS_SOURCE_DIR) + "/tests/fixtures/kubeadm/" + name;
}

std::string read_text(const std::string& path) {
  return host::read_local_file(path, constants::kConfigFileLimit).value();
}

std::string save(const TempDir& dir, const std::string& name, const std::string& text) {
  auto path = dir.path() + "/" + name;
  host::RootFiles("/").write_atomic(path, text, 0600).value();
  return path;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The expected file was written by hand from kubeadm's v1beta3 -> v1beta4 conversion
// (apis/kubeadm/v1beta3/conversion.go: extraArgs maps become sorted {name, value} lists,
// apiServer.timeoutForControlPlane becomes timeouts.controlPlaneComponentHealthCheck, discovery.timeout
// timeouts.discovery) and v1beta4's defaults (apis/kubeadm/v1beta4/defaults.go); the node name is the
// test machine's hostname, as kubeadm's dynamic defaults take it.
TEST(ConfigMigrate, V1Beta3BecomesDefaultedV1Beta4) {
  TestHost t("cp-a");
  auto check = check_config_file(fixture_path("migrate-v1beta3.yaml"), t.host);
  ASSERT_FALSE(check.error) << check.error->message();
  EXPECT_EQ(check.kinds, (std::vector<std::string>{"InitConfiguration", "ClusterConfiguration",
                                                   "KubeletConfiguration", "JoinConfiguration"}));
  auto text = yaml_documents(migrated_documents(check));
  EXPECT_EQ(text, read_text(fixture_path("migrate-v1beta4.yaml")));
  // kubeadm calls v1beta3 deprecated; nothing else is worth a warning.
  EXPECT_EQ(check.warnings, std::vector<std::string>{});
  ASSERT_EQ(check.deprecations.size(), 3u);
  for (const auto& warning : check.deprecations)
    EXPECT_TRUE(has(warning, "uses kubeadm.k8s.io/v1beta3, which is deprecated; 'kubestrap config migrate"))
        << warning;
}

// Migrating the result again changes nothing, and warns about nothing.
TEST(ConfigMigrate, AMigratedFileMigratesToItself) {
  TestHost t("cp-a");
  auto check = check_config_file(fixture_path("migrate-v1beta4.yaml"), t.host);
  ASSERT_FALSE(check.error) << check.error->message();
  EXPECT_EQ(check.warnings, std::vector<std::string>{});
  EXPECT_EQ(check.deprecations, std::vector<std::string>{});
  EXPECT_EQ(yaml_documents(migrated_documents(check)), read_text(fixture_path("migrate-v1beta4.yaml")));
}

// Init's documents and join's in one file: neither is reported as ignored because the other reads it,
// while a kind neither reads still is.
TEST(ConfigValidate, AFileWithInitAndJoinDocumentsIsReadAsBoth) {
  TestHost t;
  TempDir dir;
  auto path = save(dir, "both.yaml",
                   "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n---\n"
                   "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n"
                   "discovery:\n  file:\n    kubeConfigPath: /etc/kubernetes/discovery.conf\n"
                   "nodeRegistration:\n  criSocket: unix:///run/containerd/containerd.sock\n---\n"
                   "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ResetConfiguration\n---\n"
                   "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n");
  auto check = check_config_file(path, t.host);
  ASSERT_FALSE(check.error) << check.error->message();
  ASSERT_TRUE(check.init && check.join);
  EXPECT_EQ(check.join->discovery.file->kube_config_path, "/etc/kubernetes/discovery.conf");
  // No socket under the test root: init warns that it assumes containerd's (join was given one).
  std::vector<std::string> expected = {"document 3: ResetConfiguration is not used by init (ignored)",
                                       "no container runtime socket found; assuming containerd at "
                                       "unix:///var/run/containerd/containerd.sock",
                                       "document 3: ResetConfiguration is not used by join (ignored)"};
  EXPECT_EQ(check.warnings, expected);
  auto migrated = migrated_documents(check);
  ASSERT_EQ(migrated.size(), 4u);  // Init, Cluster, the KubeletConfiguration as given, Join
  EXPECT_EQ(migrated[2], nlohmann::json({{"apiVersion", "kubelet.config.k8s.io/v1beta1"},
                                         {"kind", "KubeletConfiguration"}}));
  EXPECT_EQ(migrated[3]["kind"], "JoinConfiguration");
}

// Validation reports what init reports, word for word; with join's problems too when both are wrong.
TEST(ConfigValidate, ReportsEveryProblemAsInitAndJoinDo) {
  TestHost t;
  TempDir dir;
  const std::string init =
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
      "networking:\n  podSubnet: 10.244.0.0/33\n---\n"
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"
      "nodeRegistration:\n  name: Bad_Name\n"
      "  criSocket: unix:///run/containerd/containerd.sock\n";
  auto init_only = save(dir, "init.yaml", init);
  auto check = check_config_file(init_only, t.host);
  ASSERT_TRUE(check.error);
  InitFlags flags;
  flags.config_path = init_only;
  flags.given = {"config"};
  auto from_init = load_init_config(flags, t.host);
  ASSERT_FALSE(from_init);
  EXPECT_EQ(check.error->message(), from_init.error().message());
  EXPECT_EQ(check.error->kind, ErrorKind::InvalidInput);
  ASSERT_EQ(check.problems.size(), 2u) << check.error->message();
  EXPECT_TRUE(has(check.problems[0], "networking.podSubnet (--pod-network-cidr): ")) << check.problems[0];
  EXPECT_TRUE(has(check.problems[1], "nodeRegistration.name (--node-name): \"Bad_Name\""))
      << check.problems[1];
  EXPECT_FALSE(has(check.problems[1], "\n"));

  auto both = save(dir, "both.yaml",
                   init +
                       "---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n"
                       "nodeRegistration:\n  criSocket: unix:///run/containerd/containerd.sock\n");
  auto both_check = check_config_file(both, t.host);
  ASSERT_TRUE(both_check.error);
  ASSERT_EQ(both_check.problems.size(), 3u) << both_check.error->message();
  EXPECT_TRUE(has(both_check.problems[2], "discovery: no way to find the cluster")) << both_check.problems[2];
  EXPECT_TRUE(has(both_check.error->message(), "invalid configuration: \n  - networking.podSubnet"));
  EXPECT_EQ(both_check.kinds,
            (std::vector<std::string>{"ClusterConfiguration", "InitConfiguration", "JoinConfiguration"}));
}

TEST(ConfigValidate, AFileThatCannotBeReadOrHasNothingToCheckIsInvalidInput) {
  TestHost t;
  TempDir dir;
  struct Case {
    std::string path;
    std::string message;
  };
  std::vector<Case> cases = {
      {dir.path() + "/missing.yaml", "cannot read the config file"},
      {save(dir, "kubelet.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"),
       "has no InitConfiguration, ClusterConfiguration or JoinConfiguration"},
      {save(dir, "broken.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\nkind: [\n"), "config file "},
      {save(dir, "headless.yaml", "networking:\n  podSubnet: 10.244.0.0/16\n"),
       "document 1: missing apiVersion or kind"},
      {save(dir, "old.yaml", "apiVersion: kubeadm.k8s.io/v1beta2\nkind: InitConfiguration\n"),
       "unsupported apiVersion \"kubeadm.k8s.io/v1beta2\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    auto check = check_config_file(c.path, t.host);
    ASSERT_TRUE(check.error);
    EXPECT_EQ(check.error->kind, ErrorKind::InvalidInput);
    EXPECT_TRUE(has(check.error->message(), c.message)) << check.error->message();
    EXPECT_EQ(check.problems, std::vector<std::string>{check.error->message()});
  }
}

}  // namespace
}  // namespace ks::config

// An independent schema validator (npm kubernetes-models) accepts every static Pod kubestrap renders,
// and rejects a broken one, which shows the check has teeth.
#include <gtest/gtest.h>

#include "config/releases.hpp"
#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

TEST(PodSchema, RenderedStaticPodsValidate) {
  std::string validator = std::string(KS_SOURCE_DIR) + "/tests/node/validate-pods.mjs";
  ASSERT_TRUE(
      host::RootFiles("/").exists(std::string(KS_SOURCE_DIR) + "/tests/node/node_modules/kubernetes-models"))
      << "run scripts/install-deps.sh to install the schema validator";
  testing::TempDir root;
  auto init = testing::kubestrap({"init", "--dry-run", "--root-dir", root.path(), "--node-name", "cp1",
                                  "--apiserver-advertise-address", "192.168.1.10", "--pod-network-cidr",
                                  "10.244.0.0/16", "--cri-socket", "unix:///run/containerd/containerd.sock"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  auto manifests = root.path() + "/etc/kubernetes/manifests/";
  std::vector<std::string> argv = {"node", validator};
  for (auto name : {"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"})
    argv.push_back(manifests + name + ".yaml");
  auto result = testing::run(argv);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 4);

  // The golden manifests of every supported minor (tests/golden/minors), which pin each minor's rendering.
  std::vector<std::string> minors = {"node", validator};
  for (const auto& release : config::supported_releases())
    for (auto name :
         {"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "coredns-deployment"})
      minors.push_back(std::string(KS_SOURCE_DIR) + "/tests/golden/minors/v1." +
                       std::to_string(release.minor) + "/" + name + ".yaml");
  auto golden = testing::run(minors);
  EXPECT_EQ(golden.exit_code, 0) << golden.out << golden.err;
  EXPECT_EQ(std::count(golden.out.begin(), golden.out.end(), '\n'),
            static_cast<long>(5 * config::supported_releases().size()));

  auto broken = root.path() + "/broken.yaml";
  auto text = host::RootFiles("/").read(manifests + "etcd.yaml").value();
  text.replace(text.find("    name: etcd\n"), 15, "");  // a container without a name
  host::RootFiles("/").write_atomic(broken, text, 0644).value();
  auto rejected = testing::run({"node", validator, broken});
  EXPECT_NE(rejected.exit_code, 0);
  EXPECT_NE(rejected.out.find("name"), std::string::npos) << rejected.out;
}

}  // namespace
}  // namespace ks

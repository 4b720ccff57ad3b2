// A Deployment's /scale subresource (pkg/registry/apps/deployment/storage/storage.go, ScaleREST): an
// autoscaling/v1 Scale, named as such in discovery, that kubectl scale patches (or reads and updates, with
// --current-replicas) to set the Deployment's replicas.
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class Scale : public RealismCluster {
 protected:
  void SetUp() override {
    RealismCluster::SetUp();
    if (IsSkipped() || prepared_) return;
    ASSERT_EQ(kubectl({"create", "namespace", "scale-lab"}).exit_code, 0);
    auto created = kubectl({"create", "deployment", "scaled", "--image=nginx", "-n", "scale-lab"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    prepared_ = true;
  }
  static std::string replicas() {
    return kubectl({"get", "deployment", "scaled", "-n", "scale-lab", "-o", "jsonpath={.spec.replicas}"}).out;
  }
  static inline bool prepared_ = false;
};

TEST_F(Scale, KubectlScaleSetsTheReplicas) {
  auto scaled = kubectl({"scale", "deployment", "scaled", "--replicas=3", "-n", "scale-lab"});
  ASSERT_EQ(scaled.exit_code, 0) << scaled.err;
  EXPECT_EQ(scaled.out, "deployment.apps/scaled scaled\n");
  EXPECT_EQ(replicas(), "3");
  auto scale = nlohmann::json::parse(
      kubectl({"get", "--raw", "/apis/apps/v1/namespaces/scale-lab/deployments/scaled/scale"}).out, nullptr,
      false);
  EXPECT_EQ(scale["apiVersion"], "autoscaling/v1");
  EXPECT_EQ(scale["kind"], "Scale");
  EXPECT_EQ(scale["metadata"]["name"], "scaled");
  EXPECT_EQ(scale["spec"]["replicas"], 3);
  EXPECT_EQ(scale["status"]["selector"], "app=scaled");
}

// With --current-replicas kubectl reads the Scale, checks it, and updates it with its resourceVersion.
TEST_F(Scale, CurrentReplicasIsAPrecondition) {
  ASSERT_EQ(kubectl({"scale", "deployment", "scaled", "--replicas=2", "-n", "scale-lab"}).exit_code, 0);
  auto wrong =
      kubectl({"scale", "deployment", "scaled", "--current-replicas=5", "--replicas=1", "-n", "scale-lab"});
  EXPECT_NE(wrong.exit_code, 0) << wrong.out;
  EXPECT_EQ(replicas(), "2");
  auto right =
      kubectl({"scale", "deployment", "scaled", "--current-replicas=2", "--replicas=0", "-n", "scale-lab"});
  EXPECT_EQ(right.exit_code, 0) << right.err;
  EXPECT_EQ(replicas(), "0");
}

}  // namespace
}  // namespace ks::testing

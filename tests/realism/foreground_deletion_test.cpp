// Deletion in the foreground (DeleteOptions.propagationPolicy=Foreground, kubectl delete
// --cascade=foreground): the owner stays, marked deleted with the foregroundDeletion finalizer
// (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go), while the garbage collector deletes
// its dependents (pkg/controller/garbagecollector/garbagecollector.go); it goes once no dependent that blocks
// it (blockOwnerDeletion) is left.
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class ForegroundDeletion : public RealismCluster {
 protected:
  static std::string get(const std::vector<std::string>& what, const std::string& jsonpath) {
    std::vector<std::string> args = {"get"};
    args.insert(args.end(), what.begin(), what.end());
    args.insert(args.end(), {"-n", "fg-lab", "-o", "jsonpath=" + jsonpath});
    auto result = kubectl(args);
    return result.exit_code == 0 ? result.out : "gone";
  }
  template <class Done>
  static std::string until(const std::vector<std::string>& what, const std::string& jsonpath, Done done) {
    std::string out;
    for (int i = 0; i < 300; ++i)
      if (done(out = get(what, jsonpath))) break;
    return out;
  }
  static void dependent(const std::string& name, const std::string& owner_uid, bool blocks,
                        const std::string& finalizer = "") {
    auto manifest =
        R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
        R"(","namespace":"fg-lab",)" +
        (finalizer.empty() ? "" : R"("finalizers":[")" + finalizer + R"("],)") +
        R"("ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"owner","uid":")" +
        owner_uid + R"(","blockOwnerDeletion":)" + (blocks ? "true" : "false") + "}]}}";
    auto created = kubectl({"create", "-f", write("/realism/fg-" + name + ".json", manifest)});
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }
};

TEST_F(ForegroundDeletion, TheOwnerWaitsForItsBlockingDependents) {
  ASSERT_EQ(kubectl({"create", "namespace", "fg-lab"}).exit_code, 0);
  ASSERT_EQ(kubectl({"create", "deployment", "owner", "--image=nginx", "-n", "fg-lab"}).exit_code, 0);
  auto uid = get({"deployment", "owner"}, "{.metadata.uid}");
  dependent("held", uid, true, "example.com/hold");
  dependent("loose", uid, false);
  auto deleted =
      kubectl({"delete", "deployment", "owner", "-n", "fg-lab", "--cascade=foreground", "--wait=false"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  // The owner is still there, waiting; its dependents are being deleted (the held one keeps its finalizer).
  EXPECT_EQ(get({"deployment", "owner"}, "{.metadata.finalizers}"), R"(["foregroundDeletion"])");
  EXPECT_NE(get({"deployment", "owner"}, "{.metadata.deletionTimestamp}"), "");
  EXPECT_EQ(
      until({"configmap", "loose"}, "{.metadata.name}", [](const std::string& out) { return out == "gone"; }),
      "gone");
  EXPECT_NE(until({"configmap", "held"}, "{.metadata.deletionTimestamp}",
                  [](const std::string& out) { return !out.empty(); }),
            "");
  EXPECT_EQ(get({"deployment", "owner"}, "{.metadata.name}"), "owner");
  // Releasing the held dependent lets it go, and the owner after it.
  ASSERT_EQ(kubectl({"patch", "configmap", "held", "-n", "fg-lab", "--type=json", "-p",
                     R"([{"op":"remove","path":"/metadata/finalizers"}])"})
                .exit_code,
            0);
  EXPECT_EQ(until({"deployment", "owner"}, "{.metadata.name}",
                  [](const std::string& out) { return out == "gone"; }),
            "gone");
  EXPECT_EQ(get({"configmap", "held"}, "{.metadata.name}"), "gone");
}

// kubectl delete --cascade=foreground waits (by default) until the owner is gone.
TEST_F(ForegroundDeletion, KubectlWaitsUntilTheOwnerIsGone) {
  ASSERT_EQ(kubectl({"create", "namespace", "fg-wait"}).exit_code, 0);
  ASSERT_EQ(kubectl({"create", "deployment", "web", "--image=nginx", "-n", "fg-wait"}).exit_code, 0);
  auto deleted = kubectl({"delete", "deployment", "web", "-n", "fg-wait", "--cascade=foreground"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "deployment.apps \"web\" deleted\n");
  EXPECT_NE(kubectl({"get", "deployment", "web", "-n", "fg-wait"}).exit_code, 0);
}

}  // namespace
}  // namespace ks::testing

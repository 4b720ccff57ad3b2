// `kubectl get -w` asks the watch for tables (Accept: application/json;as=Table;g=meta.k8s.io;v=v1): each
// event's object is a Table of one row, the columns defined in the first event only
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go, watchEmbeddedEncoder), which kubectl
// prints as rows under the header of its first list. kubectl runs in the background until killed; the test
// blocks on its output file (grep over `tail -f`), never on the clock.
#include "base/strings.hpp"
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class WatchTables : public RealismCluster {
 protected:
  // Starts kubectl (admin.conf) with its output in a file (made here, empty); returns its pid.
  static std::string start_kubectl(const std::vector<std::string>& args, const std::string& output) {
    write(output.substr(node().root().size()), "");
    std::string command = "exec kubectl --kubeconfig '" + path("/etc/kubernetes/admin.conf") + "'";
    for (const auto& arg : args) command += " '" + arg + "'";
    auto started = node().exec({"sh", "-c", "(" + command + ") >'" + output + "' 2>&1 </dev/null & echo $!"});
    return std::string(trim(started.out));
  }
  // Blocks until a line of the growing file matches the extended regular expression (tail -f ends with
  // kubectl, timeout bounds a test that would otherwise hang).
  static bool line_appears(const std::string& pid, const std::string& file, const std::string& pattern) {
    return run({"timeout", "60", "bash", "-c", R"(grep -m1 -E -- "$1" <(tail -n +1 --pid="$2" -f "$3"))",
                "bash", pattern, pid, file})
               .exit_code == 0;
  }
  static std::string printed_so_far(const std::string& file) { return run({"cat", file}).out; }
};

TEST_F(WatchTables, EachEventIsARowUnderTheFirstHeader) {
  ASSERT_EQ(kubectl({"create", "namespace", "watch-lab"}).exit_code, 0);
  ASSERT_EQ(kubectl({"create", "configmap", "first", "-n", "watch-lab", "--from-literal=a=1"}).exit_code, 0);
  auto output = path("/realism/watch-configmaps.out");
  auto pid = start_kubectl({"get", "configmaps", "-n", "watch-lab", "-w", "--output-watch-events"}, output);
  ASSERT_FALSE(pid.empty());
  EXPECT_TRUE(line_appears(pid, output, "^ADDED +first +1 ")) << printed_so_far(output);
  ASSERT_EQ(kubectl({"create", "configmap", "second", "-n", "watch-lab", "--from-literal=x=1",
                     "--from-literal=y=2", "--from-literal=z=3"})
                .exit_code,
            0);
  EXPECT_TRUE(line_appears(pid, output, "^ADDED +second +3 +[0-9]+s$")) << printed_so_far(output);
  ASSERT_EQ(
      kubectl({"patch", "configmap", "first", "-n", "watch-lab", "-p", R"({"data":{"b":"2"}})"}).exit_code,
      0);
  EXPECT_TRUE(line_appears(pid, output, "^MODIFIED +first +2 ")) << printed_so_far(output);
  ASSERT_EQ(kubectl({"delete", "configmap", "second", "-n", "watch-lab"}).exit_code, 0);
  EXPECT_TRUE(line_appears(pid, output, "^DELETED +second +3 ")) << printed_so_far(output);
  node().exec({"kill", pid});
  auto printed = printed_so_far(output);
  EXPECT_EQ(printed.find("EVENT"), 0u) << printed;
  EXPECT_NE(printed.find("NAME"), std::string::npos) << printed;
  // One header: the events' tables carry no columns of their own, or the same ones.
  EXPECT_EQ(printed.find("EVENT", 1), std::string::npos) << printed;
  EXPECT_EQ(printed.find("error"), std::string::npos) << printed;
}

// kubectl get nodes -w: the node's row (NAME STATUS ROLES AGE VERSION) arrives through the watch when the
// Node changes.
TEST_F(WatchTables, NodeRowsThroughTheWatch) {
  auto output = path("/realism/watch-nodes.out");
  auto pid = start_kubectl({"get", "nodes", "-w"}, output);
  ASSERT_FALSE(pid.empty());
  EXPECT_TRUE(line_appears(pid, output, "^cp1 +Ready +control-plane ")) << printed_so_far(output);
  ASSERT_EQ(kubectl({"label", "node", "cp1", "watch-lab=yes"}).exit_code, 0);
  // The list's row and the change's: two rows for cp1.
  EXPECT_TRUE(
      run({"timeout", "60", "bash", "-c",
           R"(grep -m2 -E -- "^cp1 +Ready" <(tail -n +1 --pid="$1" -f "$2") | tail -n +2 | grep -q .)",
           "bash", pid, output})
          .exit_code == 0)
      << printed_so_far(output);
  node().exec({"kill", pid});
  ASSERT_EQ(kubectl({"label", "node", "cp1", "watch-lab-"}).exit_code, 0);
  auto printed = printed_so_far(output);
  EXPECT_EQ(printed.find("NAME"), 0u) << printed;
  EXPECT_NE(printed.find("VERSION"), std::string::npos) << printed;
}

}  // namespace
}  // namespace ks::testing

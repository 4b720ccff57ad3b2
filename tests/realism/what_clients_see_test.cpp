// What a lab user's clients print against the cluster, as against any real 1.32 cluster: server-side tables
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go,
// pkg/printers/internalversion/printers.go), `kubectl auth whoami` (SelfSubjectReview), `kubectl auth can-i
// --list` (SelfSubjectRulesReview, pkg/registry/authorization/selfsubjectrulesreview/rest.go) and /version
// with its build fields.
#include <iterator>
#include <sstream>

#include "host/files.hpp"
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

using WhatClientsSee = RealismCluster;

// The words of each line of kubectl's table output.
std::vector<std::vector<std::string>> table(const std::string& out) {
  std::vector<std::vector<std::string>> lines;
  std::istringstream text(out);
  for (std::string line; std::getline(text, line);) {
    std::istringstream words(line);
    lines.emplace_back(std::istream_iterator<std::string>(words), std::istream_iterator<std::string>());
  }
  return lines;
}

using Words = std::vector<std::string>;

// Line n of a table (0 = the header), empty when kubectl printed fewer lines.
Words row(const std::vector<Words>& lines, size_t n) {
  return n < lines.size() ? lines[n] : Words{};
}
std::string cell(const Words& words, size_t n) {
  return n < words.size() ? words[n] : "";
}

TEST_F(WhatClientsSee, GetNodesPrintsStatusRolesAgeVersion) {
  auto nodes = kubectl({"get", "nodes"});
  ASSERT_EQ(nodes.exit_code, 0) << nodes.err;
  auto lines = table(nodes.out);
  ASSERT_EQ(lines.size(), 2u) << nodes.out;
  EXPECT_EQ(row(lines, 0), (Words{"NAME", "STATUS", "ROLES", "AGE", "VERSION"}));
  EXPECT_EQ(cell(row(lines, 1), 0), "cp1");
  EXPECT_EQ(cell(row(lines, 1), 1), "Ready");
  EXPECT_EQ(cell(row(lines, 1), 2), "control-plane");
  auto age = cell(row(lines, 1), 3);
  EXPECT_TRUE(age.ends_with("s") || age.ends_with("m")) << age;
  EXPECT_EQ(cell(row(lines, 1), 4), "v1.32.4");
  auto wide = table(kubectl({"get", "nodes", "-o", "wide"}).out);
  EXPECT_EQ(row(wide, 0), (Words{"NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP",
                                 "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"}));
}

TEST_F(WhatClientsSee, TablesForTheKindsPeopleList) {
  auto namespaces = table(kubectl({"get", "namespaces"}).out);
  EXPECT_EQ(row(namespaces, 0), (Words{"NAME", "STATUS", "AGE"}));
  EXPECT_EQ(cell(row(namespaces, 1), 0), "default");
  EXPECT_EQ(cell(row(namespaces, 1), 1), "Active");
  auto token_id = init_result()["token"].get<std::string>().substr(0, 6);
  auto secrets = table(kubectl({"get", "secret", "-n", "kube-system", "bootstrap-token-" + token_id}).out);
  EXPECT_EQ(row(secrets, 0), (Words{"NAME", "TYPE", "DATA", "AGE"}));
  EXPECT_EQ(cell(row(secrets, 1), 1), "bootstrap.kubernetes.io/token");
  auto config_maps = table(kubectl({"get", "configmap", "-n", "kube-public", "cluster-info"}).out);
  EXPECT_EQ(row(config_maps, 0), (Words{"NAME", "DATA", "AGE"}));
  auto services = table(kubectl({"get", "service", "kubernetes"}).out);
  EXPECT_EQ(row(services, 0), (Words{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"}));
  auto service = row(services, 1);
  service.resize(5);
  EXPECT_EQ(service, (Words{"kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP"}));
  auto all_secrets = kubectl({"get", "secrets", "-A"});
  EXPECT_EQ(row(table(all_secrets.out), 0), (Words{"NAMESPACE", "NAME", "TYPE", "DATA", "AGE"}))
      << all_secrets.err;
}

TEST_F(WhatClientsSee, WhoAmIAndWhatMayIDo) {
  auto admin = table(kubectl({"auth", "whoami"}).out);
  EXPECT_EQ(row(admin, 0), (Words{"ATTRIBUTE", "VALUE"}));
  EXPECT_EQ(row(admin, 1), (Words{"Username", "kubernetes-admin"}));
  EXPECT_EQ(row(admin, 2), (Words{"Groups", "[kubeadm:cluster-admins", "system:authenticated]"}));
  auto node = table(kubectl_cert("system:node:cp1", {"system:nodes"}, {"auth", "whoami"}).out);
  EXPECT_EQ(row(node, 1), (Words{"Username", "system:node:cp1"}));

  auto list = kubectl({"auth", "can-i", "--list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto rules = table(list.out);
  EXPECT_EQ(row(rules, 0), (Words{"Resources", "Non-Resource", "URLs", "Resource", "Names", "Verbs"}));
  EXPECT_NE(list.out.find("*.*"), std::string::npos) << list.out;
  // The node authorizer cannot enumerate a node's rules: kubectl warns that the list is incomplete.
  auto as_node = kubectl_cert("system:node:cp1", {"system:nodes"}, {"auth", "can-i", "--list"});
  EXPECT_NE(as_node.err.find("node authorizer does not support user rule resolution"), std::string::npos)
      << as_node.out << as_node.err;
}

TEST_F(WhatClientsSee, VersionCarriesTheBuildFields) {
  auto version = kubectl({"version", "-o", "json"});
  ASSERT_EQ(version.exit_code, 0) << version.err;
  auto server = nlohmann::json::parse(version.out)["serverVersion"];
  EXPECT_EQ(server["gitVersion"], "v1.32.4");
  for (const char* field :
       {"major", "minor", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform"})
    EXPECT_TRUE(server.contains(field)) << field;
  auto python_version = python(
      "import kubernetes\n"
      "kubernetes.config.load_kube_config()\n"
      "print(kubernetes.client.VersionApi().get_code().git_version)\n");
  EXPECT_EQ(python_version.out, "v1.32.4\n") << python_version.err;
}

// kube-controller-manager's serviceaccount and root-ca-certificate-publisher controllers
// (pkg/controller/serviceaccount/serviceaccounts_controller.go,
// pkg/controller/certificates/rootcacertpublisher/): every namespace has a `default` ServiceAccount and the
// cluster CA in `kube-root-ca.crt`, as on any cluster.
TEST_F(WhatClientsSee, EveryNamespaceHasTheDefaultServiceAccountAndTheRootCa) {
  ASSERT_EQ(kubectl({"create", "namespace", "lab"}).exit_code, 0);
  std::string account, bundle;
  // Polls the API until the controllers have run for the new namespace (they reconcile every 100 ms).
  for (int i = 0; i < 300 && (account.empty() || bundle.empty()); ++i) {
    account = kubectl({"get", "serviceaccount", "default", "-n", "lab", "-o", "name"}).out;
    bundle =
        kubectl({"get", "configmap", "kube-root-ca.crt", "-n", "lab", "-o", "jsonpath={.data.ca\\.crt}"}).out;
  }
  EXPECT_EQ(account, "serviceaccount/default\n");
  EXPECT_EQ(bundle, host::RootFiles(node().root()).read("/etc/kubernetes/pki/ca.crt").value_or("missing"));
  for (const char* namespace_ : {"default", "kube-system", "kube-public", "kube-node-lease"})
    EXPECT_EQ(kubectl({"get", "serviceaccount", "default", "-n", namespace_, "-o", "name"}).out,
              "serviceaccount/default\n")
        << namespace_;
}

// A watch from a resourceVersion streams what changed after it, one event a line, and ends at timeoutSeconds;
// no sleep needed: the changes happen before the watch starts, and the server ends it.
TEST_F(WhatClientsSee, WatchStreamsTheChangesAfterAResourceVersion) {
  auto list = nlohmann::json::parse(kubectl({"get", "--raw", "/api/v1/namespaces/default/configmaps"}).out,
                                    nullptr, false);
  ASSERT_TRUE(list.is_object());
  auto start = list["metadata"].value("resourceVersion", "");
  ASSERT_FALSE(start.empty()) << list.dump();
  ASSERT_EQ(kubectl({"create", "configmap", "watched", "-n", "default", "--from-literal=a=1"}).exit_code, 0);
  ASSERT_EQ(kubectl({"patch", "configmap", "watched", "-n", "default", "--type=merge", "-p",
                     R"({"data":{"a":"2"}})"})
                .exit_code,
            0);
  ASSERT_EQ(kubectl({"delete", "configmap", "watched", "-n", "default"}).exit_code, 0);
  auto raw =
      kubectl({"get", "--raw",
               "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&resourceVersion=" + start});
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  std::vector<std::string> seen;
  std::istringstream lines(raw.out);
  for (std::string line; std::getline(lines, line);) {
    auto event = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(event.is_discarded()) << line;
    if (event["object"]["metadata"]["name"] == "watched")
      seen.push_back(event["type"].get<std::string>() + ":" + event["object"]["data"].value("a", ""));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED:1", "MODIFIED:2", "DELETED:2"})) << raw.out;

  // The Python client spells the flag watch=True (Go's ParseBool accepts it) and reads the same stream.
  ASSERT_EQ(kubectl({"create", "configmap", "watched-py", "-n", "default", "--from-literal=b=1"}).exit_code,
            0);
  auto python_watch = python(
      "import kubernetes\n"
      "kubernetes.config.load_kube_config()\n"
      "v1 = kubernetes.client.CoreV1Api()\n"
      "w = kubernetes.watch.Watch()\n"
      "for e in w.stream(v1.list_namespaced_config_map, 'default', resource_version='" +
      start +
      "',\n"
      "                  timeout_seconds=1):\n"
      "    print(e['type'], e['object'].metadata.name)\n");
  ASSERT_EQ(python_watch.exit_code, 0) << python_watch.err;
  EXPECT_NE(python_watch.out.find("ADDED watched-py"), std::string::npos) << python_watch.out;
  EXPECT_NE(python_watch.out.find("DELETED watched\n"), std::string::npos) << python_watch.out;
}

}  // namespace
}  // namespace ks::testing

// A node's identity as a real 1.32 control plane limits it: the node authorizer
// (plugin/pkg/auth/authorizer/node/node_authorizer.go, AuthorizeNodeWithSelectors on by default) and the
// NodeRestriction admission plugin (plugin/pkg/admission/noderestriction/admission.go), which kubeadm
// enables. The node is system:node:cp1 with a client certificate the cluster CA signed, as a kubelet is.
#include <functional>

#include "tests/realism/realism_cluster.hpp"
#include "tests/realism/realism_polling.hpp"

namespace ks::testing {
namespace {

class NodeIdentity : public RealismCluster {
 protected:
  static host::ProcessResult as_node(std::vector<std::string> args) {
    return kubectl_cert("system:node:cp1", {"system:nodes"}, std::move(args));
  }
};

TEST_F(NodeIdentity, ReadsOnlyItsOwnNode) {
  auto own = as_node({"get", "node", "cp1", "-o", "name"});
  EXPECT_EQ(own.out, "node/cp1\n") << own.err;
  // A list is authorized as a read of one Node when its field selector names it (requestinfo.go).
  auto selected = as_node({"get", "nodes", "--field-selector", "metadata.name=cp1", "-o", "name"});
  EXPECT_EQ(selected.out, "node/cp1\n") << selected.err;

  auto all = as_node({"get", "nodes"});
  EXPECT_NE(all.exit_code, 0);
  EXPECT_EQ(server_error(all.err),
            std::make_pair(
                std::string("Forbidden"),
                std::string("nodes is forbidden: User \"system:node:cp1\" cannot list resource \"nodes\" "
                            "in API group \"\" at the cluster scope: node 'cp1' cannot read all nodes, "
                            "only its own Node object")))
      << all.err;
  auto other = as_node({"get", "node", "w9"});
  EXPECT_EQ(
      server_error(other.err).second,
      "nodes \"w9\" is forbidden: User \"system:node:cp1\" cannot get resource \"nodes\" in API group \"\" "
      "at the cluster scope: node 'cp1' cannot read 'w9', only its own Node object")
      << other.err;
}

TEST_F(NodeIdentity, CannotGiveItselfARoleOrARestrictedLabel) {
  for (const std::string label : {"node-role.kubernetes.io/worker=", "node-restriction.kubernetes.io/pool=a",
                                  "kubernetes.io/role=master"}) {
    auto result = as_node({"label", "node", "cp1", label});
    auto key = label.substr(0, label.find('='));
    EXPECT_EQ(server_error(result.err),
              std::make_pair(std::string("Forbidden"),
                             "nodes \"cp1\" is forbidden: is not allowed to modify labels: " + key))
        << result.err;
  }
  // Labels outside kubernetes.io and k8s.io, and the kubelet's own, are the node's to set.
  EXPECT_EQ(as_node({"label", "node", "cp1", "example.com/rack=r1"}).exit_code, 0);
  EXPECT_EQ(
      as_node({"label", "node", "cp1", "node.kubernetes.io/exclude-from-external-load-balancers="}).exit_code,
      0);
  EXPECT_EQ(kubectl({"get", "node", "cp1", "-o", "jsonpath={.metadata.labels.example\\.com/rack}"}).out,
            "r1");
  EXPECT_EQ(kubectl({"get", "node", "cp1", "--show-labels"}).out.find("node-role.kubernetes.io/worker"),
            std::string::npos);
}

TEST_F(NodeIdentity, CannotAddOrRemoveItsTaints) {
  auto before = kubectl({"get", "node", "cp1", "-o", "jsonpath={.spec.taints}"}).out;
  auto added = as_node({"taint", "node", "cp1", "example.com/x=y:NoSchedule"});
  EXPECT_EQ(
      server_error(added.err),
      std::make_pair(std::string("Forbidden"),
                     std::string("nodes \"cp1\" is forbidden: node \"cp1\" is not allowed to modify taints")))
      << added.err;
  auto removed = as_node({"taint", "node", "cp1", "node-role.kubernetes.io/control-plane:NoSchedule-"});
  EXPECT_EQ(server_error(removed.err).first, "Forbidden") << removed.err;
  EXPECT_EQ(kubectl({"get", "node", "cp1", "-o", "jsonpath={.spec.taints}"}).out, before);
}

TEST_F(NodeIdentity, CannotCreateAnotherNode) {
  auto manifest =
      write("/realism/node-w9.json", R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"w9","labels":)"
                                     R"({"node-role.kubernetes.io/control-plane":""}}})");
  auto result = as_node({"create", "-f", manifest});
  EXPECT_EQ(server_error(result.err),
            std::make_pair(
                std::string("Forbidden"),
                std::string("nodes \"w9\" is forbidden: node \"cp1\" is not allowed to modify node \"w9\"")))
      << result.err;
  EXPECT_NE(kubectl({"get", "node", "w9"}).exit_code, 0);
}

TEST_F(NodeIdentity, ReadsSecretsAndConfigMapsOnlyThroughItsPods) {
  auto token_id = init_result()["token"].get<std::string>().substr(0, 6);
  auto one = as_node({"get", "secret", "-n", "kube-system", "bootstrap-token-" + token_id});
  EXPECT_EQ(server_error(one.err).second,
            "secrets \"bootstrap-token-" + token_id +
                "\" is forbidden: User \"system:node:cp1\" cannot get resource \"secrets\" in API group \"\" "
                "in the "
                "namespace \"kube-system\": no relationship found between node 'cp1' and this object")
      << one.err;
  auto all = as_node({"get", "secrets", "-n", "kube-system"});
  EXPECT_EQ(server_error(all.err).second,
            "secrets is forbidden: User \"system:node:cp1\" cannot list resource \"secrets\" in API group "
            "\"\" in the "
            "namespace \"kube-system\": No Object name found")
      << all.err;

  // A Pod bound to cp1 that mounts a Secret makes that one Secret readable by cp1, and no other node.
  ASSERT_EQ(
      kubectl({"create", "secret", "generic", "mounted", "-n", "default", "--from-literal=k=v"}).exit_code,
      0);
  auto pod =
      write("/realism/pod-mounting.json",
            R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"mounting","namespace":"default"},)"
            R"("spec":{"nodeName":"cp1","containers":[{"name":"c","image":"registry.k8s.io/pause:3.10"}],)"
            R"("volumes":[{"name":"s","secret":{"secretName":"mounted"}}]}})");
  ASSERT_EQ(kubectl({"create", "-f", pod}).exit_code, 0);
  auto mounted = as_node({"get", "secret", "mounted", "-n", "default", "-o", "jsonpath={.data.k}"});
  EXPECT_EQ(mounted.out, "dg==") << mounted.err;
  auto elsewhere =
      kubectl_cert("system:node:w2", {"system:nodes"}, {"get", "secret", "mounted", "-n", "default"});
  EXPECT_EQ(server_error(elsewhere.err).first, "Forbidden") << elsewhere.err;
  // Pods: only with a spec.nodeName field selector naming the node (in kube-system, its mirror Pods).
  EXPECT_EQ(
      as_node({"get", "pods", "-n", "default", "--field-selector", "spec.nodeName=cp1", "-o", "name"}).out,
      "pod/mounting\n");
  EXPECT_EQ(
      server_error(as_node({"get", "pods", "-A"}).err).second,
      "pods is forbidden: User \"system:node:cp1\" cannot list resource \"pods\" in API group \"\" at the "
      "cluster scope: can only list/watch pods with spec.nodeName field selector");
}

// admitPodCreate: a node creates mirror Pods only — annotated, bound to itself, owned by its own Node (the
// stored one, by uid) as controller — and none that would reach a service account, secrets, configmaps or
// claims through it.
TEST_F(NodeIdentity, CreatesOnlyMirrorPodsThatReachNothingElse) {
  auto uid = kubectl({"get", "node", "cp1", "-o", "jsonpath={.metadata.uid}"}).out;
  auto mirror = nlohmann::json::parse(
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"m","namespace":"default","annotations":)"
      R"({"kubernetes.io/config.mirror":"0123"},"ownerReferences":[{"apiVersion":"v1","kind":"Node",)"
      R"("name":"cp1","uid":")" +
      uid +
      R"(","controller":true}]},"spec":{"nodeName":"cp1","containers":)"
      R"([{"name":"c","image":"registry.k8s.io/pause:3.10"}]}})");
  struct Case {
    std::string name;
    std::function<void(nlohmann::json&)> change;
    std::string why;
  };
  const std::vector<Case> cases = {
      {"plain", [](auto& pod) { pod["metadata"].erase("annotations"); },
       "pod does not have \"kubernetes.io/config.mirror\" annotation, node \"cp1\" can only create mirror "
       "pods"},
      {"elsewhere", [](auto& pod) { pod["spec"]["nodeName"] = "w9"; },
       "node \"cp1\" can only create pods with spec.nodeName set to itself"},
      {"unowned", [](auto& pod) { pod["metadata"].erase("ownerReferences"); },
       "node \"cp1\" can only create pods with an owner reference set to itself"},
      {"uncontrolled", [](auto& pod) { pod["metadata"]["ownerReferences"][0]["controller"] = false; },
       "node \"cp1\" can only create pods with a controller owner reference set to itself"},
      {"other-uid",
       [](auto& pod) {
         pod["metadata"]["ownerReferences"][0]["uid"] = "00000000-0000-0000-0000-000000000000";
       },
       "node cp1 UID mismatch: expected 00000000-0000-0000-0000-000000000000 got " + uid},
      {"with-account", [](auto& pod) { pod["spec"]["serviceAccountName"] = "default"; },
       "node \"cp1\" can not create pods that reference a service account"},
      {"with-secret",
       [](auto& pod) {
         pod["spec"]["volumes"] = {{{"name", "s"}, {"secret", {{"secretName", "mounted"}}}}};
       },
       "node \"cp1\" can not create pods that reference secrets"},
      {"with-configmap",
       [](auto& pod) {
         pod["spec"]["containers"][0]["env"] = {
             {{"name", "E"},
              {"valueFrom", {{"configMapKeyRef", {{"name", "kube-root-ca.crt"}, {"key", "ca.crt"}}}}}}};
       },
       "node \"cp1\" can not create pods that reference configmaps"},
      {"with-claim",
       [](auto& pod) {
         pod["spec"]["volumes"] = {{{"name", "p"}, {"persistentVolumeClaim", {{"claimName", "data"}}}}};
       },
       "node \"cp1\" can not create pods that reference persistentvolumeclaims"}};
  for (const auto& each : cases) {
    auto pod = mirror;
    pod["metadata"]["name"] = each.name;
    each.change(pod);
    auto result = as_node({"create", "-f", write("/realism/mirror-" + each.name + ".json", pod.dump())});
    EXPECT_EQ(
        server_error(result.err),
        std::make_pair(std::string("Forbidden"), "pods \"" + each.name + "\" is forbidden: " + each.why))
        << result.err;
  }
  auto created = as_node({"create", "-f", write("/realism/mirror-m.json", mirror.dump())});
  EXPECT_EQ(created.exit_code, 0) << created.err;
  // A mirror Pod the kubelet has no static Pod for is deleted by it (HandlePodCleanups).
  EXPECT_TRUE(eventually([&] { return server_error(kubectl({"get", "pod", "m"}).err).first == "NotFound"; }));
}

TEST_F(NodeIdentity, TouchesOnlyItsOwnLease) {
  auto lease = [&](const std::string& name, const std::string& namespace_) {
    return write("/realism/lease-" + name + "-" + namespace_ + ".json",
                 R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":")" + name +
                     R"(","namespace":")" + namespace_ + R"("},"spec":{"holderIdentity":")" + name +
                     R"(","leaseDurationSeconds":40}})");
  };
  // The node's own Lease, which its kubelet keeps renewing too: created again if gone, else updated. It is
  // written as the kubelet writes it (a renewal keeps the spec it finds, as the lease controller's newLease
  // does), so the Lease test after this one still sees the kubelet's duration.
  kubectl({"delete", "lease", "cp1", "-n", "kube-node-lease", "--ignore-not-found"});
  EXPECT_EQ(as_node({"apply", "-f", lease("cp1", "kube-node-lease")}).exit_code, 0);
  auto other = as_node({"create", "-f", lease("w9", "kube-node-lease")});
  EXPECT_EQ(
      server_error(other.err),
      std::make_pair(std::string("Forbidden"),
                     std::string("leases.coordination.k8s.io \"w9\" is forbidden: can only access node lease "
                                 "with the same name as the requesting node")))
      << other.err;
  auto outside = as_node({"get", "lease", "cp1", "-n", "default"});
  EXPECT_EQ(
      server_error(outside.err).second,
      "leases.coordination.k8s.io \"cp1\" is forbidden: User \"system:node:cp1\" cannot get resource "
      "\"leases\" "
      "in API group \"coordination.k8s.io\" in the namespace \"default\": can only access leases in the "
      "\"kube-node-lease\" system namespace")
      << outside.err;
}

}  // namespace
}  // namespace ks::testing

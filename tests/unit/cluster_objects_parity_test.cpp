// The objects init leaves in the cluster, pinned to what kubeadm 1.32 leaves (issue 12): the CoreDNS
// Corefile, the CRI socket annotation on the Node, the component-config signatures of the kubelet-config
// and kube-proxy ConfigMaps, and the mark-control-plane patch. Each test names the kubeadm source file the
// expected value comes from; the phases run in process against the in-memory API (tests/support/fake_api).
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fmt/format.h>

#include "base/json_access.hpp"
#include "kube/config_uploads.hpp"
#include "kube/nodes.hpp"
#include "templates/addons.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::phases {
namespace {

using nlohmann::json;

const std::string kKubeSystem = "/api/v1/namespaces/kube-system";
const std::string kHashAnnotation = "kubeadm.kubernetes.io/component-config.hash";

// SHA-256 through OpenSSL's EVP interface, apart from kubestrap's own digest helper.
std::string sha256_annotation(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  std::string hex = "sha256:";
  for (unsigned i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

json node(json taints = json::array(), json labels = {{"kubernetes.io/hostname", "cp1"}}) {
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata", {{"name", "cp1"}, {"labels", labels}}},
          {"spec", {{"taints", taints}}}};
}

json taint(const std::string& key, const std::string& effect = "NoSchedule") {
  return {{"key", key}, {"effect", effect}};
}

class ClusterObjectsParity : public ::testing::Test {
 protected:
  void SetUp() override {
    config.cluster.encryption_algorithm = config::KeyAlgorithm::ECDSAP256;
    testing::RecordingReporter setup;
    ASSERT_TRUE(testing::run_init(t, config, setup, {"certs/ca", {}}));
    ASSERT_TRUE(testing::run_init(t, config, setup, {"kubeconfig", {}}));
  }

  Status run(const std::string& only) {
    cluster.requests.clear();
    return testing::run_init(t, config, reporter, {only, {}}, [this](InitRun& init) {
      init.api_factory = std::make_unique<testing::FakeApiFactory>(cluster);
    });
  }

  const testing::RecordedRequest& only_patch() {
    const testing::RecordedRequest* found = nullptr;
    for (const auto& request : cluster.requests)
      if (request.method == "PATCH") {
        EXPECT_EQ(found, nullptr) << "a second PATCH: " << request.line();
        found = &request;
      }
    if (found == nullptr) throw std::runtime_error("no PATCH was sent");
    return *found;
  }

  testing::TestHost t;
  config::InitConfiguration config = testing::load_config(t);
  testing::RecordingReporter reporter;
  testing::FakeCluster cluster;
};

// cmd/kubeadm/app/phases/addons/dns/manifests.go (CoreDNSConfigMap, 1.32): the cache plugin leaves the
// cluster domain alone, positive and negative answers, so in-cluster names are never answered stale.
TEST_F(ClusterObjectsParity, CorefileDisablesTheCacheForTheClusterDomain) {
  for (const std::string domain : {"cluster.local", "k8s.example.org"}) {
    config.cluster.networking.dns_domain = domain;
    std::string corefile;
    for (const auto& object : templates::coredns_objects(config))
      if (object["kind"] == "ConfigMap") corefile = object["data"]["Corefile"];
    EXPECT_EQ(corefile, fmt::format(R"(.:53 {{
    errors
    health {{
       lameduck 5s
    }}
    ready
    kubernetes {0} in-addr.arpa ip6.arpa {{
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }}
    prometheus :9153
    forward . /etc/resolv.conf {{
       max_concurrent 1000
    }}
    cache 30 {{
       disable success {0}
       disable denial {0}
    }}
    loop
    reload
    loadbalance
}}
)",
                                    domain));
  }
}

// cmd/kubeadm/app/cmd/phases/init/uploadconfig.go (runUploadKubeletConfig) and
// cmd/kubeadm/app/phases/patchnode/patchnode.go (AnnotateCRISocket): in 1.32, upload-config/kubelet
// patches the Node with kubeadm.alpha.kubernetes.io/cri-socket = nodeRegistration.criSocket as defaulted
// (with its unix:// scheme), once the kubelet has registered the Node.
TEST_F(ClusterObjectsParity, UploadKubeletConfigRecordsTheCriSocketOnTheNode) {
  config.node_registration.cri_socket = "unix:///var/run/crio/crio.sock";
  int node_gets = 0;
  cluster.before_answer = [&](const testing::RecordedRequest& request) {
    if (request.line() == "GET /api/v1/nodes/cp1" && ++node_gets == 2) cluster.put(node());
  };
  ASSERT_TRUE(run("upload-config/kubelet"));
  EXPECT_EQ(cluster.request_lines(),
            (std::vector<std::string>{
                "POST " + kKubeSystem + "/configmaps",
                "POST /apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/roles",
                "POST /apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/rolebindings",
                "GET /api/v1/nodes/cp1", "GET /api/v1/nodes/cp1", "PATCH /api/v1/nodes/cp1"}));
  const auto& patch = only_patch();
  EXPECT_EQ(patch.content_type, "application/strategic-merge-patch+json");
  EXPECT_EQ(patch.body,
            (json{{"metadata",
                   {{"annotations",
                     {{"kubeadm.alpha.kubernetes.io/cri-socket", "unix:///var/run/crio/crio.sock"}}}}}}));
  EXPECT_EQ(
      cluster.find("/api/v1/nodes/cp1")["metadata"]["annotations"]["kubeadm.alpha.kubernetes.io/cri-socket"],
      "unix:///var/run/crio/crio.sock");
}

// kubeadm 1.34 (NodeLocalCRISocket on by default; uploadconfig.go skips AnnotateCRISocket with the gate):
// the node keeps its socket in instance-config.yaml, so upload-config/kubelet leaves the Node alone, and
// the cluster-wide kubelet-config carries no node's socket.
TEST_F(ClusterObjectsParity, WithNodeLocalCRISocketUploadKubeletConfigLeavesTheNodeAlone) {
  config.cluster.kubernetes_version = "v1.34.2";
  cluster.put(node());
  ASSERT_TRUE(run("upload-config/kubelet"));
  EXPECT_EQ(cluster.request_lines(),
            (std::vector<std::string>{
                "POST " + kKubeSystem + "/configmaps",
                "POST /apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/roles",
                "POST /apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/rolebindings"}));
  auto stored =
      cluster.find(kKubeSystem + "/configmaps/kubelet-config")["data"]["kubelet"].get<std::string>();
  EXPECT_EQ(stored.find("containerRuntimeEndpoint"), std::string::npos) << stored;
  EXPECT_FALSE(cluster.find("/api/v1/nodes/cp1")["metadata"].contains("annotations"));
}

// The same patch as a two-way diff: nothing when the Node already carries that socket, the new value when
// it carries another.
TEST(CriSocketAnnotation, PatchesOnlyAMissingOrDifferentValue) {
  auto annotated = node();
  annotated["metadata"]["annotations"] = {
      {kube::kCriSocketAnnotation, "unix:///run/containerd/containerd.sock"}};
  EXPECT_EQ(kube::cri_socket_annotation_patch(annotated, "unix:///run/containerd/containerd.sock"),
            json::object());
  EXPECT_EQ(kube::cri_socket_annotation_patch(annotated, "unix:///var/run/crio/crio.sock"),
            (json{{"metadata",
                   {{"annotations", {{kube::kCriSocketAnnotation, "unix:///var/run/crio/crio.sock"}}}}}}));
}

// cmd/kubeadm/app/phases/kubelet/config.go (CreateConfigMap) signs the kubelet-config ConfigMap only when
// the KubeletConfiguration is not user supplied; cmd/kubeadm/app/componentconfigs/configset.go
// (FromDocumentMap) counts a KubeletConfiguration document in --config as user supplied.
TEST_F(ClusterObjectsParity, KubeletConfigIsSignedOnlyWhenKubeadmGeneratedIt) {
  cluster.put(node());
  ASSERT_TRUE(run("upload-config/kubelet"));
  auto generated = cluster.find(kKubeSystem + "/configmaps/kubelet-config");
  // componentconfigs/checksums.go (ChecksumForConfigMap): SHA-256 over the data values in key order.
  EXPECT_EQ(generated["metadata"]["annotations"][kHashAnnotation],
            sha256_annotation(generated["data"]["kubelet"].get<std::string>()));

  config.kubelet_configuration = json{
      {"apiVersion", "kubelet.config.k8s.io/v1beta1"}, {"kind", "KubeletConfiguration"}, {"maxPods", 50}};
  ASSERT_TRUE(run("upload-config/kubelet"));
  auto supplied = cluster.find(kKubeSystem + "/configmaps/kubelet-config");
  EXPECT_NE(supplied["data"]["kubelet"].get<std::string>().find("maxPods: 50"), std::string::npos);
  EXPECT_FALSE(member(supplied["metadata"], "annotations").contains(kHashAnnotation)) << supplied.dump(2);
  for (const auto& request : cluster.requests) {
    if (request.line() == "PUT " + kKubeSystem + "/configmaps/kubelet-config") {
      EXPECT_FALSE(member(request.body["metadata"], "annotations").contains(kHashAnnotation));
    }
  }
}

// cmd/kubeadm/app/phases/addons/proxy/proxy.go signs the kube-proxy ConfigMap unless the
// KubeProxyConfiguration is user supplied; the hash covers both files, config.conf then kubeconfig.conf
// (componentconfigs/checksums.go: data values in key order).
// ChecksumForConfigMap (componentconfigs/checksums.go): data values in key order, then the bytes of the
// binaryData values in key order.
TEST(ComponentConfigSignature, HashesDataThenTheBytesOfBinaryData) {
  json config_map = {{"metadata", json::object()},
                     {"data", {{"b", "2"}, {"a", "1"}}},
                     {"binaryData", {{"z", "eQ=="}, {"c", "eA=="}}}};  // "y", "x"
  kube::sign_config_map(config_map);
  EXPECT_EQ(config_map["metadata"]["annotations"][kHashAnnotation], sha256_annotation("12xy"));
}

TEST_F(ClusterObjectsParity, KubeProxyConfigMapIsSignedOnlyWhenKubeadmGeneratedIt) {
  ASSERT_TRUE(run("addon/kube-proxy"));
  auto generated = cluster.find(kKubeSystem + "/configmaps/kube-proxy");
  EXPECT_EQ(generated["metadata"]["annotations"][kHashAnnotation],
            sha256_annotation(generated["data"]["config.conf"].get<std::string>() +
                              generated["data"]["kubeconfig.conf"].get<std::string>()));
  EXPECT_EQ(generated["metadata"]["labels"]["app"], "kube-proxy");

  config.kube_proxy_configuration = json{{"apiVersion", "kubeproxy.config.k8s.io/v1alpha1"},
                                         {"kind", "KubeProxyConfiguration"},
                                         {"mode", "ipvs"}};
  ASSERT_TRUE(run("addon/kube-proxy"));
  for (const auto& request : cluster.requests) {
    if (request.body.is_object() && request.body.value("kind", "") == "ConfigMap") {
      EXPECT_FALSE(member(request.body["metadata"], "annotations").contains(kHashAnnotation))
          << request.line();
    }
  }
}

// cmd/kubeadm/app/phases/markcontrolplane/markcontrolplane.go (markControlPlaneNode) through
// util/apiclient PatchNode: a two-way strategic merge diff of the Node. Labels appear only where they are
// missing; NodeSpec.taints is atomic, so it appears only when the list changes, and then whole: kubeadm's
// taints first, then the Node's others.
TEST_F(ClusterObjectsParity, MarkControlPlanePatchesOnlyWhatItChanges) {
  struct Case {
    std::string name;
    json existing;
    std::optional<std::vector<config::Taint>> wanted;
    json patch;
  };
  const json both_labels = {{"node-role.kubernetes.io/control-plane", ""},
                            {"node.kubernetes.io/exclude-from-external-load-balancers", ""}};
  auto marked_labels = json{{"kubernetes.io/hostname", "cp1"}};
  marked_labels.update(both_labels);
  const std::vector<Case> cases = {
      {"a fresh node not ready yet",
       node(json::array({taint("node.kubernetes.io/not-ready")})),
       std::nullopt,
       {{"metadata", {{"labels", both_labels}}},
        {"spec",
         {{"taints",
           {taint("node-role.kubernetes.io/control-plane"), taint("node.kubernetes.io/not-ready")}}}}}},
      {"already marked", node(json::array({taint("node-role.kubernetes.io/control-plane")}), marked_labels),
       std::nullopt, json::object()},
      {"labelled, taint missing",
       node(json::array(), marked_labels),
       std::nullopt,
       {{"spec", {{"taints", {taint("node-role.kubernetes.io/control-plane")}}}}}},
      {"taints: [] keeps the node's taints",
       node(json::array({taint("node.kubernetes.io/not-ready")})),
       std::vector<config::Taint>{},
       {{"metadata", {{"labels", both_labels}}}}},
      {"a user taint with a value",
       node(json::array(), marked_labels),
       std::vector<config::Taint>{{"dedicated", "infra", "NoExecute"}},
       {{"spec", {{"taints", {{{"key", "dedicated"}, {"value", "infra"}, {"effect", "NoExecute"}}}}}}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    cluster.put(c.existing);
    config.node_registration.taints = c.wanted;
    ASSERT_TRUE(run("mark-control-plane"));
    EXPECT_EQ(only_patch().body, c.patch);
  }
}

// Where kubeadm would send two taints with one key and effect (the API server refuses the pair), the
// wanted one replaces the Node's.
TEST(ControlPlaneNodePatch, AWantedTaintReplacesTheNodesWithItsKeyAndEffect) {
  auto existing = node(json::array(
      {{{"key", "node-role.kubernetes.io/control-plane"}, {"value", "old"}, {"effect", "NoSchedule"}},
       taint("node.kubernetes.io/not-ready")}));
  auto patch =
      kube::control_plane_node_patch(existing, {{"node-role.kubernetes.io/control-plane", "", "NoSchedule"}});
  EXPECT_EQ(patch["spec"]["taints"],
            (json{taint("node-role.kubernetes.io/control-plane"), taint("node.kubernetes.io/not-ready")}));
}

}  // namespace
}  // namespace ks::phases

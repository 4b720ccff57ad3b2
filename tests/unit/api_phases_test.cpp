// The init phases that talk to the cluster, in process: each runs against the in-memory API
// (tests/support/fake_api.hpp) and a scripted health prober, and the tests assert the requests it sends
// (method, path, user, body), the objects it leaves, and what it says.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fmt/format.h>

#include "base/base64.hpp"
#include "base/yaml_reader.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_prober.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::phases {
namespace {

using nlohmann::json;
using testing::ScriptedProber;

const std::string kRbac = "/apis/rbac.authorization.k8s.io/v1";
const std::string kKubeSystem = "/api/v1/namespaces/kube-system";

class ApiPhases : public ::testing::Test {
 protected:
  void SetUp() override {
    config.cluster.encryption_algorithm = config::KeyAlgorithm::ECDSAP256;
    // What the API phases read from the node: the CA and the kubeconfigs.
    testing::RecordingReporter setup;
    ASSERT_TRUE(testing::run_init(t, config, setup, {"certs/ca", {}}));
    ASSERT_TRUE(testing::run_init(t, config, setup, {"kubeconfig", {}}));
  }

  Status run(const std::string& only, std::vector<std::string> skip = {}) {
    InitRun init(config, t.host, reporter);
    init.api_factory = std::make_unique<testing::FakeApiFactory>(cluster);
    init.health_prober = std::make_unique<ForwardingProber>(prober);
    workflow::Runner runner(init_phases(init), reporter, t.clock);
    auto status = runner.run({only, std::move(skip)});
    results = init.results;
    return status;
  }

  // The pin of ca.crt's public key, computed here with OpenSSL's EVP digest, apart from kubestrap's.
  std::string ca_pin() {
    auto pem = t.files.read("/etc/kubernetes/pki/ca.crt").value();
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                  BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
                                                     X509_free);
    unsigned char* der = nullptr;
    int length = i2d_PUBKEY(X509_get0_pubkey(cert.get()), &der);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(der, static_cast<size_t>(length), digest, &size, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    std::string hex = "sha256:";
    for (unsigned i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
  }

  json node(std::vector<json> taints = {}) {
    return {{"apiVersion", "v1"},
            {"kind", "Node"},
            {"metadata", {{"name", "cp1"}, {"labels", {{"kubernetes.io/hostname", "cp1"}}}}},
            {"spec", {{"taints", taints}}}};
  }

  struct ForwardingProber : kube::HealthProber {
    explicit ForwardingProber(ScriptedProber& to) : to(to) {}
    Status probe(const std::string& base, const std::string& path) override { return to.probe(base, path); }
    ScriptedProber& to;
  };

  testing::TestHost t;
  config::InitConfiguration config = testing::load_config(t);
  testing::RecordingReporter reporter;
  testing::FakeCluster cluster;
  ScriptedProber prober;
  json results;
};

TEST_F(ApiPhases, UploadConfigStoresTheClusterConfigurationReadableByJoiningNodes) {
  ASSERT_TRUE(run("upload-config/kubeadm"));
  EXPECT_EQ(cluster.request_lines(),
            (std::vector<std::string>{"POST " + kRbac + "/clusterrolebindings",
                                      "POST " + kKubeSystem + "/configmaps",
                                      "POST " + kRbac + "/namespaces/kube-system/roles",
                                      "POST " + kRbac + "/namespaces/kube-system/rolebindings"}));
  for (const auto& request : cluster.requests) EXPECT_EQ(request.user, "kubernetes-admin");
  auto binding = cluster.find(kRbac + "/clusterrolebindings/kubeadm:cluster-admins");
  EXPECT_EQ(binding["roleRef"]["name"], "cluster-admin");
  EXPECT_EQ(binding["subjects"][0]["name"], "kubeadm:cluster-admins");
  auto stored = cluster.find(kKubeSystem + "/configmaps/kubeadm-config");
  auto document = parse_yaml(stored["data"]["ClusterConfiguration"].get<std::string>()).value();
  EXPECT_EQ(document["kind"], "ClusterConfiguration");
  EXPECT_EQ(document["networking"]["podSubnet"], "10.244.0.0/16");
  auto readers = cluster.find(kRbac + "/namespaces/kube-system/rolebindings/kubeadm:nodes-kubeadm-config");
  EXPECT_EQ(readers["subjects"][0]["name"], "system:bootstrappers:kubeadm:default-node-token");
  EXPECT_EQ(readers["subjects"][1]["name"], "system:nodes");
  auto role = cluster.find(kRbac + "/namespaces/kube-system/roles/kubeadm:nodes-kubeadm-config");
  EXPECT_EQ(role["rules"][0]["resourceNames"], json::array({"kubeadm-config"}));
  EXPECT_EQ(role["rules"][0]["verbs"], json::array({"get"}));
}

TEST_F(ApiPhases, ForbiddenAdminBindingFallsBackToSuperAdmin) {
  cluster.forbid("kubernetes-admin", "POST", kRbac + "/clusterrolebindings");
  ASSERT_TRUE(run("upload-config/kubeadm"));
  ASSERT_GE(cluster.requests.size(), 2u);
  EXPECT_EQ(cluster.requests[0].status, 403);
  EXPECT_EQ(cluster.requests[1].user, "kubernetes-super-admin");
  EXPECT_EQ(cluster.requests[1].line(), "POST " + kRbac + "/clusterrolebindings");
  EXPECT_EQ(cluster.requests[1].status, 201);
  EXPECT_EQ(cluster.requests.size(), 5u);  // the binding twice, then the ConfigMap, Role and RoleBinding
  EXPECT_TRUE(reporter.said("using super-admin.conf"));
}

TEST_F(ApiPhases, ForbiddenForBothIsAnErrorNamingThePermission) {
  cluster.forbid("kubernetes-admin", "POST", kRbac + "/clusterrolebindings");
  cluster.forbid("kubernetes-super-admin", "POST", kRbac + "/clusterrolebindings");
  auto status = run("upload-config/kubeadm");
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().what.find("POST " + kRbac + "/clusterrolebindings"), std::string::npos);
  EXPECT_NE(status.error().why.find("(Forbidden, 403)"), std::string::npos);
  EXPECT_NE(status.error().fix.find("RBAC"), std::string::npos);
  EXPECT_EQ(cluster.find(kKubeSystem + "/configmaps/kubeadm-config"), json());
}

TEST_F(ApiPhases, ASecondUploadReplacesWhatExists) {
  cluster.put(node());  // upload-config/kubelet annotates it
  ASSERT_TRUE(run("upload-config"));
  auto first = cluster.find(kKubeSystem + "/configmaps/kubeadm-config");
  cluster.requests.clear();
  config.cluster.networking.pod_subnet = "10.32.0.0/16";
  ASSERT_TRUE(run("upload-config/kubeadm"));
  // The admins binding exists (409 is enough); the rest is created (409) and then replaced.
  EXPECT_EQ(cluster.request_lines(),
            (std::vector<std::string>{
                "POST " + kRbac + "/clusterrolebindings", "POST " + kKubeSystem + "/configmaps",
                "PUT " + kKubeSystem + "/configmaps/kubeadm-config",
                "POST " + kRbac + "/namespaces/kube-system/roles",
                "PUT " + kRbac + "/namespaces/kube-system/roles/kubeadm:nodes-kubeadm-config",
                "POST " + kRbac + "/namespaces/kube-system/rolebindings",
                "PUT " + kRbac + "/namespaces/kube-system/rolebindings/kubeadm:nodes-kubeadm-config"}));
  auto second = cluster.find(kKubeSystem + "/configmaps/kubeadm-config");
  EXPECT_NE(second["metadata"]["resourceVersion"], first["metadata"]["resourceVersion"]);
  EXPECT_EQ(second["metadata"]["uid"], first["metadata"]["uid"]);
  EXPECT_NE(second["data"]["ClusterConfiguration"].get<std::string>().find("10.32.0.0/16"),
            std::string::npos);
}

TEST_F(ApiPhases, KubeletConfigMapCarriesTheHashOfItsDocument) {
  cluster.put(node());
  ASSERT_TRUE(run("upload-config/kubelet"));
  EXPECT_EQ(cluster.requests.size(), 5u);  // ConfigMap, Role, RoleBinding; the Node's CRI socket (GET, PATCH)
  auto stored = cluster.find(kKubeSystem + "/configmaps/kubelet-config");
  auto document = stored["data"]["kubelet"].get<std::string>();
  EXPECT_EQ(parse_yaml(document).value()["kind"], "KubeletConfiguration");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(document.data(), document.size(), digest, &size, EVP_sha256(), nullptr);
  std::string hex = "sha256:";
  for (unsigned i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  EXPECT_EQ(stored["metadata"]["annotations"]["kubeadm.kubernetes.io/component-config.hash"], hex);
  auto readers = cluster.find(kRbac + "/namespaces/kube-system/rolebindings/kubeadm:kubelet-config");
  EXPECT_EQ(readers["roleRef"]["name"], "kubeadm:kubelet-config");
}

TEST_F(ApiPhases, MarkControlPlaneWaitsForTheNodeThenAddsLabelsAndTaint) {
  int node_gets = 0;
  cluster.before_answer = [&](const testing::RecordedRequest& request) {
    if (request.line() == "GET /api/v1/nodes/cp1" && ++node_gets == 3)
      cluster.put(node({{{"key", "node.kubernetes.io/not-ready"}, {"effect", "NoSchedule"}}}));
  };
  ASSERT_TRUE(run("mark-control-plane"));
  EXPECT_EQ(cluster.request_lines(),
            (std::vector<std::string>{"GET /api/v1/nodes/cp1", "GET /api/v1/nodes/cp1",
                                      "GET /api/v1/nodes/cp1", "PATCH /api/v1/nodes/cp1"}));
  EXPECT_EQ(cluster.requests.back().content_type, "application/strategic-merge-patch+json");
  EXPECT_EQ(t.clock.slept, (std::vector<std::chrono::nanoseconds>{std::chrono::milliseconds(100),
                                                                  std::chrono::milliseconds(100)}));
  auto marked = cluster.find("/api/v1/nodes/cp1");
  EXPECT_EQ(marked["metadata"]["labels"],
            (json{{"kubernetes.io/hostname", "cp1"},
                  {"node-role.kubernetes.io/control-plane", ""},
                  {"node.kubernetes.io/exclude-from-external-load-balancers", ""}}));
  // kubeadm's taints first, then the node's others (markcontrolplane.go, markControlPlaneNode).
  EXPECT_EQ(marked["spec"]["taints"],
            (json{{{"key", "node-role.kubernetes.io/control-plane"}, {"effect", "NoSchedule"}},
                  {{"key", "node.kubernetes.io/not-ready"}, {"effect", "NoSchedule"}}}));
}

TEST_F(ApiPhases, MarkControlPlaneKeepsATaintAlreadyThereAndHonoursAnEmptyList) {
  cluster.put(node({{{"key", "node-role.kubernetes.io/control-plane"}, {"effect", "NoSchedule"}}}));
  ASSERT_TRUE(run("mark-control-plane"));
  EXPECT_EQ(cluster.find("/api/v1/nodes/cp1")["spec"]["taints"].size(), 1u);

  cluster.put(node());
  config.node_registration.taints = std::vector<config::Taint>{};  // `taints: []`: none at all
  ASSERT_TRUE(run("mark-control-plane"));
  EXPECT_EQ(cluster.find("/api/v1/nodes/cp1")["spec"]["taints"], json::array());
}

TEST_F(ApiPhases, ANodeThatNeverRegistersFailsAfterTheApiTimeoutWithTheKubeletToLookAt) {
  config.timeouts.kubernetes_api_call = std::chrono::seconds(1);
  auto status = run("mark-control-plane");
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message().find("waiting for Node cp1: the kubelet has not registered it"),
            std::string::npos);
  EXPECT_NE(status.error().fix.find("journalctl -xeu kubelet"), std::string::npos);
  EXPECT_GE(cluster.requests.size(), 10u);
  EXPECT_LE(cluster.requests.size(), 12u);
}

TEST_F(ApiPhases, BootstrapTokenCreatesTheSecretItsRbacAndClusterInfo) {
  config.bootstrap_tokens[0].token = "abcdef.0123456789abcdef";
  ASSERT_TRUE(run("bootstrap-token"));
  EXPECT_EQ(cluster.requests.size(), 9u);
  auto secret = cluster.find(kKubeSystem + "/secrets/bootstrap-token-abcdef");
  EXPECT_EQ(secret["type"], "bootstrap.kubernetes.io/token");
  EXPECT_EQ(base64_decode(secret["data"]["token-secret"].get<std::string>()).value(), "0123456789abcdef");
  EXPECT_EQ(base64_decode(secret["data"]["expiration"].get<std::string>()).value(), "2026-11-22T12:00:00Z");
  EXPECT_EQ(base64_decode(secret["data"]["usage-bootstrap-signing"].get<std::string>()).value(), "true");
  for (const auto& name :
       {"kubeadm:get-nodes", "kubeadm:kubelet-bootstrap", "kubeadm:node-autoapprove-bootstrap",
        "kubeadm:node-autoapprove-certificate-rotation"})
    EXPECT_TRUE(cluster.find(kRbac + "/clusterrolebindings/" + std::string(name)).is_object()) << name;
  EXPECT_EQ(
      cluster.find(kRbac + "/clusterrolebindings/kubeadm:node-autoapprove-bootstrap")["roleRef"]["name"],
      "system:certificates.k8s.io:certificatesigningrequests:nodeclient");

  auto info = cluster.find("/api/v1/namespaces/kube-public/configmaps/cluster-info");
  auto kubeconfig = parse_yaml(info["data"]["kubeconfig"].get<std::string>()).value();
  EXPECT_EQ(kubeconfig["clusters"][0]["cluster"]["server"], "https://192.168.1.10:6443");
  EXPECT_EQ(
      base64_decode(kubeconfig["clusters"][0]["cluster"]["certificate-authority-data"].get<std::string>())
          .value(),
      t.files.read("/etc/kubernetes/pki/ca.crt").value());
  EXPECT_TRUE(kubeconfig["users"].is_null());  // nothing secret in a document anyone may read
  auto anonymous =
      cluster.find(kRbac + "/namespaces/kube-public/rolebindings/kubeadm:bootstrap-signer-clusterinfo");
  EXPECT_EQ(anonymous["subjects"][0]["name"], "system:anonymous");
}

TEST_F(ApiPhases, AddonsCreateCoreDnsAndKubeProxyUnlessDisabled) {
  ASSERT_TRUE(run("addon"));
  auto service = cluster.find(kKubeSystem + "/services/kube-dns");
  EXPECT_EQ(service["spec"]["clusterIP"], "10.96.0.10");
  EXPECT_TRUE(cluster.find("/apis/apps/v1/namespaces/kube-system/deployments/coredns").is_object());
  EXPECT_TRUE(cluster.find("/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy").is_object());
  auto proxy = cluster.find(kKubeSystem + "/configmaps/kube-proxy");
  EXPECT_EQ(parse_yaml(proxy["data"]["config.conf"].get<std::string>()).value()["clusterCIDR"],
            "10.244.0.0/16");
  EXPECT_EQ(results["apiRequests"]["addon/coredns"], 6);
  EXPECT_EQ(results["apiRequests"]["addon/kube-proxy"], 6);

  cluster.requests.clear();
  config.cluster.dns.disabled = true;
  config.cluster.proxy_disabled = true;
  ASSERT_TRUE(run("addon"));
  EXPECT_TRUE(cluster.requests.empty());
}

TEST_F(ApiPhases, KubeProxyRunsWithTheUsersConfigurationAndKubeadmsDefaultsWhereItIsSilent) {
  config.kube_proxy_configuration = json{{"apiVersion", "kubeproxy.config.k8s.io/v1alpha1"},
                                         {"kind", "KubeProxyConfiguration"},
                                         {"mode", "ipvs"},
                                         {"ipvs", {{"strictARP", true}}},
                                         {"bindAddress", ""}};
  ASSERT_TRUE(run("addon/kube-proxy"));
  auto proxy = cluster.find(kKubeSystem + "/configmaps/kube-proxy");
  auto conf = parse_yaml(proxy["data"]["config.conf"].get<std::string>()).value();
  EXPECT_EQ(conf["mode"], "ipvs");
  EXPECT_EQ(conf["ipvs"]["strictARP"], true);
  EXPECT_EQ(conf["bindAddress"], "0.0.0.0");
  EXPECT_EQ(conf["clusterCIDR"], "10.244.0.0/16");
  EXPECT_EQ(conf["clientConnection"]["kubeconfig"], "/var/lib/kube-proxy/kubeconfig.conf");
}

TEST_F(ApiPhases, ShowJoinCommandPinsTheCaWithoutAskingTheServer) {
  config.bootstrap_tokens[0].token = "abcdef.0123456789abcdef";
  ASSERT_TRUE(run("show-join-command"));
  EXPECT_TRUE(cluster.requests.empty());
  EXPECT_EQ(
      results["joinCommand"],
      "kubestrap join 192.168.1.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash " +
          ca_pin());
  EXPECT_TRUE(
      reporter.said("kubestrap join 192.168.1.10:6443 --token abcdef.0123456789abcdef \\\n\t"
                    "--discovery-token-ca-cert-hash " +
                    ca_pin()));
}

TEST_F(ApiPhases, WaitControlPlaneReportsEachComponentAndTheOnesThatNeverCameUp) {
  prober.failures_before_healthy = {{"http://127.0.0.1:10248/healthz", 2},
                                    {"https://192.168.1.10:6443/livez", 1},
                                    {"https://192.168.1.10:6443/readyz", 0},
                                    {"https://127.0.0.1:10257/healthz", 0},
                                    {"https://127.0.0.1:10259/livez", ScriptedProber::kNever}};
  config.timeouts.control_plane_component_health_check = std::chrono::seconds(3);
  auto status = run("wait-control-plane");
  ASSERT_FALSE(status);
  EXPECT_TRUE(reporter.said("[kubelet-check] kubelet is healthy after"));
  EXPECT_TRUE(reporter.said("[control-plane-check] kube-apiserver is healthy after"));
  EXPECT_TRUE(reporter.said("[control-plane-check] kube-controller-manager is healthy after"));
  EXPECT_NE(status.error().what.find("kube-scheduler not healthy after 3s"), std::string::npos);
  EXPECT_EQ(status.error().what.find("kube-apiserver"), std::string::npos);
  EXPECT_NE(status.error().why.find("connection refused"), std::string::npos);
  EXPECT_NE(status.error().fix.find("crictl"), std::string::npos);
  // Polled at the run's interval: no busy loop, no sleeping beyond the timeout.
  for (auto slept : t.clock.slept) EXPECT_EQ(slept, std::chrono::milliseconds(50));
  EXPECT_LE(t.clock.slept.size(), 2u + 3000u / 50u + 1u);
}

TEST_F(ApiPhases, KubeletFinalizePointsKubeletConfAtTheRotatingCertificateOnceItExists) {
  auto before = t.files.read("/etc/kubernetes/kubelet.conf").value();
  ASSERT_TRUE(run("kubelet-finalize"));
  EXPECT_EQ(t.files.read("/etc/kubernetes/kubelet.conf").value(), before);  // nothing to point at yet
  EXPECT_TRUE(reporter.said("kubelet-client-current.pem does not exist"));
  EXPECT_TRUE(t.processes.commands.empty());

  ASSERT_TRUE(t.files.write_atomic("/var/lib/kubelet/pki/kubelet-client-current.pem", "cert and key", 0600));
  ASSERT_TRUE(run("kubelet-finalize"));
  auto kubelet = kube::parse_kubeconfig(t.files.read("/etc/kubernetes/kubelet.conf").value()).value();
  EXPECT_EQ(kubelet.client_certificate_file, "/var/lib/kubelet/pki/kubelet-client-current.pem");
  EXPECT_EQ(kubelet.client_key_file, "/var/lib/kubelet/pki/kubelet-client-current.pem");
  EXPECT_TRUE(kubelet.client_certificate_pem.empty());
  EXPECT_EQ(t.files.stat("/etc/kubernetes/kubelet.conf")->mode, 0600u);
  EXPECT_EQ(t.processes.commands, std::vector<std::string>{"systemctl restart kubelet"});
  EXPECT_TRUE(cluster.requests.empty());

  t.processes.commands.clear();
  ASSERT_TRUE(run("kubelet-finalize"));  // already pointing there: no rewrite, no restart
  EXPECT_TRUE(t.processes.commands.empty());
}

TEST_F(ApiPhases, DryRunPrintsRequestsWithoutSendingOrShowingSecrets) {
  config.dry_run = true;
  config.bootstrap_tokens[0].token = "abcdef.0123456789abcdef";
  ASSERT_TRUE(run("", {"preflight", "certs", "kubeconfig", "etcd", "control-plane", "kubelet-start"}));
  EXPECT_TRUE(cluster.requests.empty());
  EXPECT_TRUE(reporter.said("[dryrun] Would POST /api/v1/namespaces/kube-system/secrets"));
  EXPECT_TRUE(reporter.said("Would PATCH /api/v1/nodes/cp1"));
  for (const auto& line : reporter.lines)
    EXPECT_EQ(line.find("MDEyMzQ1Njc4OWFiY2RlZg"), std::string::npos) << line;
}

TEST_F(ApiPhases, AllApiPhasesSendOneRequestPerObject) {
  for (const auto& url : {"http://127.0.0.1:10248/healthz", "https://192.168.1.10:6443/livez",
                          "https://192.168.1.10:6443/readyz", "https://127.0.0.1:10257/healthz",
                          "https://127.0.0.1:10259/livez"})
    prober.failures_before_healthy[url] = 0;
  cluster.put(node());
  ASSERT_TRUE(run("", {"preflight", "certs", "kubeconfig", "etcd", "control-plane", "kubelet-start"}));
  EXPECT_EQ(results["apiRequests"], (json{{"upload-config/kubeadm", 4},
                                          {"upload-config/kubelet", 5},
                                          {"mark-control-plane", 2},
                                          {"bootstrap-token", 9},
                                          {"addon/coredns", 6},
                                          {"addon/kube-proxy", 6}}));
  for (const auto& request : cluster.requests) EXPECT_LT(request.status, 300) << request.line();
  EXPECT_TRUE(reporter.said("not available yet"));  // upload-certs
}

}  // namespace
}  // namespace ks::phases

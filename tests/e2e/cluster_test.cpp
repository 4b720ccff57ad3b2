// `kubestrap init` to the end on a node made of a network namespace and a root directory, with the
// stand-ins for what cannot run here: the systemctl stand-in starts the kubelet stand-in, which runs the
// static Pods kubestrap rendered (Debian's real etcd, the control-plane stand-in). Real kubectl and curl
// then check the cluster kubestrap made. Needs root (network namespaces).
#include <gtest/gtest.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "base/base64.hpp"
#include "base/yaml_reader.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"
#include "tests/support/test_node.hpp"
#include "token/jws.hpp"

namespace ks {
namespace {

using testing::run;

const std::vector<std::string> kInit = {KS_BINARY,
                                        "init",
                                        "--pod-network-cidr",
                                        "10.244.0.0/16",
                                        "--node-name",
                                        "cp1",
                                        "--skip-phases",
                                        "preflight",
                                        "--cri-socket",
                                        "unix:///run/containerd/containerd.sock",
                                        "-o",
                                        "json"};

class Cluster : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
    node_ = new testing::TestNode("kse2e" + std::to_string(getpid()), "10.78.0.10");
    init_ = new host::ProcessResult(node_->exec(kInit));
  }
  static void TearDownTestSuite() {
    delete init_;
    delete node_;
  }

  static host::ProcessResult kubectl(std::vector<std::string> args) {
    return node_->kubectl(std::move(args));
  }
  static nlohmann::json get(std::vector<std::string> args) {
    args.insert(args.begin(), "get");
    args.insert(args.end(), {"-o", "json"});
    auto result = kubectl(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out, nullptr, false);
  }
  static host::ProcessResult curl(std::vector<std::string> args) {
    args.insert(args.begin(), {"curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}"});
    return node_->exec(args);
  }

  static inline testing::TestNode* node_ = nullptr;
  static inline host::ProcessResult* init_ = nullptr;
};

TEST_F(Cluster, InitRunsToTheEndAndPrintsTheJoinCommand) {
  ASSERT_EQ(init_->exit_code, 0) << init_->out << init_->err;
  auto result = nlohmann::json::parse(init_->out);
  EXPECT_EQ(result["apiServerEndpoint"], "10.78.0.10:6443");
  EXPECT_EQ(result["token"].get<std::string>().size(), 23u);
  EXPECT_EQ(result["joinCommand"],
            "kubestrap join 10.78.0.10:6443 --token " + result["token"].get<std::string>() +
                " --discovery-token-ca-cert-hash " + result["caCertHashes"][0].get<std::string>());
}

TEST_F(Cluster, NodeIsReadyLabelledAndTainted) {
  ASSERT_EQ(init_->exit_code, 0);
  auto node = get({"node", "cp1"});
  EXPECT_TRUE(node["metadata"]["labels"].contains("node-role.kubernetes.io/control-plane"));
  EXPECT_EQ(node["spec"]["taints"][0]["key"], "node-role.kubernetes.io/control-plane");
  EXPECT_EQ(node["spec"]["taints"][0]["effect"], "NoSchedule");
  // The kubelet reports MemoryPressure, DiskPressure and PIDPressure before Ready (nodestatus/setters.go).
  std::string ready;
  for (const auto& condition : node["status"]["conditions"])
    if (condition["type"] == "Ready") ready = condition["status"];
  EXPECT_EQ(ready, "True");
}

TEST_F(Cluster, ClusterInfoCarriesAValidSignatureForTheToken) {
  ASSERT_EQ(init_->exit_code, 0);
  auto token = nlohmann::json::parse(init_->out)["token"].get<std::string>();
  auto id = token.substr(0, 6), secret = token.substr(7);
  // The controller manager's bootstrap signer adds the signature shortly after the token exists.
  nlohmann::json info;
  for (int i = 0; i < 100 && !info["data"].contains("jws-kubeconfig-" + id); ++i)
    info = get({"configmap", "cluster-info", "-n", "kube-public"});
  ASSERT_TRUE(info["data"].contains("jws-kubeconfig-" + id)) << info.dump();
  auto kubeconfig = info["data"]["kubeconfig"].get<std::string>();
  EXPECT_TRUE(token::verify_detached_jws(info["data"]["jws-kubeconfig-" + id].get<std::string>(), kubeconfig,
                                         id, secret));
  EXPECT_FALSE(token::verify_detached_jws(info["data"]["jws-kubeconfig-" + id].get<std::string>(), kubeconfig,
                                          id, "0000000000000000"));
  auto parsed = parse_yaml(kubeconfig).value();
  EXPECT_EQ(parsed["clusters"][0]["cluster"]["server"], "https://10.78.0.10:6443");
}

TEST_F(Cluster, AddonsUseThePodCidrAndTheTenthServiceAddress) {
  ASSERT_EQ(init_->exit_code, 0);
  auto proxy = get({"configmap", "kube-proxy", "-n", "kube-system"});
  auto config = parse_yaml(proxy["data"]["config.conf"].get<std::string>()).value();
  EXPECT_EQ(config["clusterCIDR"], "10.244.0.0/16");
  auto dns = get({"service", "kube-dns", "-n", "kube-system"});
  EXPECT_EQ(dns["spec"]["clusterIP"], "10.96.0.10");
  EXPECT_EQ(get({"deployment", "coredns", "-n", "kube-system"})["spec"]["replicas"], 2);
  EXPECT_EQ(get({"daemonset", "kube-proxy", "-n", "kube-system"})["metadata"]["name"], "kube-proxy");
}

TEST_F(Cluster, AnonymousReadsClusterInfoButNotSecrets) {
  ASSERT_EQ(init_->exit_code, 0);
  auto base = std::string("https://10.78.0.10:6443");
  EXPECT_EQ(curl({base + "/api/v1/namespaces/kube-public/configmaps/cluster-info"}).out, "200");
  EXPECT_EQ(curl({base + "/api/v1/namespaces/kube-system/secrets"}).out, "403");
}

TEST_F(Cluster, BootstrapTokenMayCreateACsrButNotListSecrets) {
  ASSERT_EQ(init_->exit_code, 0);
  auto token = nlohmann::json::parse(init_->out)["token"].get<std::string>();
  auto base = std::string("https://10.78.0.10:6443");
  auto bearer = "Authorization: Bearer " + token;
  EXPECT_EQ(curl({"-H", bearer, base + "/api/v1/namespaces/kube-system/secrets"}).out, "403");
  auto csr = run({"sh", "-c",
                  "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null "
                  "-subj /O=system:nodes/CN=system:node:w1 2>/dev/null | base64 -w0"});
  nlohmann::json body = {{"apiVersion", "certificates.k8s.io/v1"},
                         {"kind", "CertificateSigningRequest"},
                         {"metadata", {{"generateName", "csr-"}}},
                         {"spec",
                          {{"request", csr.out},
                           {"signerName", "kubernetes.io/kube-apiserver-client-kubelet"},
                           {"usages", {"digital signature", "client auth"}}}}};
  EXPECT_EQ(curl({"-H", bearer, "-H", "Content-Type: application/json", "-d", body.dump(),
                  base + "/apis/certificates.k8s.io/v1/certificatesigningrequests"})
                .out,
            "201");
  EXPECT_EQ(curl({"-H", "Authorization: Bearer abcdef.0123456789abcdef", base + "/api/v1/nodes"}).out, "401");
}

TEST_F(Cluster, SecondInitFailsWithoutChangingAFile) {
  ASSERT_EQ(init_->exit_code, 0);
  auto before = testing::snapshot(node_->root() + "/etc/kubernetes");
  auto again = node_->exec({KS_BINARY, "init", "--pod-network-cidr", "10.244.0.0/16", "--node-name", "cp1",
                            "--cri-socket", "unix:///run/containerd/containerd.sock"});
  EXPECT_EQ(again.exit_code, 2) << again.out << again.err;  // preflight: ports in use, manifests exist
  EXPECT_NE(again.err.find("Port-6443"), std::string::npos) << again.err;
  EXPECT_EQ(testing::snapshot(node_->root() + "/etc/kubernetes"), before);
}

// The stand-in's realism, through real clients: kubectl's create (protobuf bodies), apply (client-side
// apply with its last-applied annotation), delete and auth can-i (with impersonation).
TEST_F(Cluster, KubectlCreatesAppliesDeletesAndChecksAccess) {
  ASSERT_EQ(init_->exit_code, 0);
  auto created = kubectl({"create", "configmap", "made-by-kubectl", "--from-literal=a=b"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto manifest = node_->root() + "/applied.json";
  auto write = [&](const std::string& value) {
    host::RootFiles("/")
        .write_atomic(manifest,
                      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied",)"
                      R"("namespace":"default"},"data":{"k":")" +
                          value + R"("}})",
                      0644)
        .value();
  };
  write("one");
  EXPECT_NE(kubectl({"apply", "-f", manifest}).out.find("configmap/applied created"), std::string::npos);
  EXPECT_NE(kubectl({"apply", "-f", manifest}).out.find("configmap/applied unchanged"), std::string::npos);
  write("two");
  EXPECT_NE(kubectl({"apply", "-f", manifest}).out.find("configmap/applied configured"), std::string::npos);
  EXPECT_EQ(kubectl({"get", "configmap", "applied", "-o", "jsonpath={.data.k}"}).out, "two");
  EXPECT_EQ(kubectl({"delete", "configmap", "made-by-kubectl", "applied"}).exit_code, 0);
  EXPECT_NE(kubectl({"get", "configmap", "applied"}).err.find("NotFound"), std::string::npos);
  EXPECT_EQ(kubectl({"auth", "can-i", "list", "secrets", "-n", "kube-system"}).out, "yes\n");
  std::vector<std::string> as_joining_node = {
      "--as",       "system:bootstrap:abcdef",
      "--as-group", "system:bootstrappers",
      "--as-group", "system:bootstrappers:kubeadm:default-node-token"};
  auto can = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"auth", "can-i"});
    args.insert(args.end(), as_joining_node.begin(), as_joining_node.end());
    return kubectl(args).out;
  };
  EXPECT_EQ(can({"create", "certificatesigningrequests.certificates.k8s.io"}), "yes\n");
  EXPECT_EQ(can({"get", "configmaps/kubeadm-config", "-n", "kube-system"}), "yes\n");
  EXPECT_EQ(can({"list", "secrets", "-n", "kube-system"}), "no\n");
}

TEST_F(Cluster, TheJavascriptClientWorksWithAdminConf) {
  ASSERT_EQ(init_->exit_code, 0);
  auto result = node_->exec({"node", std::string(KS_SOURCE_DIR) + "/tests/node/client-node-check.mjs",
                             node_->root() + "/etc/kubernetes/admin.conf"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto seen = nlohmann::json::parse(result.out);
  EXPECT_EQ(seen["namespaces"], nlohmann::json({"default", "kube-node-lease", "kube-public", "kube-system"}));
  EXPECT_EQ(seen["clusterInfoKeys"][1], "kubeconfig");
  EXPECT_EQ(seen["created"]["hello"], "world");
}

// `kubestrap token …` and `certs ca-hash` on the control-plane node, against the cluster init made: a new
// token with its one-line join command, signed into cluster-info by the bootstrap signer and accepted by the
// API server; listed with init's; refused when its id is taken; deleted, after which it no longer
// authenticates. The pin equals init's and the openssl pipeline's.
TEST_F(Cluster, TokenCommandsCreateListAndDeleteTokens) {
  ASSERT_EQ(init_->exit_code, 0);
  auto init = nlohmann::json::parse(init_->out);
  auto pin = init["caCertHashes"][0].get<std::string>();
  auto created = node_->exec({KS_BINARY, "token", "create", "--print-join-command", "--description", "e2e"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto line = created.out;
  const std::string head = "kubestrap join 10.78.0.10:6443 --token ";
  ASSERT_TRUE(line.starts_with(head)) << line;
  auto token = line.substr(head.size(), 23);
  EXPECT_EQ(line, head + token + " --discovery-token-ca-cert-hash " + pin + "\n");
  auto id = token.substr(0, 6);

  nlohmann::json info;
  for (int i = 0; i < 100 && !info["data"].contains("jws-kubeconfig-" + id); ++i)
    info = get({"configmap", "cluster-info", "-n", "kube-public"});
  EXPECT_TRUE(info["data"].contains("jws-kubeconfig-" + id)) << info.dump();
  auto as_token = [&] {
    return curl({"-H", "Authorization: Bearer " + token, "https://10.78.0.10:6443/api/v1/nodes/cp1"}).out;
  };
  EXPECT_EQ(as_token(), "200");

  auto listed = node_->exec({KS_BINARY, "token", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(listed.out.starts_with("TOKEN ")) << listed.out;
  EXPECT_NE(listed.out.find(init["token"].get<std::string>() + "   23h "), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find(token + "   23h "), std::string::npos) << listed.out;
  auto as_json = nlohmann::json::parse(node_->exec({KS_BINARY, "token", "list", "-o", "json"}).out);
  EXPECT_EQ(as_json["tokens"].size(), 2u) << as_json.dump();

  auto taken = node_->exec({KS_BINARY, "token", "create", id + ".0000000000000000"});
  EXPECT_NE(taken.exit_code, 0);
  EXPECT_NE(taken.err.find("a token with id \"" + id + "\" already exists"), std::string::npos) << taken.err;

  auto deleted = node_->exec({KS_BINARY, "token", "delete", id});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "bootstrap token \"" + id + "\" deleted\n");
  EXPECT_EQ(as_token(), "401");
  EXPECT_EQ(node_->exec({KS_BINARY, "token", "list"}).out.find(token), std::string::npos);
  auto again = node_->exec({KS_BINARY, "token", "delete", id});
  EXPECT_NE(again.exit_code, 0);

  // A control-plane join command: the key follows the pins (kubeadm's --print-join-command form).
  auto key = std::string(64, 'c');
  auto control_plane = node_->exec(
      {KS_BINARY, "token", "create", "--print-join-command", "--certificate-key", key, "--ttl", "1m"});
  ASSERT_EQ(control_plane.exit_code, 0) << control_plane.err;
  EXPECT_TRUE(control_plane.out.ends_with(pin + " --control-plane --certificate-key " + key + "\n"))
      << control_plane.out;
  node_->exec({KS_BINARY, "token", "delete", control_plane.out.substr(head.size(), 6)});

  auto hash = node_->exec({KS_BINARY, "certs", "ca-hash"});
  EXPECT_EQ(hash.out, pin + "\n");
  auto openssl =
      run({"sh", "-c",
           "openssl x509 -pubkey -noout -in " + node_->root() +
               "/etc/kubernetes/pki/ca.crt | openssl pkey -pubin -outform der | openssl dgst -sha256"});
  EXPECT_EQ("sha256:" + openssl.out.substr(openssl.out.rfind(' ') + 1), pin + "\n");
}

// A second kubelet (own root directory; healthz on 10249 as it shares cp1's network) joins through the
// TLS bootstrap that kubestrap's RBAC objects allow: its bootstrap token sends a CSR, the controller
// manager approves (node-autoapprove-bootstrap) and signs it, and the kubelet registers its Node with
// the new certificate.
TEST_F(Cluster, AKubeletBootstrapsWithTheTokenKubestrapCreated) {
  ASSERT_EQ(init_->exit_code, 0);
  auto token = nlohmann::json::parse(init_->out)["token"].get<std::string>();
  testing::TempDir worker;
  host::RootFiles files(worker.path());
  auto admin =
      kube::parse_kubeconfig(host::RootFiles(node_->root()).read("/etc/kubernetes/admin.conf").value())
          .value();
  kube::Kubeconfig bootstrap{"kubernetes", admin.server, admin.ca_pem, "tls-bootstrap-token-user",
                             "",           "",           token};
  files.write_atomic("/etc/kubernetes/bootstrap-kubelet.conf", kube::render_kubeconfig(bootstrap), 0600)
      .value();
  files
      .write_atomic("/var/lib/kubelet/config.yaml",
                    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                    "healthzPort: 10249\nstaticPodPath: /etc/kubernetes/manifests\n",
                    0644)
      .value();
  files
      .write_atomic("/var/lib/kubelet/kubeadm-flags.env", "KUBELET_KUBEADM_ARGS=\"--hostname-override=w1\"\n",
                    0644)
      .value();
  std::map<std::string, std::string> on_worker = {{"KUBESTRAP_ROOT_DIR", worker.path()}};
  ASSERT_EQ(node_->exec({"systemctl", "restart", "kubelet"}, on_worker).exit_code, 0);
  host::ProcessResult registered;
  for (int i = 0; i < 200 && registered.out != "True"; ++i)
    registered =
        kubectl({"get", "node", "w1", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"});
  node_->exec({"systemctl", "stop", "kubelet"}, on_worker);
  ASSERT_EQ(registered.out, "True") << registered.err << files.read("/var/log/kubelet.log").value_or("");
  auto kubelet_conf = kube::parse_kubeconfig(files.read("/etc/kubernetes/kubelet.conf").value()).value();
  EXPECT_EQ(kubelet_conf.client_certificate_file, "/var/lib/kubelet/pki/kubelet-client-current.pem");
  // The link names a node path; on this machine it lives under the worker's root.
  auto issued = worker.path() + std::filesystem::read_symlink(
                                    worker.path() + "/var/lib/kubelet/pki/kubelet-client-current.pem")
                                    .string();
  auto verify = run({"openssl", "verify", "-CAfile", node_->root() + "/etc/kubernetes/pki/ca.crt", issued});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto subject = run({"openssl", "x509", "-noout", "-subject", "-in", issued});
  EXPECT_NE(subject.out.find("CN = system:node:w1"), std::string::npos) << subject.out;
  auto csrs = get({"csr"});
  bool approved = false;
  for (const auto& csr : csrs["items"])
    if (csr["spec"].value("username", "") == "system:bootstrap:" + token.substr(0, 6))
      approved = csr["status"]["conditions"][0].value("reason", "") == "AutoApproved";
  EXPECT_TRUE(approved) << csrs.dump();
}

// Like kube-apiserver, the stand-in refuses to start when a certificate file of its command line is missing.
TEST(ApiServerStandIn, RefusesToStartWithoutItsServingCertificate) {
  auto result =
      run({STANDIN_BIN_DIR "/ks-control-plane-standin", "kube-apiserver",
           "--tls-cert-file=/nonexistent/apiserver.crt", "--tls-private-key-file=/nonexistent/apiserver.key",
           "--etcd-servers=https://127.0.0.1:2379", "--secure-port=6443"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(
      result.err.find("unable to load server certificate: open /nonexistent/apiserver.crt: No such file"),
      std::string::npos)
      << result.err;
}

// The same init with the API server failing every third request with 500, every seventh by dropping the
// connection and every tenth with 429 (Retry-After: 1), from the first request of every phase on.
TEST(FaultyApiServer, InitStillSucceeds) {
  if (geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
  testing::TestNode node("ksfault" + std::to_string(getpid()), "10.79.0.10");
  auto init = node.exec(kInit, {{"KS_STANDIN_FAULTS", "500/3,drop/7,429/10"}});
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  auto phases = nlohmann::json::parse(init.out)["phases"];
  for (const auto& phase : phases) std::cout << phase.dump() << "\n";
  // Stop the faults (an empty rule list) so that kubectl can check the result.
  host::RootFiles(node.root()).write_atomic("/no-faults", "", 0644).value();
  auto cleared = node.exec({"kubectl", "--kubeconfig", node.root() + "/etc/kubernetes/super-admin.conf",
                            "create", "--raw", "/standin/faults", "-f", node.root() + "/no-faults"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  auto taints = node.kubectl({"get", "node", "cp1", "-o", "jsonpath={.spec.taints[0].key}"});
  EXPECT_EQ(taints.out, "node-role.kubernetes.io/control-plane") << taints.err;
  auto dns =
      node.kubectl({"get", "service", "kube-dns", "-n", "kube-system", "-o", "jsonpath={.spec.clusterIP}"});
  EXPECT_EQ(dns.out, "10.96.0.10") << dns.err;
}

// A v1.33 cluster (another supported minor than the default v1.32) with a controlPlaneEndpoint: v1.33's
// manifests start with the stand-ins and Debian's etcd, and with v1.33's default ControlPlaneKubeletLocalMode
// the kubelet registers through its own API server address while admin.conf uses the endpoint.
// With NodeLocalCRISocket (alpha in 1.33, on by default in 1.34): the CRI socket reaches the kubelet
// through instance-config.yaml and config.yaml rather than a flag, and the Node carries no annotation.
TEST(ClusterAtV133, ComesUpWithTheKubeletOnTheLocalApiServerAndANodeLocalCriSocket) {
  if (geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
  testing::TestNode node("ks133" + std::to_string(getpid()), "10.78.0.10");
  auto args = kInit;
  args.insert(args.end(), {"--kubernetes-version", "v1.33.6", "--control-plane-endpoint", "127.0.0.1:6443",
                           "--feature-gates", "NodeLocalCRISocket=true"});
  auto init = node.exec(args);
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  auto files = host::RootFiles(node.root());
  auto kubelet = kube::parse_kubeconfig(files.read("/etc/kubernetes/kubelet.conf").value()).value();
  EXPECT_EQ(kubelet.server, "https://10.78.0.10:6443");
  auto admin = kube::parse_kubeconfig(files.read("/etc/kubernetes/admin.conf").value()).value();
  EXPECT_EQ(admin.server, "https://127.0.0.1:6443");
  EXPECT_NE(files.read("/etc/kubernetes/manifests/kube-scheduler.yaml").value().find("path: /readyz"),
            std::string::npos);
  auto ready = node.kubectl({"wait", "--for=condition=Ready", "node/cp1", "--timeout=60s"});
  EXPECT_EQ(ready.exit_code, 0) << ready.out << ready.err;
  auto image = node.kubectl({"get", "pod", "-n", "kube-system", "kube-apiserver-cp1", "-o",
                             "jsonpath={.spec.containers[0].image}"});
  EXPECT_EQ(image.out, "registry.k8s.io/kube-apiserver:v1.33.6") << image.err;

  EXPECT_EQ(files.read("/var/lib/kubelet/kubeadm-flags.env").value().find("--container-runtime-endpoint"),
            std::string::npos);
  EXPECT_NE(files.read("/var/lib/kubelet/config.yaml").value().find("containerRuntimeEndpoint: "),
            std::string::npos);
  EXPECT_TRUE(files.exists("/var/lib/kubelet/instance-config.yaml"));
  auto annotations = node.kubectl({"get", "node", "cp1", "-o", "jsonpath={.metadata.annotations}"});
  EXPECT_EQ(annotations.exit_code, 0) << annotations.err;
  EXPECT_EQ(annotations.out.find("kubeadm.alpha.kubernetes.io/cri-socket"), std::string::npos)
      << annotations.out;
}

// An API server that never becomes healthy: init gives up after the configured timeout and names it.
TEST(UnhealthyApiServer, InitFailsWithinTheTimeoutNamingTheComponent) {
  if (geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
  testing::TestNode node("ksdown" + std::to_string(getpid()), "10.80.0.10");
  host::RootFiles(node.root()).make_dirs("/cfg", 0755).value();
  host::RootFiles(node.root())
      .write_atomic("/cfg/init.yaml",
                    "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nnodeRegistration:\n"
                    "  name: cp1\n  criSocket: unix:///run/containerd/containerd.sock\n"
                    "skipPhases: [preflight]\ntimeouts:\n  controlPlaneComponentHealthCheck: 3s\n",
                    0644)
      .value();
  auto start = std::chrono::steady_clock::now();
  auto init = node.exec({KS_BINARY, "init", "--config", node.root() + "/cfg/init.yaml"},
                        {{"KS_STANDIN_FAULTS", "unhealthy"}});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(init.exit_code, 1);
  EXPECT_NE(init.err.find("kube-apiserver not healthy after 3s"), std::string::npos) << init.err;
  EXPECT_EQ(init.err.find("kube-scheduler not"), std::string::npos) << init.err;
  EXPECT_LT(took, std::chrono::seconds(30));
}

}  // namespace
}  // namespace ks

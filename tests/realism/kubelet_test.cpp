// What a 1.32 kubelet shows of itself through the API, as the kubelet stand-in of the cluster must show it:
// the mirror Pods of its static Pods (pkg/kubelet/pod/mirror_client.go, pkg/kubelet/config/common.go), the
// Node it registers and reports (pkg/kubelet/kubelet_node_status.go, pkg/kubelet/nodestatus/setters.go),
// its Lease (pkg/kubelet/util/nodelease.go, component-helpers/apimachinery/lease/controller.go) and its
// client certificate, renewed through a CSR of its own (client-go util/certificate/certificate_manager.go).
// Each test restores what it changes.
#include <regex>

#include "base/base64.hpp"
#include "base/strings.hpp"
#include "tests/realism/realism_cluster.hpp"
#include "tests/realism/realism_polling.hpp"

namespace ks::testing {
namespace {

const std::vector<std::string> kStaticPods = {"etcd", "kube-apiserver", "kube-controller-manager",
                                              "kube-scheduler"};

class Kubelet : public RealismCluster {
 protected:
  static nlohmann::json get_json(std::vector<std::string> args) {
    args.insert(args.end(), {"-o", "json"});
    auto result = kubectl(std::move(args));
    return result.exit_code == 0 ? nlohmann::json::parse(result.out, nullptr, false) : nlohmann::json();
  }
  static nlohmann::json pod(const std::string& name) {
    auto found = get_json({"get", "pod", "-n", "kube-system", name});
    return found.is_object() ? found : nlohmann::json::object();
  }
  // A string of an object by JSON pointer ("/metadata/uid"), empty when it has none.
  static std::string text(const nlohmann::json& object, const std::string& pointer) {
    nlohmann::json::json_pointer at(pointer);
    return object.contains(at) && object[at].is_string() ? object[at].get<std::string>() : "";
  }
  static std::string node_uid() {
    return kubectl({"get", "node", "cp1", "-o", "jsonpath={.metadata.uid}"}).out;
  }
  // The running machine's own file, which the kubelet in the node's network namespace reads too.
  static std::string machine_file(const std::string& file) {
    return std::string(trim(run({"cat", file}).out));
  }
};

TEST_F(Kubelet, ListsAMirrorPodForEachStaticPod) {
  // kubectl prints the server's table (pkg/printers/internalversion/printers.go printPod).
  std::string table;
  ASSERT_TRUE(eventually([&] {
    table = kubectl({"get", "pods", "-n", "kube-system"}).out;
    for (const auto& name : kStaticPods)
      if (!std::regex_search(table, std::regex("\n" + name + "-cp1 +1/1 +Running +0 +[0-9]+[smh]\n")))
        return false;
    return true;
  })) << table;
  EXPECT_TRUE(std::regex_search(table, std::regex("^NAME +READY +STATUS +RESTARTS +AGE\n"))) << table;
}

TEST_F(Kubelet, MirrorPodsCarryTheManifestsAnnotationsAndTheNodesOwnership) {
  ASSERT_TRUE(eventually([&] { return text(pod("etcd-cp1"), "/status/phase") == "Running"; }));
  auto etcd = pod("etcd-cp1");
  const auto& annotations = etcd["metadata"]["annotations"];
  // kubeadm finds the etcd members of an HA join from this annotation (cmd/kubeadm/app/util/etcd/etcd.go).
  EXPECT_EQ(annotations.value("kubeadm.kubernetes.io/etcd.advertise-client-urls", ""),
            "https://" + node().address() + ":2379");
  auto hash = annotations.value("kubernetes.io/config.hash", "");
  EXPECT_TRUE(std::regex_match(hash, std::regex("[0-9a-f]{32}"))) << hash;
  EXPECT_EQ(annotations.value("kubernetes.io/config.mirror", ""), hash);
  EXPECT_EQ(annotations.value("kubernetes.io/config.source", ""), "file");
  EXPECT_TRUE(std::regex_match(annotations.value("kubernetes.io/config.seen", ""),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z)")))
      << annotations.dump();
  EXPECT_EQ(etcd["metadata"]["ownerReferences"],
            nlohmann::json::parse(R"([{"apiVersion":"v1","kind":"Node","name":"cp1","uid":")" + node_uid() +
                                  R"(","controller":true}])"));
  EXPECT_EQ(etcd["spec"].value("nodeName", ""), "cp1");
  EXPECT_NE(etcd["spec"]["tolerations"].dump().find(R"({"effect":"NoExecute","operator":"Exists"})"),
            std::string::npos)
      << etcd["spec"].dump();
  // hostNetwork: the Pod's IP is the node's.
  const auto& status = etcd["status"];
  EXPECT_EQ(status.value("podIP", ""), node().address());
  EXPECT_EQ(status.value("hostIP", ""), node().address());
  EXPECT_EQ(status["containerStatuses"][0].value("ready", false), true) << status.dump();
  EXPECT_TRUE(status["containerStatuses"][0]["state"].contains("running")) << status.dump();
  EXPECT_EQ(status.value("qosClass", ""), "Burstable");
  std::vector<std::string> conditions;
  for (const auto& condition : status["conditions"])
    conditions.push_back(condition.value("type", "") + "=" + condition.value("status", ""));
  EXPECT_EQ(
      join(conditions, ","),
      "PodReadyToStartContainers=True,Initialized=True,Ready=True,ContainersReady=True,PodScheduled=True");

  // kubeadm reads the API server's advertised endpoint from its mirror Pod (GetRawAPIEndpoint).
  auto apiserver = kubectl(
      {"get", "pods", "-n", "kube-system", "-l", "component=kube-apiserver,tier=control-plane", "-o",
       R"(jsonpath={.items[0].metadata.annotations.kubeadm\.kubernetes\.io/kube-apiserver\.advertise-address\.endpoint})"});
  EXPECT_EQ(apiserver.out, node().address() + ":6443") << apiserver.err;
}

TEST_F(Kubelet, RecreatesADeletedMirrorPod) {
  ASSERT_TRUE(eventually([&] { return !pod("kube-scheduler-cp1").empty(); }));
  auto before = text(pod("kube-scheduler-cp1"), "/metadata/uid");
  auto deleted = kubectl({"delete", "pod", "-n", "kube-system", "kube-scheduler-cp1"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_TRUE(eventually([&] {
    auto uid = text(pod("kube-scheduler-cp1"), "/metadata/uid");
    return !uid.empty() && uid != before;
  }));
}

TEST_F(Kubelet, ReplacesTheMirrorPodWhenTheManifestChangesAndDeletesItWhenTheManifestGoes) {
  const std::string manifest = "/etc/kubernetes/manifests/kube-scheduler.yaml";
  auto original = run({"cat", path(manifest)}).out;
  ASSERT_NE(original.find("metadata:\n"), std::string::npos);
  ASSERT_TRUE(eventually([&] { return !pod("kube-scheduler-cp1").empty(); }));
  const std::string hash_at = "/metadata/annotations/kubernetes.io~1config.hash";
  const std::string mirror_at = "/metadata/annotations/kubernetes.io~1config.mirror";
  auto hash = text(pod("kube-scheduler-cp1"), hash_at);
  struct Restore {
    std::string manifest, text;
    ~Restore() { write(manifest, text, 0600); }
  } restore{manifest, original};

  auto changed = original;
  changed.insert(changed.find("metadata:\n") + 10, "  annotations:\n    realism.example/changed: \"yes\"\n");
  write(manifest, changed, 0600);
  EXPECT_TRUE(eventually([&] {
    auto now = pod("kube-scheduler-cp1");
    return text(now, "/metadata/annotations/realism.example~1changed") == "yes" &&
           text(now, hash_at) != hash && text(now, mirror_at) == text(now, hash_at);
  }));

  run({"rm", path(manifest)});
  EXPECT_TRUE(eventually([&] {
    auto gone = kubectl({"get", "pod", "-n", "kube-system", "kube-scheduler-cp1"});
    return server_error(gone.err).first == "NotFound";
  }));

  write(manifest, original, 0600);
  EXPECT_TRUE(eventually([&] { return text(pod("kube-scheduler-cp1"), mirror_at) == hash; }));
}

TEST_F(Kubelet, ReportsItsNodeAsTheKubeletDoes) {
  // Debian's python3-kubernetes refuses a NodeSystemInfo without any of its fields.
  auto listed = python(
      "from kubernetes import client, config\n"
      "config.load_kube_config()\n"
      "n = [x for x in client.CoreV1Api().list_node().items if x.metadata.name == 'cp1'][0]\n"
      "i = n.status.node_info\n"
      "print(i.operating_system, i.architecture, i.kubelet_version, i.kube_proxy_version,\n"
      "      i.container_runtime_version)\n"
      "print(i.boot_id, i.machine_id, i.kernel_version)\n"
      "print(','.join(a.type + '=' + a.address for a in n.status.addresses))\n"
      "print(','.join(c.type + '=' + c.status + '/' + c.reason for c in n.status.conditions))\n"
      "print(n.status.daemon_endpoints.kubelet_endpoint.port, n.status.capacity['pods'])\n");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
#if defined(__x86_64__)
  const std::string architecture = "amd64";
#elif defined(__aarch64__)
  const std::string architecture = "arm64";
#endif
  EXPECT_EQ(listed.out,
            "linux " + architecture + " v1.32.4 v1.32.4 containerd://1.6.20\n" +
                machine_file("/proc/sys/kernel/random/boot_id") + " " + machine_file("/etc/machine-id") +
                " " + machine_file("/proc/sys/kernel/osrelease") +
                "\n"
                // Without --node-ip: the address of the default route's interface, the node name not being
                // in the hosts file.
                "InternalIP=" +
                node().address() +
                ",Hostname=cp1\n"
                "MemoryPressure=False/KubeletHasSufficientMemory,DiskPressure=False/KubeletHasNoDiskPressure,"
                "PIDPressure=False/KubeletHasSufficientPID,Ready=True/KubeletReady\n"
                "10250 110\n");

  auto cp1 = get_json({"get", "node", "cp1"});
  for (const char* resource : {"cpu", "memory", "ephemeral-storage", "pods"}) {
    EXPECT_TRUE(cp1["status"]["capacity"].contains(resource)) << resource;
    EXPECT_TRUE(cp1["status"]["allocatable"].contains(resource)) << resource;
  }
  EXPECT_NE(cp1["status"]["capacity"]["memory"], cp1["status"]["allocatable"]["memory"]);  // 100Mi held back
  EXPECT_EQ(cp1["metadata"]["labels"].value("kubernetes.io/arch", ""), architecture);
  EXPECT_EQ(
      cp1["metadata"]["annotations"].value("volumes.kubernetes.io/controller-managed-attach-detach", ""),
      "true");
  auto wide = kubectl({"get", "node", "cp1", "-o", "wide", "--no-headers"}).out;
  EXPECT_TRUE(std::regex_search(
      wide, std::regex("^cp1 +Ready +control-plane +\\S+ +v1.32.4 +" + node().address() + " +<none> +.+ +" +
                       machine_file("/proc/sys/kernel/osrelease") + " +containerd://1.6.20\n$")))
      << wide;
}

TEST_F(Kubelet, RenewsItsLease) {
  nlohmann::json lease;
  ASSERT_TRUE(eventually([&] {
    lease = get_json({"get", "lease", "-n", "kube-node-lease", "cp1"});
    return !lease.is_null() && !lease["metadata"]["ownerReferences"].is_null();
  })) << lease.dump();
  EXPECT_EQ(lease["spec"].value("holderIdentity", ""), "cp1");
  EXPECT_EQ(lease["spec"].value("leaseDurationSeconds", 0), 40);
  EXPECT_EQ(lease["metadata"]["ownerReferences"],
            nlohmann::json::parse(R"([{"apiVersion":"v1","kind":"Node","name":"cp1","uid":")" + node_uid() +
                                  R"("}])"));
  auto first = lease["spec"].value("renewTime", "");
  EXPECT_TRUE(std::regex_match(first, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)"))) << first;
  // Renewed every quarter of the lease's duration: a new renewTime within 10 s and some slack.
  EXPECT_TRUE(eventually(
      [&] {
        return kubectl({"get", "lease", "-n", "kube-node-lease", "cp1", "-o", "jsonpath={.spec.renewTime}"})
                   .out != first;
      },
      25));
}

TEST_F(Kubelet, RenewsTheClientCertificateKubeadmGaveItThroughACsrOfItsOwn) {
  // kubelet.conf of kubeadm init embeds a client certificate: the certificate manager stores it and renews
  // it at once, asking as the node itself, which the approver takes as selfnodeclient.
  // kubeadm's kubelet-finalize restarts the kubelet soon after init. When that restart comes before the
  // renewal's CSR was sent, the restarted kubelet finds the stored pair and, like a real one
  // (getCurrentCertificateOrBootstrap), renews it only at 70-90% of its life: then there is nothing to see
  // here, and the renewal as the node is shown by the bootstrap test below.
  nlohmann::json renewal;
  bool cut_off = false;
  ASSERT_TRUE(eventually([&] {
    bool sent = false;
    for (const auto& csr : get_json({"get", "csr"})["items"])
      if (csr["spec"].value("username", "") == "system:node:cp1") {
        sent = true;
        if (csr["status"].contains("certificate")) renewal = csr;
      }
    auto starts = run({"grep", "-c", "kubelet: node cp1 registered", path("/var/log/kubelet.log")}).out;
    cut_off = !sent && std::atoi(starts.c_str()) >= 2;
    return !renewal.is_null() || cut_off;
  })) << run({"tail", "-30", path("/var/log/kubelet.log")}).out;
  if (cut_off) GTEST_SKIP() << "kubelet-finalize restarted the kubelet before it sent its renewal";
  auto name = renewal["metadata"].value("name", "");
  EXPECT_TRUE(name.starts_with("csr-")) << name;
  EXPECT_EQ(renewal["spec"].value("signerName", ""), "kubernetes.io/kube-apiserver-client-kubelet");
  EXPECT_EQ(renewal["spec"]["usages"], nlohmann::json::parse(R"(["digital signature","client auth"])"));
  EXPECT_EQ(renewal["status"]["conditions"][0].value("message", ""),
            "Auto approving self kubelet client certificate after SubjectAccessReview.");
  auto listed = kubectl({"get", "csr", name, "--no-headers"}).out;
  EXPECT_TRUE(std::regex_search(
      listed,
      std::regex(name + " +\\S+ +kubernetes.io/kube-apiserver-client-kubelet +system:node:cp1 +<none> +"
                        "Approved,Issued\n")))
      << listed;

  // The certificate store: kubelet-client-current.pem links to a kubelet-client-<time>.pem. Which pair it
  // holds depends on whether the renewal was stored before kubeadm's kubelet-finalize restarted the
  // kubelet (a restarted kubelet keeps a stored, unexpired pair: getCurrentCertificateOrBootstrap).
  auto target = run({"readlink", path("/var/lib/kubelet/pki/kubelet-client-current.pem")}).out;
  EXPECT_TRUE(std::regex_match(
      target, std::regex(R"(/var/lib/kubelet/pki/kubelet-client-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.pem\n)")))
      << target;
  auto subject = run({"openssl", "x509", "-noout", "-subject", "-in", path(std::string(trim(target)))}).out;
  EXPECT_EQ(subject, "subject=O = system:nodes, CN = system:node:cp1\n");
}

// A second kubelet on the node's network, joining as w-boot with the cluster's bootstrap token: its TLS
// bootstrap (pkg/kubelet/certificate/bootstrap/bootstrap.go) names the CSR after its key and subject
// (digestedName), then the stand-in renews the certificate once as the node (a real kubelet does that at
// 70-90% of the certificate's life).
TEST_F(Kubelet, BootstrapsThroughANodeCsrNamedAfterItsKeyThenRenewsAsTheNode) {
  const std::string root = "/realism/w-boot";
  auto token = init_result()["token"].get<std::string>();
  write(root + "/etc/systemd/system/kubelet.service",
        "[Service]\nExecStart=/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf "
        "--kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml "
        "--hostname-override=w-boot --node-ip=" +
            node().address() + "\n");
  write(root + "/var/lib/kubelet/config.yaml",
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nhealthzPort: 10349\n");
  write(root + "/etc/kubernetes/bootstrap-kubelet.conf",
        "apiVersion: v1\nkind: Config\nclusters:\n- name: kubernetes\n  cluster:\n    server: " + server() +
            "\n    certificate-authority-data: " +
            base64_encode(run({"cat", path("/etc/kubernetes/pki/ca.crt")}).out) +
            "\nusers:\n- name: tls-bootstrap-token-user\n  user:\n    token: " + token +
            "\ncontexts:\n- name: tls-bootstrap-token-user@kubernetes\n  context:\n    cluster: kubernetes\n"
            "    user: tls-bootstrap-token-user\ncurrent-context: tls-bootstrap-token-user@kubernetes\n",
        0600);
  auto started = node().exec({"sh", "-c",
                              "setsid " STANDIN_BIN_DIR "/ks-kubelet-standin >" +
                                  path(root + "/kubelet.log") + " 2>&1 </dev/null & echo $!"},
                             {{"KUBESTRAP_ROOT_DIR", path(root)}});
  struct Stop {
    std::string pid;
    ~Stop() {
      run({"kill", pid});
      kubectl({"delete", "node", "w-boot", "--ignore-not-found"});
      kubectl({"delete", "lease", "-n", "kube-node-lease", "w-boot", "--ignore-not-found"});
    }
  } stop{std::string(trim(started.out))};

  nlohmann::json bootstrap, renewal;
  ASSERT_TRUE(eventually([&] {
    auto csrs = get_json({"get", "csr"});
    for (const auto& csr : csrs["items"]) {
      auto user = csr["spec"].value("username", "");
      if (!csr["status"].contains("certificate")) continue;
      if (user == "system:bootstrap:" + token.substr(0, 6)) bootstrap = csr;
      if (user == "system:node:w-boot") renewal = csr;
    }
    return !bootstrap.is_null() && !renewal.is_null();
  })) << run({"cat", path(root + "/kubelet.log")}).out;
  struct Forget {
    std::vector<std::string> names;
    ~Forget() {
      for (const auto& name : names) kubectl({"delete", "csr", name, "--ignore-not-found"});
    }
  } forget{{bootstrap["metadata"].value("name", ""), renewal["metadata"].value("name", "")}};

  // node-csr-<base64url of SHA-512/256 over base64url(DER public key)|CN|O|usages|, each followed by '|'>.
  auto der =
      run({"sh", "-c",
           "printf %s '" + bootstrap["spec"].value("request", "") +
               "' | base64 -d | openssl req -pubkey -noout | openssl pkey -pubin -outform DER | base64 -w0"})
          .out;
  std::string stream;
  for (const auto& part :
       {base64_decode(der).value_or(""), std::string("system:node:w-boot"), std::string("system:nodes"),
        std::string("digital signature"), std::string("client auth")})
    stream += base64url_encode(part) + "|";
  auto digest =
      run({"sh", "-c", "printf %s '" + stream + "' | openssl dgst -sha512-256 -binary | base64 -w0"}).out;
  EXPECT_EQ(bootstrap["metadata"].value("name", ""),
            "node-csr-" + base64url_encode(base64_decode(digest).value_or("")));
  EXPECT_EQ(bootstrap["status"]["conditions"][0].value("message", ""),
            "Auto approving kubelet client certificate after SubjectAccessReview.");
  EXPECT_TRUE(renewal["metadata"].value("name", "").starts_with("csr-"));
  EXPECT_EQ(renewal["status"]["conditions"][0].value("message", ""),
            "Auto approving self kubelet client certificate after SubjectAccessReview.");

  // writeKubeconfigFromBootstrapping: the kubeconfig names the certificate store's current pair.
  auto kubeconfig = run({"cat", path(root + "/etc/kubernetes/kubelet.conf")}).out;
  EXPECT_NE(kubeconfig.find("current-context: default-context\n"), std::string::npos) << kubeconfig;
  EXPECT_NE(kubeconfig.find("client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n"),
            std::string::npos)
      << kubeconfig;
  EXPECT_NE(run({"test", "-e", path(root + "/var/lib/kubelet/pki/kubelet-client.key.tmp")}).exit_code, 0);
  // The renewed pair is the one in use: the store's current link holds the certificate issued last.
  auto renewed =
      run({"sh", "-c", "printf %s '" + renewal["status"].value("certificate", "") + "' | base64 -d"}).out;
  EXPECT_TRUE(eventually([&] {
    // The link holds the path on the kubelet's own machine, inside its root here.
    auto target = run({"readlink", path(root + "/var/lib/kubelet/pki/kubelet-client-current.pem")}).out;
    return run({"cat", path(root + std::string(trim(target)))}).out.starts_with(renewed);
  }));
  EXPECT_TRUE(eventually([&] {
    return kubectl(
               {"get", "node", "w-boot", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"})
               .out == "True";
  }));
}

}  // namespace
}  // namespace ks::testing

// The real kubectl reads every kubeconfig kubestrap writes; the data it embeds matches the PKI on disk.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/base64.hpp"
#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using testing::run;

TEST(Kubectl, ReadsEveryKubeconfigAndItsEmbeddedData) {
  if (!testing::on_path("kubectl")) GTEST_SKIP() << "kubectl is not installed";
  testing::TempDir root;
  auto init =
      testing::kubestrap({"init", "--dry-run", "--root-dir", root.path(), "--node-name", "cp1",
                          "--apiserver-advertise-address", "192.168.1.10", "--control-plane-endpoint",
                          "cp.example.com", "--cri-socket", "unix:///run/containerd/containerd.sock"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  auto k = root.path() + "/etc/kubernetes/";
  auto ca = host::RootFiles("/").read(k + "pki/ca.crt").value();
  struct Expected {
    std::string file, user, server;
  };
  for (const auto& e : std::vector<Expected>{
           {"admin.conf", "kubernetes-admin", "https://cp.example.com:6443"},
           {"super-admin.conf", "kubernetes-super-admin", "https://cp.example.com:6443"},
           {"kubelet.conf", "system:node:cp1", "https://cp.example.com:6443"},
           {"controller-manager.conf", "system:kube-controller-manager", "https://192.168.1.10:6443"},
           {"scheduler.conf", "system:kube-scheduler", "https://192.168.1.10:6443"}}) {
    SCOPED_TRACE(e.file);
    auto view = run({"kubectl", "config", "view", "--raw", "-o", "json", "--kubeconfig", k + e.file});
    ASSERT_EQ(view.exit_code, 0) << view.err;
    auto config = nlohmann::json::parse(view.out);
    EXPECT_EQ(config["current-context"], e.user + "@kubernetes");
    EXPECT_EQ(config["clusters"][0]["name"], "kubernetes");
    EXPECT_EQ(config["clusters"][0]["cluster"]["server"], e.server);
    EXPECT_EQ(base64_decode(config["clusters"][0]["cluster"]["certificate-authority-data"].get<std::string>())
                  .value(),
              ca);
    EXPECT_EQ(config["users"][0]["name"], e.user);
    auto contexts = run({"kubectl", "config", "get-contexts", "-o", "name", "--kubeconfig", k + e.file});
    EXPECT_EQ(contexts.out, e.user + "@kubernetes\n");
    // The embedded client certificate is signed by the cluster CA and matches the embedded key.
    auto cert_file = root.path() + "/client.crt", key_file = root.path() + "/client.key";
    host::RootFiles("/")
        .write_atomic(
            cert_file,
            base64_decode(config["users"][0]["user"]["client-certificate-data"].get<std::string>()).value(),
            0600)
        .value();
    host::RootFiles("/")
        .write_atomic(key_file,
                      base64_decode(config["users"][0]["user"]["client-key-data"].get<std::string>()).value(),
                      0600)
        .value();
    EXPECT_EQ(run({"openssl", "verify", "-CAfile", k + "pki/ca.crt", cert_file}).exit_code, 0);
    EXPECT_EQ(run({"openssl", "x509", "-in", cert_file, "-noout", "-pubkey"}).out,
              run({"openssl", "pkey", "-in", key_file, "-pubout"}).out);
    EXPECT_NE(run({"openssl", "x509", "-in", cert_file, "-noout", "-subject"}).out.find("CN = " + e.user),
              std::string::npos);
  }
}

}  // namespace
}  // namespace ks

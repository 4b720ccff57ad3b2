// The supported Kubernetes minors as a user meets them on the command line: `config images list` and
// `init --dry-run` for each minor, and the refusal of any other minor before anything is written.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using testing::kubestrap;

TEST(ReleasesCli, ImagesListPrintsTheImagesOfTheGivenMinor) {
  auto v31 = kubestrap({"config", "images", "list", "--kubernetes-version", "v1.31.7"});
  ASSERT_EQ(v31.exit_code, 0) << v31.err;
  EXPECT_EQ(v31.out,
            "registry.k8s.io/kube-apiserver:v1.31.7\n"
            "registry.k8s.io/kube-controller-manager:v1.31.7\n"
            "registry.k8s.io/kube-scheduler:v1.31.7\n"
            "registry.k8s.io/kube-proxy:v1.31.7\n"
            "registry.k8s.io/coredns/coredns:v1.11.3\n"
            "registry.k8s.io/pause:3.10\n"
            "registry.k8s.io/etcd:3.5.24-0\n");
  auto v34 = kubestrap({"config", "images", "list", "--kubernetes-version", "1.34.2"});
  ASSERT_EQ(v34.exit_code, 0) << v34.err;
  EXPECT_NE(v34.out.find("registry.k8s.io/pause:3.10.1\n"), std::string::npos) << v34.out;
  EXPECT_NE(v34.out.find("registry.k8s.io/etcd:3.6.5-0\n"), std::string::npos) << v34.out;
  EXPECT_NE(v34.out.find("registry.k8s.io/coredns/coredns:v1.12.1\n"), std::string::npos) << v34.out;
}

TEST(ReleasesCli, AnUnsupportedMinorIsRefusedWithTheRangeAndNothingIsWritten) {
  for (auto version : {"v1.30.14", "v1.35.0"}) {
    SCOPED_TRACE(version);
    auto images = kubestrap({"config", "images", "list", "--kubernetes-version", version});
    EXPECT_EQ(images.exit_code, 3);
    EXPECT_NE(images.err.find(std::string("Kubernetes ") + version + " is not supported"), std::string::npos)
        << images.err;
    EXPECT_NE(images.err.find("v1.31 to v1.34"), std::string::npos) << images.err;

    testing::TempDir root;
    auto before = testing::snapshot(root.path());
    auto init = kubestrap({"init", "--dry-run", "--root-dir", root.path(), "--kubernetes-version", version,
                           "--node-name", "cp1", "--apiserver-advertise-address", "192.168.1.10"});
    EXPECT_EQ(init.exit_code, 3) << init.out << init.err;
    EXPECT_EQ(testing::snapshot(root.path()), before);
  }
}

// kubeadm's ControlPlaneKubeletLocalMode, on by default from 1.33 (kubernetes/kubernetes#129956): with a
// controlPlaneEndpoint, init's kubelet.conf points at this node's own API server; 1.31 and 1.32 point it at
// the endpoint, as every other kubeconfig; a featureGates entry decides either way.
TEST(ReleasesCli, KubeletConfServerFollowsTheMinorsLocalModeDefault) {
  auto server_of = [](const std::string& root, const std::string& file) {
    auto text = host::RootFiles(root).read("/etc/kubernetes/" + file).value();
    auto at = text.find("server: ");
    return text.substr(at + 8, text.find('\n', at) - at - 8);
  };
  struct Case {
    std::string version, gates, kubelet_server;
  };
  for (const auto& c :
       std::vector<Case>{{"v1.32.10", "", "https://api.example.com:6443"},
                         {"v1.33.6", "", "https://192.168.1.10:6443"},
                         {"v1.34.2", "", "https://192.168.1.10:6443"},
                         {"v1.34.2", "ControlPlaneKubeletLocalMode=false", "https://api.example.com:6443"},
                         {"v1.31.14", "ControlPlaneKubeletLocalMode=true", "https://192.168.1.10:6443"}}) {
    SCOPED_TRACE(c.version + " " + c.gates);
    testing::TempDir root;
    std::vector<std::string> args = {"init",
                                     "--dry-run",
                                     "--root-dir",
                                     root.path(),
                                     "--kubernetes-version",
                                     c.version,
                                     "--node-name",
                                     "cp1",
                                     "--apiserver-advertise-address",
                                     "192.168.1.10",
                                     "--control-plane-endpoint",
                                     "api.example.com",
                                     "--cri-socket",
                                     "unix:///run/containerd/containerd.sock"};
    if (!c.gates.empty()) args.insert(args.end(), {"--feature-gates", c.gates});
    auto init = kubestrap(args);
    ASSERT_EQ(init.exit_code, 0) << init.err;
    EXPECT_EQ(server_of(root.path(), "kubelet.conf"), c.kubelet_server);
    EXPECT_EQ(server_of(root.path(), "admin.conf"), "https://api.example.com:6443");
  }
}

TEST(ReleasesCli, VersionListsTheSupportedMinorsWithTheirImages) {
  auto version = kubestrap({"version", "-o", "json"});
  ASSERT_EQ(version.exit_code, 0) << version.err;
  auto document = nlohmann::json::parse(version.out);
  const auto& minors = document["supportedKubernetesMinors"];
  ASSERT_EQ(minors.size(), 4u);
  EXPECT_EQ(minors[0]["minor"], "v1.31");
  auto gates = minors[3]["featureGates"];
  EXPECT_EQ(minors[3].size(), 5u);
  EXPECT_EQ(minors[3]["etcd"], "3.6.5-0");
  EXPECT_EQ(minors[3]["coredns"], "v1.12.1");
  EXPECT_EQ(minors[3]["pause"], "3.10.1");
  EXPECT_EQ(gates[1], (nlohmann::json{{"name", "NodeLocalCRISocket"}, {"stage", "BETA"}, {"default", true}}));
  EXPECT_EQ(gates.size(), 5u);
  EXPECT_EQ(minors[0]["featureGates"][1],
            (nlohmann::json{{"name", "EtcdLearnerMode"}, {"stage", "BETA"}, {"default", true}}));
}

}  // namespace
}  // namespace ks

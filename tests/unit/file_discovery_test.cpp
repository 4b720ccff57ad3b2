// --discovery-file (join/file_discovery.hpp): a kubeconfig on this machine or at an https URL names the
// cluster; what it must hold, and what is refused.
#include <gtest/gtest.h>

#include "join/file_discovery.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

const std::string kCa = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

class FileDiscovery : public ::testing::Test {
 protected:
  std::string write(const std::string& content) {
    auto path = directory.path() + "/discovery.conf";
    host::RootFiles("/").write_atomic(path, content, 0600).value();
    return path;
  }
  testing::TempDir directory;
  testing::FakeCluster cluster;
  testing::FakeApiFactory https{cluster};
};

TEST_F(FileDiscovery, AKubeconfigWithATokenGivesTheClusterAndTheCredential) {
  kube::Kubeconfig given{"kubernetes", "https://10.0.0.10:6443", kCa, "joiner", "",
                         "",           "abcdef.0123456789abcdef"};
  auto found = joining::read_discovery_file(write(kube::render_kubeconfig(given)), https);
  ASSERT_TRUE(found) << found.error().message();
  EXPECT_EQ(found->server, "https://10.0.0.10:6443");
  EXPECT_EQ(found->ca_pem, kCa);
  EXPECT_EQ(found->token, "abcdef.0123456789abcdef");
  EXPECT_TRUE(cluster.requests.empty());
}

TEST_F(FileDiscovery, ClusterInfosDocumentAloneIsEnough) {
  auto published = kube::render_cluster_only_kubeconfig({"", "https://10.0.0.10:6443", kCa, "", "", "", ""});
  auto found = joining::read_discovery_file(write(published), https);
  ASSERT_TRUE(found) << found.error().message();
  EXPECT_EQ(found->server, "https://10.0.0.10:6443");
  EXPECT_TRUE(found->token.empty());
}

TEST_F(FileDiscovery, RefusesWhatCannotBeTrusted) {
  for (const auto& [document, why] : std::vector<std::pair<kube::Kubeconfig, std::string>>{
           {{"kubernetes", "https://10.0.0.10:6443", "", "u", "", "", "t"}, "names no CA"},
           {{"kubernetes", "http://10.0.0.10:6443", kCa, "u", "", "", "t"}, "is not an https URL"}}) {
    auto found = joining::read_discovery_file(write(kube::render_kubeconfig(document)), https);
    ASSERT_FALSE(found);
    EXPECT_NE(found.error().message().find(why), std::string::npos) << found.error().message();
    EXPECT_FALSE(found.error().fix.empty());
  }
  auto missing = joining::read_discovery_file(directory.path() + "/none.conf", https);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("none.conf"), std::string::npos) << missing.error().message();
}

}  // namespace
}  // namespace ks

// Token discovery (join/discovery.hpp) against the in-memory API with a fake clock: what it trusts, what it
// refuses and why, how long it waits and how many requests it sends — kubeadm's discovery/token rules.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "certs/pin.hpp"
#include "join/discovery.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/test_ca.hpp"
#include "token/jws.hpp"

namespace ks {
namespace {

using namespace std::chrono_literals;

const std::string kClusterInfo = "/api/v1/namespaces/kube-public/configmaps/cluster-info";
const std::string kToken = "abcdef.0123456789abcdef";
const std::string kReview = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

class Discovery : public ::testing::Test {
 protected:
  Discovery() {
    auto ca = testing::make_test_ca();
    ca_pem = ca.pem;
    pin = ca.pin;
    kube::Kubeconfig published{"", "https://10.0.0.10:6443", ca_pem, "", "", "", ""};
    kubeconfig = kube::render_cluster_only_kubeconfig(published);
  }

  // cluster-info as kubeadm publishes it, signed for `token` as the bootstrap signer does.
  void publish(const std::string& signed_for = kToken, const std::string& document = "") {
    auto text = document.empty() ? kubeconfig : document;
    nlohmann::json data = {{"kubeconfig", text}};
    if (!signed_for.empty())
      data["jws-kubeconfig-" + signed_for.substr(0, 6)] =
          token::detached_jws(text, signed_for.substr(0, 6), signed_for.substr(7));
    cluster.put({{"apiVersion", "v1"},
                 {"kind", "ConfigMap"},
                 {"metadata", {{"name", "cluster-info"}, {"namespace", "kube-public"}}},
                 {"data", data}});
  }

  Result<joining::DiscoveredCluster> discover(std::vector<std::string> pins = {}) {
    joining::DiscoverySettings settings{"10.0.0.10:6443", token::TokenString::parse(kToken).value(),
                                        pins.empty() ? std::vector<std::string>{pin} : pins};
    return joining::discover_cluster(settings, {factory, factory}, clock,
                                     [this](const std::string& line) { progress.push_back(line); });
  }

  testing::FakeCluster cluster;
  testing::FakeApiFactory factory{cluster};
  host::FakeClock clock{std::chrono::system_clock::now()};
  std::vector<std::string> progress;
  std::string ca_pem, pin, kubeconfig;
};

TEST_F(Discovery, TrustsAPinnedCaInTwoRequestsWithoutWaiting) {
  publish();
  auto found = discover();
  ASSERT_TRUE(found) << found.error().message();
  EXPECT_EQ(found->cluster.server, "https://10.0.0.10:6443");
  EXPECT_EQ(found->cluster.ca_pem, ca_pem);
  EXPECT_EQ(found->requests, 2);
  EXPECT_EQ(cluster.request_lines(),
            (std::vector<std::string>{"GET " + kClusterInfo, "GET " + kClusterInfo}));
  EXPECT_TRUE(clock.slept.empty());
}

TEST_F(Discovery, WaitsSoonerAtFirstForTheSignatureThenUsesIt) {
  publish("");
  int reads = 0;
  cluster.before_answer = [&](const testing::RecordedRequest&) {
    if (++reads == 3) publish();  // the controller manager signs it between the second and third read
  };
  auto found = discover();
  ASSERT_TRUE(found) << found.error().message();
  EXPECT_EQ(clock.slept, (std::vector<std::chrono::nanoseconds>{500ms, 1s}));
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress[0].find("no signature for token id \"abcdef\""), std::string::npos) << progress[0];
}

TEST_F(Discovery, AnUnknownTokenTimesOutAfterTheDiscoveryTimeoutWithTheFix) {
  publish("zzzzzz.0123456789abcdef");
  // Asked at the end, the API server does not accept the token (deleted or expired).
  cluster.fail_next("POST", kReview, 401);
  auto found = discover();
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().why.find("no signature for token id \"abcdef\""), std::string::npos);
  EXPECT_NE(found.error().why.find("the cluster does not accept this token"), std::string::npos)
      << found.error().why;
  EXPECT_NE(found.error().fix.find("kubestrap token create --print-join-command"), std::string::npos);
  // Waits of 0.5, 1, 2 and 4 s, then 5 s (kubeadm's interval) up to the 5 minutes: reads at 0, 0.5, 1.5, 3.5,
  // 7.5, 12.5, … 297.5 s; another wait would pass the deadline.
  EXPECT_EQ(clock.slept.size(), 62u);
  ASSERT_EQ(cluster.requests.size(), 64u);
  EXPECT_EQ(clock.slept[4], 5s);
  EXPECT_EQ(progress.size(), 1u);  // the same reason is said once
  // The question carried the token, so it went only to the pinned cluster, over TLS verified by its CA.
  const auto& review = cluster.requests.back();
  EXPECT_EQ(review.line(), "POST " + kReview);
  EXPECT_EQ(review.user, "token-bootstrap-client");
}

TEST_F(Discovery, ATokenTheClusterAcceptsButNeverSignsForIsNamedAsSuch) {
  publish("zzzzzz.0123456789abcdef");
  auto found = discover();
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().why.find("the token is not for signing"), std::string::npos) << found.error().why;
  EXPECT_NE(found.error().fix.find("usages signing and authentication"), std::string::npos);
}

TEST_F(Discovery, WithoutAPinTheTokenIsNeverSentToTheServer) {
  publish("zzzzzz.0123456789abcdef");
  joining::DiscoverySettings settings{"10.0.0.10:6443", token::TokenString::parse(kToken).value(), {}, true};
  auto found = joining::discover_cluster(settings, {factory, factory}, clock, [](const std::string&) {});
  ASSERT_FALSE(found);
  for (const auto& request : cluster.requests) EXPECT_EQ(request.line(), "GET " + kClusterInfo);
  EXPECT_EQ(found.error().why.find("accept"), std::string::npos) << found.error().why;
}

TEST_F(Discovery, AWrongSecretIsRefusedAtOnceAndTheServerIsNotTrusted) {
  publish("abcdef.ffffffffffffffff");
  auto found = discover();
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().why.find("signature for token id \"abcdef\" does not match"), std::string::npos);
  EXPECT_EQ(cluster.requests.size(), 1u);  // no second, verified read
  EXPECT_TRUE(clock.slept.empty());
}

TEST_F(Discovery, AnotherCaIsRefusedShowingThePinItPresented) {
  publish();
  auto wrong = "sha256:" + std::string(64, '0');
  auto found = discover({wrong});
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().why.find("it presented " + pin), std::string::npos) << found.error().why;
  EXPECT_NE(found.error().why.find(wrong), std::string::npos);
  EXPECT_NE(found.error().fix.find("kubestrap certs ca-hash"), std::string::npos);
  EXPECT_EQ(cluster.requests.size(), 1u);
  // Any one matching pin of several is enough.
  EXPECT_TRUE(discover({wrong, pin}));
}

TEST_F(Discovery, ADocumentThatChangesBetweenTheTwoReadsIsRefused) {
  publish();
  int reads = 0;
  cluster.before_answer = [&](const testing::RecordedRequest&) {
    if (++reads == 2) publish(kToken, kubeconfig + "# changed\n");
  };
  auto found = discover();
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().why.find("differs from the first read"), std::string::npos);
}

TEST_F(Discovery, ClusterInfoWithoutAKubeconfigOrWithTwoClustersIsRefused) {
  cluster.put({{"apiVersion", "v1"},
               {"kind", "ConfigMap"},
               {"metadata", {{"name", "cluster-info"}, {"namespace", "kube-public"}}},
               {"data", {{"other", "x"}}}});
  auto missing = discover();
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().why.find("holds no kubeconfig"), std::string::npos);
  EXPECT_TRUE(clock.slept.empty());

  auto two =
      "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://a\n- name: b\n"
      "  cluster:\n    server: https://b\n";
  publish(kToken, two);
  auto refused = discover();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("exactly one cluster"), std::string::npos)
      << refused.error().message();
}

TEST_F(Discovery, AClusterWithoutClusterInfoIsWaitedForThenNamed) {
  auto found = discover();
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().what.find("10.0.0.10:6443"), std::string::npos);
  EXPECT_NE(found.error().why.find("no kube-public/cluster-info"), std::string::npos);
  EXPECT_NE(found.error().fix.find("init phase bootstrap-token"), std::string::npos);
}

TEST(CaPin, ParsesKubeadmsFormsAndRefusesTheRest) {
  auto hex = std::string(64, 'A');
  EXPECT_EQ(certs::parse_ca_pin("SHA256:" + hex).value(), "sha256:" + std::string(64, 'a'));
  for (const std::string& bad :
       std::vector<std::string>{"", "sha256", "md5:" + hex, "sha256:" + hex.substr(1), "sha256:" + hex + ":x",
                                "sha256:" + std::string(63, 'a') + "g", hex})
    EXPECT_EQ(certs::parse_ca_pin(bad).error().kind, ErrorKind::InvalidInput) << bad;
}

}  // namespace
}  // namespace ks

// `kubestrap token create|list|delete` against the in-memory API: the Secrets they write and read, the
// refusals before any request, and kubeadm's `token list` table to the character.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/base64.hpp"
#include "base/duration.hpp"
#include "base/rfc3339.hpp"
#include "config/text_rules.hpp"
#include "tests/support/fake_api.hpp"
#include "token/join_command.hpp"
#include "token/token_store.hpp"

namespace ks {
namespace {

using namespace std::chrono_literals;

const std::string kSecrets = "/api/v1/namespaces/kube-system/secrets";

class TokenStore : public ::testing::Test {
 protected:
  config::BootstrapToken token(const std::string& text, std::chrono::nanoseconds ttl = 24h) {
    return {text,
            "",
            ttl,
            "",
            {"signing", "authentication"},
            {"system:bootstrappers:kubeadm:default-node-token"}};
  }

  testing::FakeCluster cluster;
  std::unique_ptr<kube::Api> api = cluster.connect({});
  std::chrono::system_clock::time_point now = parse_rfc3339("2026-12-02T10:00:00Z").value();
};

TEST_F(TokenStore, CreateWritesTheSecretAndRefusesATakenId) {
  ASSERT_TRUE(token::create_token(*api, token("abcdef.0123456789abcdef"), now));
  auto secret = cluster.find(kSecrets + "/bootstrap-token-abcdef");
  EXPECT_EQ(secret["type"], "bootstrap.kubernetes.io/token");
  EXPECT_EQ(base64_decode(secret["data"]["expiration"].get<std::string>()).value(), "2026-12-03T10:00:00Z");

  // Another secret with the same id: refused with kubeadm's words, the stored one untouched.
  auto again = token::create_token(*api, token("abcdef.ffffffffffffffff"), now);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().why, "a token with id \"abcdef\" already exists");
  EXPECT_EQ(base64_decode(
                cluster.find(kSecrets + "/bootstrap-token-abcdef")["data"]["token-secret"].get<std::string>())
                .value(),
            "0123456789abcdef");
}

TEST_F(TokenStore, ListReadsTokenSecretsAndSkipsUnreadableOnes) {
  ASSERT_TRUE(token::create_token(*api, token("abcdef.0123456789abcdef"), now));
  ASSERT_TRUE(token::create_token(*api, token("zyxwvu.0123456789abcdef", 0s), now));
  // Not a token: another type is not listed; a token Secret whose id does not match its name is skipped.
  cluster.put({{"apiVersion", "v1"},
               {"kind", "Secret"},
               {"metadata", {{"name", "other"}, {"namespace", "kube-system"}}},
               {"type", "Opaque"}});
  auto broken = token::token_secret(token("qqqqqq.0123456789abcdef"), now).value();
  broken["metadata"]["name"] = "bootstrap-token-broken";
  cluster.put(broken);

  auto listing = token::list_tokens(*api).value();
  ASSERT_EQ(listing.tokens.size(), 2u);
  EXPECT_EQ(listing.tokens[0].token.id, "abcdef");
  EXPECT_EQ(listing.tokens[1].token.id, "zyxwvu");
  EXPECT_FALSE(listing.tokens[1].expires);
  ASSERT_EQ(listing.unreadable.size(), 1u);
  EXPECT_NE(listing.unreadable[0].find("bootstrap-token-broken"), std::string::npos);
  EXPECT_EQ(cluster.requests.back().path, kSecrets + "?fieldSelector=type%3Dbootstrap.kubernetes.io/token");
}

TEST_F(TokenStore, DeleteTakesAnIdOrAWholeTokenAndReportsAMissingOne) {
  ASSERT_TRUE(token::create_token(*api, token("abcdef.0123456789abcdef"), now));
  EXPECT_EQ(token::token_id_of("abcdef.0123456789abcdef").value(), "abcdef");
  EXPECT_EQ(token::token_id_of("abcdef").value(), "abcdef");
  for (const char* bad : {"ABCDEF", "abc", "abcdef.", "abcdef.0123", "../../x", ""})
    EXPECT_EQ(token::token_id_of(bad).error().kind, ErrorKind::InvalidInput) << bad;
  ASSERT_TRUE(token::delete_token(*api, "abcdef"));
  EXPECT_TRUE(cluster.find(kSecrets + "/bootstrap-token-abcdef").is_null());
  auto missing = token::delete_token(*api, "abcdef");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().why, "no such token in the cluster");
}

// kubeadm's layout (cmd/kubeadm/app/cmd/token.go: formatBootstrapToken and a tabwriter with minwidth 10,
// tabwidth 4, padding 3, flushed after each token, so a later row is aligned on its own cells only).
TEST_F(TokenStore, ListTableIsKubeadms) {
  auto first = token("abcdef.0123456789abcdef");
  first.description = "workers";
  ASSERT_TRUE(token::create_token(*api, first, now));
  auto forever = token("zyxwvu.0123456789abcdef", 0s);
  forever.usages = {"signing"};
  forever.groups = {};
  ASSERT_TRUE(token::create_token(*api, forever, now));
  auto listing = token::list_tokens(*api).value();
  auto table = token::token_table(listing.tokens, now + 1h);
  std::string expected =
      "TOKEN                     TTL         EXPIRES                USAGES                   DESCRIPTION"
      "                                                EXTRA GROUPS\n"
      "abcdef.0123456789abcdef   23h         2026-12-03T10:00:00Z   authentication,signing   workers"
      "                                                    system:bootstrappers:kubeadm:default-node-token\n"
      "zyxwvu.0123456789abcdef   <forever>   <never>   signing                  <none>"
      "                                                     <none>\n";
  EXPECT_EQ(table, expected);
  EXPECT_EQ(token::token_table({}, now),
            "TOKEN     TTL       EXPIRES   USAGES    DESCRIPTION   EXTRA GROUPS\n");
  auto json = token::token_json(listing.tokens[0], now + 1h);
  EXPECT_EQ(json["expires"], "2026-12-03T10:00:00Z");
  EXPECT_EQ(json["ttl"], "23h");
  EXPECT_FALSE(token::token_json(listing.tokens[1], now).contains("expires"));
}

// kubeadm's join command forms (cmd/kubeadm/app/util/join.go's template): the control-plane flags follow the
// pins, after a line break in the printed form and on the same line for `token create --print-join-command`.
TEST(JoinCommand, WorkerAndControlPlaneForms) {
  token::JoinCommand command{"10.0.0.1:6443", "abcdef.0123456789abcdef", {"sha256:aa", "sha256:bb"}};
  EXPECT_EQ(command.one_line(),
            "kubestrap join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash "
            "sha256:aa --discovery-token-ca-cert-hash sha256:bb");
  command.certificate_key = std::string(64, 'f');
  EXPECT_EQ(command.one_line(),
            "kubestrap join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash "
            "sha256:aa --discovery-token-ca-cert-hash sha256:bb --control-plane --certificate-key " +
                std::string(64, 'f'));
  EXPECT_EQ(
      command.multi_line(),
      "kubestrap join 10.0.0.1:6443 --token abcdef.0123456789abcdef \\\n\t--discovery-token-ca-cert-hash "
      "sha256:aa --discovery-token-ca-cert-hash sha256:bb \\\n\t--control-plane --certificate-key " +
          std::string(64, 'f'));
}

// apimachinery/pkg/util/duration ShortHumanDuration.
TEST(ShortHumanDuration, RoundsDownToOneUnit) {
  EXPECT_EQ(short_human_duration(-5s), "<invalid>");
  EXPECT_EQ(short_human_duration(-1s), "0s");
  EXPECT_EQ(short_human_duration(59s), "59s");
  EXPECT_EQ(short_human_duration(60s), "1m");
  EXPECT_EQ(short_human_duration(23h + 59min), "23h");
  EXPECT_EQ(short_human_duration(24h), "1d");
  EXPECT_EQ(short_human_duration(24h * 364), "364d");
  EXPECT_EQ(short_human_duration(24h * 365 * 2), "2y");
}

// cluster-bootstrap's KnownTokenUsages and BootstrapGroupPattern; kubeadm's ValidateTokenGroups.
TEST(BootstrapTokenRules, UsagesAndGroups) {
  EXPECT_EQ(config::bootstrap_usages_problem({"signing", "authentication"}), "");
  EXPECT_NE(config::bootstrap_usages_problem({"signing", "admin"}).find("\"admin\""), std::string::npos);
  const std::vector<std::string> auth = {"authentication"};
  EXPECT_EQ(config::bootstrap_groups_problem({"system:bootstrappers:kubeadm:default-node-token"}, auth), "");
  EXPECT_EQ(config::bootstrap_groups_problem({"system:bootstrappers:a-b:c9"}, auth), "");
  for (const char* bad : {"system:masters", "system:bootstrappers:", "system:bootstrappers:x-",
                          "system:bootstrappers:X", "system:bootstrappers:a b"})
    EXPECT_NE(config::bootstrap_groups_problem({bad}, auth), "") << bad;
  EXPECT_NE(config::bootstrap_groups_problem({"system:bootstrappers:" + std::string(257, 'a')}, auth), "");
  EXPECT_NE(config::bootstrap_groups_problem({"system:bootstrappers:x"}, {"signing"}).find("authentication"),
            std::string::npos);
  EXPECT_EQ(config::bootstrap_groups_problem({}, {"signing"}), "");
}

}  // namespace
}  // namespace ks

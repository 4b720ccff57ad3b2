// Bootstrap tokens: text form, generation, the Secret that stores one and reading it back, the JWS that
// signs cluster-info; and the small pieces they rest on (RFC 3339 times, base64url).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "base/base64.hpp"
#include "base/rfc3339.hpp"
#include "host/random.hpp"
#include "kube/objects.hpp"
#include "token/bootstrap_token.hpp"
#include "token/jws.hpp"

namespace ks {
namespace {

using namespace std::chrono_literals;

TEST(TokenString, AcceptsOnlyTheKubeadmFormat) {
  auto token = token::TokenString::parse("abcdef.0123456789abcdef");
  ASSERT_TRUE(token);
  EXPECT_EQ(token->id, "abcdef");
  EXPECT_EQ(token->secret, "0123456789abcdef");
  for (const char* bad : {"", "abcdef0123456789abcdef", "ABCDEF.0123456789abcdef", "abcde.0123456789abcdefg",
                          "abcdef.0123456789abcde", "abcdef.0123456789abcdef ", "abc_ef.0123456789abcdef"}) {
    auto parsed = token::TokenString::parse(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::InvalidInput);
    EXPECT_NE(parsed.error().fix.find("kubestrap token generate"), std::string::npos);
  }
}

TEST(TokenString, GeneratedTokensAreValidAndDiffer) {
  host::SystemRandom random;
  std::set<std::string> seen;
  std::set<char> characters;
  for (int i = 0; i < 200; ++i) {
    auto token = token::generate_token(random).value();
    EXPECT_TRUE(token::TokenString::parse(token.str())) << token.str();
    seen.insert(token.str());
    for (char c : token.str()) characters.insert(c);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(characters.size(), 37u);  // all of [a-z0-9] and the dot show up over 4400 characters
}

TEST(TokenSecret, CarriesEveryFieldAndReadsBack) {
  config::BootstrapToken token{"abcdef.0123456789abcdef",
                               "for workers",
                               24h,
                               "",
                               {"signing", "authentication"},
                               {"system:bootstrappers:kubeadm:default-node-token"}};
  auto now = parse_rfc3339("2026-11-22T10:00:00Z").value();
  auto secret = token::token_secret(token, now).value();
  EXPECT_EQ(secret["metadata"]["name"], "bootstrap-token-abcdef");
  EXPECT_EQ(secret["metadata"]["namespace"], "kube-system");
  EXPECT_EQ(secret["type"], "bootstrap.kubernetes.io/token");
  auto field = [&](const char* key) { return base64_decode(secret["data"][key].get<std::string>()).value(); };
  EXPECT_EQ(field("token-id"), "abcdef");
  EXPECT_EQ(field("token-secret"), "0123456789abcdef");
  EXPECT_EQ(field("expiration"), "2026-11-23T10:00:00Z");
  EXPECT_EQ(field("usage-bootstrap-signing"), "true");
  EXPECT_EQ(field("usage-bootstrap-authentication"), "true");
  EXPECT_EQ(field("auth-extra-groups"), "system:bootstrappers:kubeadm:default-node-token");
  EXPECT_EQ(field("description"), "for workers");

  auto stored = token::parse_token_secret(secret).value();
  EXPECT_EQ(stored.token.str(), "abcdef.0123456789abcdef");
  EXPECT_EQ(stored.usages, (std::vector<std::string>{"authentication", "signing"}));
  EXPECT_FALSE(stored.expired(now + 23h));
  EXPECT_TRUE(stored.expired(now + 24h));
}

TEST(TokenSecret, ZeroTtlNeverExpiresAndBadSecretsAreNamed) {
  config::BootstrapToken forever{"abcdef.0123456789abcdef", "", 0s, "", {"authentication"}, {}};
  auto secret = token::token_secret(forever, std::chrono::system_clock::now()).value();
  EXPECT_FALSE(secret["data"].contains("expiration"));
  EXPECT_FALSE(token::parse_token_secret(secret)->expires);

  auto wrong_name = secret;
  wrong_name["metadata"]["name"] = "bootstrap-token-zzzzzz";
  EXPECT_NE(token::parse_token_secret(wrong_name).error().why.find("does not match its name"),
            std::string::npos);
  auto bad_time = secret;
  bad_time["data"]["expiration"] = base64_encode("tomorrow");
  EXPECT_NE(token::parse_token_secret(bad_time).error().why.find("RFC 3339"), std::string::npos);
  auto opaque = secret;
  opaque["type"] = "Opaque";
  EXPECT_FALSE(token::parse_token_secret(opaque));
}

TEST(Jws, MatchesAnIndependentHmacAndRejectsTampering) {
  const std::string kubeconfig = "apiVersion: v1\nkind: Config\n";
  // Computed with Python's hmac and base64 modules, independently of this code.
  const std::string expected =
      "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..vH_kT4yiol-nrAWgjfCYqvum5wsKETXe0S7OOp1VgnE";
  EXPECT_EQ(token::detached_jws(kubeconfig, "abcdef", "0123456789abcdef"), expected);
  EXPECT_TRUE(token::verify_detached_jws(expected, kubeconfig, "abcdef", "0123456789abcdef"));
  EXPECT_FALSE(token::verify_detached_jws(expected, kubeconfig + " ", "abcdef", "0123456789abcdef"));
  EXPECT_FALSE(token::verify_detached_jws(expected, kubeconfig, "abcdeg", "0123456789abcdef"));
  EXPECT_FALSE(token::verify_detached_jws(expected, kubeconfig, "abcdef", "0123456789abcdee"));
}

TEST(Rfc3339, FormatsUtcAndParsesOffsets) {
  auto time = parse_rfc3339("2026-11-22T10:00:00Z").value();
  EXPECT_EQ(format_rfc3339(time), "2026-11-22T10:00:00Z");
  EXPECT_EQ(format_rfc3339(parse_rfc3339("2026-11-22T12:30:00+02:30").value()), "2026-11-22T10:00:00Z");
  EXPECT_EQ(format_rfc3339(parse_rfc3339("2026-11-22T10:00:00.123456Z").value()), "2026-11-22T10:00:00Z");
  for (const char* bad : {"2026-11-22", "2026-11-22T10:00:00", "2026-11-22T10:00:00Zjunk", "yesterday"})
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
}

TEST(Base64Url, IsUnpaddedAndUrlSafe) {
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_encode("ab"), "YWI");
  EXPECT_EQ(base64url_encode(""), "");
}

TEST(KubeObjects, CollectionPathsFollowGroupKindAndNamespace) {
  EXPECT_EQ(kube::collection_path(kube::config_map("c", "kube-public", nlohmann::json::object())),
            "/api/v1/namespaces/kube-public/configmaps");
  EXPECT_EQ(kube::collection_path(kube::cluster_role("r", nlohmann::json::array())),
            "/apis/rbac.authorization.k8s.io/v1/clusterroles");
  EXPECT_EQ(
      kube::collection_path(kube::role_binding("b", "kube-system", "Role", "r", nlohmann::json::array())),
      "/apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/rolebindings");
  EXPECT_EQ(
      kube::subject("ServiceAccount", "kube-proxy", "kube-system"),
      (nlohmann::json{{"kind", "ServiceAccount"}, {"name", "kube-proxy"}, {"namespace", "kube-system"}}));
}

}  // namespace
}  // namespace ks

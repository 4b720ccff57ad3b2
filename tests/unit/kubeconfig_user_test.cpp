// kubestrap kubeconfig user, in-process over a test root with a cluster CA: what the printed kubeconfig holds
// (kubeadm's kubeconfig.go and WriteKubeConfigWithClientCert/WriteKubeConfigWithToken in
// cmd/kubeadm/app/phases/kubeconfig/kubeconfig.go), and that bad input or a missing CA key is refused with
// the node's files untouched. Real kubectl against a cluster: tests/e2e/kubeconfig_user_test.sh.
#include <gtest/gtest.h>
#include <openssl/x509v3.h>

#include <nlohmann/json.hpp>

#include "base/rfc3339.hpp"
#include "certs/key.hpp"
#include "certs/pki.hpp"
#include "cli/command.hpp"
#include "config/load.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/recording_reporter.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using namespace std::chrono_literals;
using testing::RecordingReporter;
using testing::TestHost;

const std::string kCaCrt = "/etc/kubernetes/pki/ca.crt";
const std::string kCaKey = "/etc/kubernetes/pki/ca.key";

class KubeconfigUser : public ::testing::Test {
 protected:
  TestHost t;
  RecordingReporter reporter;
  nlohmann::json result = nlohmann::json::object();

  // The cluster CA as init's certs/ca phase makes it (default configuration: RSA-2048).
  void SetUp() override { make_ca(config::KeyAlgorithm::RSA2048); }

  void make_ca(config::KeyAlgorithm algorithm) {
    auto config = config::load_init_config({}, t.host).value().config;
    config.cluster.encryption_algorithm = algorithm;
    certs::KeyPool keys(algorithm, 1);
    RecordingReporter quiet;
    certs::Pki pki(t.host, config, keys, quiet);
    ASSERT_TRUE(pki.ensure(certs::find_spec(certs::certificate_specs(config), "ca")));
  }

  // The command's work, as the scaffold runs it; the text it would print on stdout.
  Result<std::string> run(const std::vector<std::string>& args) {
    auto spec = cli::kubeconfig_user_command();
    auto flags = KS_TRY(cli::parse_flags(spec, args));
    std::string text, root = t.root.path();
    cli::Context context{flags, false, cli::OutputFormat::Text, root, t.host, reporter, result, text};
    KS_CHECK(spec.run(context));
    return text;
  }

  std::string ca_pem() { return t.files.read(kCaCrt).value(); }
};

struct Client {
  kube::Kubeconfig kubeconfig;
  certs::X509Ptr certificate;
  certs::CertificateInfo info;
};

Client parse_client(const std::string& text) {
  auto kubeconfig = kube::parse_kubeconfig(text);
  EXPECT_TRUE(kubeconfig) << text;
  auto certificate = certs::parse_certificate(kubeconfig->client_certificate_pem).value();
  auto info = certs::inspect(certificate.get());
  return {*kubeconfig, std::move(certificate), info};
}

TEST_F(KubeconfigUser, PrintsAKubeconfigWithAClientCertificateTheClusterCaSigned) {
  auto before = testing::tree_snapshot(t.root.path());
  auto text = run({"--client-name", "alice", "--org", "dev", "--org=ops,qa"});
  ASSERT_TRUE(text) << text.error().message();
  auto client = parse_client(*text);
  const auto& k = client.kubeconfig;
  // kubeadm's layout: cluster <clusterName>, user <client name>, context <user>@<cluster>, the endpoint
  // from the advertise address of the default-route interface and bindPort.
  EXPECT_EQ(k.cluster_name, "kubernetes");
  EXPECT_EQ(k.user_name, "alice");
  EXPECT_EQ(k.context_name(), "alice@kubernetes");
  EXPECT_NE(text->find("current-context: alice@kubernetes"), std::string::npos) << *text;
  EXPECT_EQ(k.server, "https://192.168.1.10:6443");
  EXPECT_EQ(k.ca_pem, ca_pem());
  EXPECT_TRUE(k.token.empty());

  EXPECT_EQ(client.info.common_name, "alice");
  EXPECT_EQ(client.info.organizations, (std::vector<std::string>{"dev", "ops", "qa"}));
  EXPECT_FALSE(client.info.is_ca);
  EXPECT_TRUE(client.info.dns_names.empty() && client.info.ips.empty());
  // Back-dated five minutes; kubeadm's default --validity-period of 8760h counted from now.
  EXPECT_EQ(client.info.not_before, t.clock.now() - 5min);
  EXPECT_EQ(client.info.not_after, t.clock.now() + 8760h);
  EXPECT_EQ(X509_get_extended_key_usage(client.certificate.get()), static_cast<uint32_t>(XKU_SSL_CLIENT));
  auto ca = certs::parse_certificate(ca_pem()).value();
  EXPECT_TRUE(certs::verify_issued_by(client.certificate.get(), ca.get(), t.clock.now()));
  auto key = certs::parse_private_key(k.client_key_pem).value();
  EXPECT_TRUE(certs::same_public_key(key.get(), X509_get0_pubkey(client.certificate.get())));
  EXPECT_TRUE(certs::key_fits(key.get(), config::KeyAlgorithm::RSA2048));
  EXPECT_TRUE(k.client_key_pem.starts_with("-----BEGIN RSA PRIVATE KEY-----"));

  // Stdout only: no file written or re-moded, no progress line that would land in the printed kubeconfig.
  EXPECT_EQ(testing::tree_snapshot(t.root.path()), before);
  EXPECT_TRUE(reporter.lines.empty());
  EXPECT_TRUE(reporter.warnings.empty());
  EXPECT_EQ(result["kubeconfig"], *text);
  EXPECT_EQ(result["clientName"], "alice");
  EXPECT_EQ(result["context"], "alice@kubernetes");
  EXPECT_EQ(result["credential"], "client-certificate");
  EXPECT_EQ(result["groups"], nlohmann::json({"dev", "ops", "qa"}));
  EXPECT_EQ(result["notAfter"], format_rfc3339(t.clock.now() + 8760h));
}

TEST_F(KubeconfigUser, TheValidityPeriodCountsFromNowAndALongOneIsWarnedAbout) {
  auto text = run({"--client-name", "bob", "--validity-period", "1h30m"});
  ASSERT_TRUE(text) << text.error().message();
  auto client = parse_client(*text);
  EXPECT_EQ(client.info.not_after, t.clock.now() + 90min);
  EXPECT_TRUE(client.info.organizations.empty());
  EXPECT_TRUE(reporter.warnings.empty());
  // A second is a valid (if short) period, as in kubeadm.
  ASSERT_TRUE(run({"--client-name", "bob", "--validity-period", "1s"}));
  // Longer than kubeadm's default: issued, with kubeadm's warning.
  text = run({"--client-name", "bob", "--validity-period", "17520h"});
  ASSERT_TRUE(text) << text.error().message();
  EXPECT_EQ(parse_client(*text).info.not_after, t.clock.now() + 17520h);
  ASSERT_EQ(reporter.warnings.size(), 1u);
  EXPECT_NE(reporter.warnings[0].find("17520h0m0s is longer than the default 8760h0m0s"), std::string::npos)
      << reporter.warnings[0];
}

// kubeadm signs past the CA's end without a word (pkiutil.NewSignedCert); kubestrap signs too, and says that
// the kubeconfig stops working when the CA ends.
TEST_F(KubeconfigUser, ACertificateThatOutlivesTheCaIsWarnedAbout) {
  t.clock.advance(87000h);  // the CA (87600h, ten years) has 600 hours left
  auto text = run({"--client-name", "carol", "--validity-period", "1000h"});
  ASSERT_TRUE(text) << text.error().message();
  EXPECT_EQ(parse_client(*text).info.not_after, t.clock.now() + 1000h);
  ASSERT_EQ(reporter.warnings.size(), 1u);
  EXPECT_NE(reporter.warnings[0].find("but the cluster CA /etc/kubernetes/pki/ca.crt ends at "),
            std::string::npos)
      << reporter.warnings[0];
  EXPECT_NE(reporter.warnings[0].find("the kubeconfig stops working then"), std::string::npos);
  reporter.warnings.clear();
  ASSERT_TRUE(run({"--client-name", "carol", "--validity-period", "500h"}));
  EXPECT_TRUE(reporter.warnings.empty());
}

// --config: controlPlaneEndpoint (bindPort added), clusterName and encryptionAlgorithm come from the file;
// its certificateValidityPeriod does not, since kubeadm sets it from --validity-period (default 8760h).
TEST_F(KubeconfigUser, TakesEndpointClusterNameAndKeyTypeFromTheConfigFile) {
  testing::TempDir scratch;
  host::RootFiles(scratch.path())
      .write_atomic("/kubeadm.yaml", R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
clusterName: prod
controlPlaneEndpoint: lb.example.com
encryptionAlgorithm: ECDSA-P256
certificateValidityPeriod: 100h
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 10.0.0.5
  bindPort: 7443
)",
                    0644)
      .value();
  auto text = run({"--client-name", "carol", "--config", scratch.path() + "/kubeadm.yaml"});
  ASSERT_TRUE(text) << text.error().message();
  auto client = parse_client(*text);
  EXPECT_EQ(client.kubeconfig.server, "https://lb.example.com:7443");
  EXPECT_EQ(client.kubeconfig.context_name(), "carol@prod");
  EXPECT_EQ(client.info.not_after, t.clock.now() + 8760h);
  auto key = certs::parse_private_key(client.kubeconfig.client_key_pem).value();
  EXPECT_TRUE(certs::key_fits(key.get(), config::KeyAlgorithm::ECDSAP256));

  // Without controlPlaneEndpoint, the advertise address and bindPort of the InitConfiguration.
  host::RootFiles(scratch.path())
      .write_atomic("/init.yaml",
                    "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n"
                    "  advertiseAddress: 10.0.0.5\n  bindPort: 7443\n",
                    0644)
      .value();
  text = run({"--client-name", "carol", "--config", scratch.path() + "/init.yaml"});
  ASSERT_TRUE(text) << text.error().message();
  EXPECT_EQ(parse_client(*text).kubeconfig.server, "https://10.0.0.5:7443");
}

// A token user needs only the CA certificate: it works without ca.key (external CA), and carries no key.
TEST_F(KubeconfigUser, ATokenUserCarriesTheTokenAndNoKey) {
  ASSERT_TRUE(t.files.remove(kCaKey));
  auto before = testing::tree_snapshot(t.root.path());
  auto text = run({"--client-name", "ci", "--token", "abcdef.0123456789abcdef"});
  ASSERT_TRUE(text) << text.error().message();
  auto kubeconfig = kube::parse_kubeconfig(*text).value();
  EXPECT_EQ(kubeconfig.token, "abcdef.0123456789abcdef");
  EXPECT_EQ(kubeconfig.user_name, "ci");
  EXPECT_EQ(kubeconfig.context_name(), "ci@kubernetes");
  EXPECT_EQ(kubeconfig.ca_pem, ca_pem());
  EXPECT_TRUE(kubeconfig.client_certificate_pem.empty() && kubeconfig.client_key_pem.empty());
  EXPECT_EQ(result["credential"], "token");
  EXPECT_FALSE(result.contains("notAfter"));
  EXPECT_EQ(testing::tree_snapshot(t.root.path()), before);
  // What a token ignores is said, not silently dropped.
  ASSERT_TRUE(run({"--client-name", "ci", "--token", "t0ken", "--org", "dev", "--validity-period", "1h"}));
  ASSERT_EQ(reporter.warnings.size(), 2u);
  EXPECT_NE(reporter.warnings[0].find("--org is ignored with --token"), std::string::npos);
  EXPECT_NE(reporter.warnings[1].find("--validity-period is ignored with --token"), std::string::npos);
}

TEST_F(KubeconfigUser, RefusesBadInputAndChangesNothing) {
  struct Case {
    std::vector<std::string> args;
    std::string what, why;
  };
  std::vector<Case> cases = {
      {{}, "--client-name", "it is required"},
      {{"--client-name", ""}, "--client-name \"\"", "it is empty"},
      {{"--client-name", "a\nb"}, "--client-name \"a\\nb\"", "it holds a control character"},
      {{"--client-name", "bad\xff"}, "--client-name", "not UTF-8"},
      {{"--client-name", " alice"}, "--client-name \" alice\"", "it starts or ends with a space"},
      {{"--client-name", std::string(65, 'a')}, "--client-name", "longer than 64 characters"},
      {{"--client-name", "a", "--org", "dev,te\tam"}, "--org \"te\\tam\"", "control character"},
      {{"--client-name", "a", "--validity-period", "0"}, "--validity-period \"0\"", "it must be positive"},
      {{"--client-name", "a", "--validity-period", "-1h"},
       "--validity-period \"-1h\"",
       "it must be positive"},
      {{"--client-name", "a", "--validity-period", "soon"},
       "--validity-period \"soon\"",
       "expected a duration like 8760h"},
      {{"--client-name", "a", "--validity-period", "1y"}, "--validity-period \"1y\"", "unknown unit"},
      {{"--client-name", "a", "--validity-period", "900000h"}, "--validity-period", "at most 876000h"},
      {{"--client-name", "a", "--token", ""}, "--token", "it is empty"},
      {{"--client-name", "a", "--token", "sec ret"}, "--token", "space"},
      {{"--client-name", "a", "--config", "/nonexistent/kubeadm.yaml"}, "cannot read the config file", ""},
  };
  auto before = testing::tree_snapshot(t.root.path());
  for (const auto& c : cases) {
    auto text = run(c.args);
    ASSERT_FALSE(text) << c.what;
    EXPECT_EQ(text.error().kind, ErrorKind::InvalidInput) << c.what;
    EXPECT_TRUE(text.error().what.starts_with(c.what)) << text.error().what;
    EXPECT_NE(text.error().why.find(c.why), std::string::npos) << text.error().why;
    EXPECT_FALSE(text.error().fix.empty()) << c.what;
    // A token is a credential: never echoed.
    EXPECT_EQ(text.error().message().find("sec ret"), std::string::npos);
  }
  EXPECT_EQ(testing::tree_snapshot(t.root.path()), before);
  // The longest name X.509 allows is signed.
  EXPECT_TRUE(run({"--client-name", std::string(64, 'a'), "--org", std::string(64, 'b')}));
}

TEST_F(KubeconfigUser, RefusesWithoutTheCaKeyNamingTheWaysOut) {
  ASSERT_TRUE(t.files.remove(kCaKey));
  auto before = testing::tree_snapshot(t.root.path());
  auto text = run({"--client-name", "alice", "--org", "dev"});
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind, ErrorKind::Failure);
  EXPECT_EQ(text.error().what, "cannot sign a client certificate for \"alice\"");
  EXPECT_EQ(text.error().why,
            kCaKey + " is not on this node (external CA mode: the CA's key is kept elsewhere)");
  EXPECT_NE(text.error().fix.find("CN=alice and O=dev"), std::string::npos) << text.error().fix;
  EXPECT_NE(text.error().fix.find("--token"), std::string::npos) << text.error().fix;
  EXPECT_EQ(testing::tree_snapshot(t.root.path()), before);

  ASSERT_TRUE(t.files.remove(kCaCrt));
  text = run({"--client-name", "alice"});
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind, ErrorKind::Failure);
  EXPECT_EQ(text.error().what, "cannot read the cluster CA " + kCaCrt);
  EXPECT_NE(text.error().fix.find("control-plane node"), std::string::npos) << text.error().fix;
}

// A CA whose key belongs to another certificate is node state kubestrap will not sign with (exit 4).
TEST_F(KubeconfigUser, RefusesACaKeyOfAnotherCertificate) {
  auto other = certs::generate_key(config::KeyAlgorithm::ECDSAP256).value();
  ASSERT_TRUE(t.files.write_atomic(kCaKey, certs::private_key_pem(other.get()).value(), 0600));
  auto before = testing::tree_snapshot(t.root.path());
  auto text = run({"--client-name", "alice"});
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(text.error().what, kCaKey + " does not belong to " + kCaCrt);
  EXPECT_EQ(testing::tree_snapshot(t.root.path()), before);
}

}  // namespace
}  // namespace ks

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <thread>

#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "certs/pin.hpp"
#include "certs/pki.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::certs {
namespace {

using testing::RecordingReporter;
using testing::TestHost;

config::InitConfiguration ecdsa_config(TestHost& t) {
  auto c = testing::load_config(t);
  c.cluster.encryption_algorithm = config::KeyAlgorithm::ECDSAP256;
  return c;
}

TEST(Keys, GeneratesEachAlgorithmAndWritesKubeadmsPemForms) {
  for (auto algorithm :
       {config::KeyAlgorithm::RSA2048, config::KeyAlgorithm::ECDSAP256, config::KeyAlgorithm::ECDSAP384}) {
    auto key = generate_key(algorithm).value();
    EXPECT_TRUE(key_fits(key.get(), algorithm));
    auto pem = private_key_pem(key.get()).value();
    bool rsa = algorithm == config::KeyAlgorithm::RSA2048;
    EXPECT_TRUE(pem.starts_with(rsa ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----"))
        << pem;
    auto parsed = parse_private_key(pem).value();
    EXPECT_TRUE(same_public_key(parsed.get(), key.get()));
    EXPECT_TRUE(public_key_pem(key.get()).value().starts_with("-----BEGIN PUBLIC KEY-----"));
  }
  EXPECT_FALSE(
      key_fits(generate_key(config::KeyAlgorithm::ECDSAP256).value().get(), config::KeyAlgorithm::RSA2048));
}

TEST(KeyPool, HandsOutPrefetchedKeysAndGeneratesBeyondThem) {
  KeyPool pool(config::KeyAlgorithm::ECDSAP256, 2);
  pool.prefetch(3);
  std::vector<PKeyPtr> keys;
  for (int i = 0; i < 5; ++i) keys.push_back(pool.take().value());
  for (size_t i = 0; i < keys.size(); ++i)
    for (size_t j = i + 1; j < keys.size(); ++j) EXPECT_FALSE(same_public_key(keys[i].get(), keys[j].get()));
}

// A run that fails early must not wait for the keys it asked for: 200 RSA-4096 keys take minutes on two
// cores; the pool stops beginning new ones and aborts those in flight.
TEST(KeyPool, StopsPromptlyWhenKeysAreNotTaken) {
  auto pool = std::make_unique<KeyPool>(config::KeyAlgorithm::RSA4096, 2);
  pool->prefetch(200);
  while (pool->generations_begun() == 0) std::this_thread::yield();  // the workers are busy
  auto start = std::chrono::steady_clock::now();
  pool.reset();
  auto stopped_after = std::chrono::steady_clock::now() - start;
  EXPECT_LT(stopped_after, std::chrono::seconds(5));
}

TEST(Certificate, IssuesCaAndLeafWithKubeadmsExtensions) {
  auto now = std::chrono::system_clock::now();
  auto ca_key = generate_key(config::KeyAlgorithm::ECDSAP256).value();
  CertificateRequest ca_request{
      "kubernetes", {}, {"kubernetes"}, {}, Usage::CA, now, now + std::chrono::hours(24), 7};
  auto ca = issue_certificate(ca_request, ca_key.get(), nullptr, ca_key.get()).value();
  auto leaf_key = generate_key(config::KeyAlgorithm::ECDSAP256).value();
  CertificateRequest leaf_request{"kube-apiserver",
                                  {"org"},
                                  {"kubernetes"},
                                  {IpAddress::parse("10.96.0.1").value()},
                                  Usage::Server,
                                  now,
                                  now + std::chrono::hours(1),
                                  8};
  auto issued = issue_certificate(leaf_request, leaf_key.get(), ca.get(), ca_key.get()).value();
  auto leaf = parse_certificate(certificate_pem(issued.get()).value()).value();
  EXPECT_TRUE(same_public_key(X509_get0_pubkey(leaf.get()), leaf_key.get()));
  EXPECT_TRUE(verify_issued_by(leaf.get(), ca.get(), now + std::chrono::minutes(1)));
  EXPECT_FALSE(verify_issued_by(leaf.get(), ca.get(), now + std::chrono::hours(2)));  // expired by then
  auto info = inspect(leaf.get());
  EXPECT_EQ(info.common_name, "kube-apiserver");
  EXPECT_EQ(info.organizations, std::vector<std::string>{"org"});
  EXPECT_EQ(info.ips.front().str(), "10.96.0.1");
  EXPECT_FALSE(info.is_ca);
  EXPECT_TRUE(inspect(ca.get()).is_ca);
  auto round_trip = parse_certificate(certificate_pem(leaf.get()).value()).value();
  EXPECT_EQ(X509_cmp(round_trip.get(), leaf.get()), 0);
  EXPECT_EQ(certificate_pem(issued.get()).value(), certificate_pem(leaf.get()).value());
  EXPECT_TRUE(public_key_pin(ca.get()).starts_with("sha256:"));
  EXPECT_EQ(public_key_pin(ca.get()).size(), 7u + 64u);
}

class PkiTest : public ::testing::Test {
 protected:
  TestHost t;
  config::InitConfiguration config = ecdsa_config(t);
  RecordingReporter reporter;
  KeyPool keys{config.cluster.encryption_algorithm, 2};

  Status ensure_all(Pki& pki) {
    for (const auto& spec : certificate_specs(config)) KS_CHECK(pki.ensure(spec));
    return pki.ensure_service_account_keys();
  }
  std::string read(const std::string& path) { return t.files.read(path).value(); }
};

TEST_F(PkiTest, CreatesEveryFileWithKubeadmsModesAndSans) {
  Pki pki(t.host, config, keys, reporter);
  ASSERT_TRUE(ensure_all(pki));
  for (auto base :
       {"ca", "apiserver", "apiserver-kubelet-client", "front-proxy-ca", "front-proxy-client", "etcd/ca",
        "etcd/server", "etcd/peer", "etcd/healthcheck-client", "apiserver-etcd-client"}) {
    EXPECT_EQ(t.files.stat(pki.path(base, "crt"))->mode, 0644u) << base;
    EXPECT_EQ(t.files.stat(pki.path(base, "key"))->mode, 0600u) << base;
  }
  EXPECT_EQ(t.files.stat("/etc/kubernetes/pki/sa.pub")->mode, 0600u);
  auto apiserver = parse_certificate(read(pki.path("apiserver", "crt"))).value();
  auto info = inspect(apiserver.get());
  EXPECT_EQ(info.dns_names,
            (std::vector<std::string>{"cp1", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                                      "kubernetes.default.svc.cluster.local"}));
  ASSERT_EQ(info.ips.size(), 2u);
  EXPECT_EQ(info.ips[0].str(), "10.96.0.1");
  EXPECT_EQ(info.ips[1].str(), "192.168.1.10");
  // Back-dated 5 minutes, valid for the whole period from now (kubeadm's pkiutil/pki_helpers.go).
  EXPECT_EQ(info.not_before, t.clock.now() - std::chrono::minutes(5));
  EXPECT_EQ(info.not_after, t.clock.now() + std::chrono::hours(8760));
  auto ca = parse_certificate(read(pki.path("ca", "crt"))).value();
  EXPECT_EQ(inspect(ca.get()).not_after, t.clock.now() + std::chrono::hours(87600));
}

TEST_F(PkiTest, ReusesValidFilesWithoutRewritingThem) {
  {
    Pki pki(t.host, config, keys, reporter);
    ASSERT_TRUE(ensure_all(pki));
  }
  auto before = testing::snapshot(t.root.path());
  RecordingReporter second;
  Pki pki(t.host, config, keys, second);
  ASSERT_TRUE(ensure_all(pki));
  EXPECT_EQ(testing::snapshot(t.root.path()), before);
  EXPECT_TRUE(second.said("Using the existing \"apiserver\" certificate and key"));
  EXPECT_TRUE(second.said("Using the existing \"ca\" certificate authority"));
}

TEST_F(PkiTest, RefusesALeafThatLacksANeededName) {
  {
    Pki pki(t.host, config, keys, reporter);
    ASSERT_TRUE(ensure_all(pki));
  }
  config.cluster.api_server.cert_sans = {"api.example.com"};
  auto before = testing::snapshot(t.root.path());
  Pki pki(t.host, config, keys, reporter);
  auto status = pki.ensure(find_spec(certificate_specs(config), "apiserver"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::Conflict);
  EXPECT_NE(status.error().what.find("lacks the names api.example.com"), std::string::npos);
  EXPECT_EQ(testing::snapshot(t.root.path()), before);
}

TEST_F(PkiTest, RefusesALeafSignedByAnotherCa) {
  {
    Pki pki(t.host, config, keys, reporter);
    ASSERT_TRUE(ensure_all(pki));
  }
  // Replace the CA: the existing leaves no longer chain to it.
  ASSERT_TRUE(t.files.remove("/etc/kubernetes/pki/ca.crt"));
  ASSERT_TRUE(t.files.remove("/etc/kubernetes/pki/ca.key"));
  Pki pki(t.host, config, keys, reporter);
  ASSERT_TRUE(pki.ensure(find_spec(certificate_specs(config), "ca")));
  auto status = pki.ensure(find_spec(certificate_specs(config), "apiserver"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::Conflict);
  EXPECT_NE(status.error().why.find("checked against the ca CA"), std::string::npos) << status.error().why;
}

TEST_F(PkiTest, KeepsAKeyLeftWithoutItsCertificate) {
  auto key = generate_key(config.cluster.encryption_algorithm).value();
  ASSERT_TRUE(t.files.write_atomic("/etc/kubernetes/pki/ca.key", private_key_pem(key.get()).value(), 0600));
  Pki pki(t.host, config, keys, reporter);
  ASSERT_TRUE(pki.ensure(find_spec(certificate_specs(config), "ca")));
  auto ca = parse_certificate(read("/etc/kubernetes/pki/ca.crt")).value();
  EXPECT_TRUE(same_public_key(X509_get0_pubkey(ca.get()), key.get()));
}

TEST_F(PkiTest, ExternalCaModeUsesTheCaButCannotSign) {
  {
    Pki pki(t.host, config, keys, reporter);
    ASSERT_TRUE(pki.ensure(find_spec(certificate_specs(config), "ca")));
  }
  ASSERT_TRUE(t.files.remove("/etc/kubernetes/pki/ca.key"));
  Pki pki(t.host, config, keys, reporter);
  EXPECT_TRUE(pki.external_ca());
  ASSERT_TRUE(pki.ensure(find_spec(certificate_specs(config), "ca")));
  EXPECT_TRUE(reporter.said("external CA"));
  auto status = pki.ensure(find_spec(certificate_specs(config), "apiserver"));
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().what.find("external CA mode"), std::string::npos);
}

TEST_F(PkiTest, RefusesAKeyOfTheWrongAlgorithm) {
  auto rsa = generate_key(config::KeyAlgorithm::RSA2048).value();
  ASSERT_TRUE(t.files.write_atomic("/etc/kubernetes/pki/ca.key", private_key_pem(rsa.get()).value(), 0600));
  Pki pki(t.host, config, keys, reporter);
  auto status = pki.ensure(find_spec(certificate_specs(config), "ca"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::Conflict);
}

}  // namespace
}  // namespace ks::certs

namespace ks::certs {
namespace {

// A pool that goes away (a run that failed) stops its RSA generations instead of finishing them.
TEST(KeyGeneration, StopsWhenCancelled) {
  std::atomic<bool> cancelled{true};
  auto key = generate_key(config::KeyAlgorithm::RSA4096, &cancelled);
  EXPECT_FALSE(key);
  std::atomic<bool> running{false};
  auto rsa = generate_key(config::KeyAlgorithm::RSA2048, &running);
  ASSERT_TRUE(rsa) << rsa.error().message();
  EXPECT_TRUE(key_fits(rsa->get(), config::KeyAlgorithm::RSA2048));
}

}  // namespace
}  // namespace ks::certs

namespace ks::certs {
namespace {

// An encrypted key on the node is refused at once, never a passphrase prompt that would hang a run.
TEST(KeyParsing, RefusesAnEncryptedKeyWithoutPrompting) {
  auto key = generate_key(config::KeyAlgorithm::ECDSAP256).value();
  BioPtr bio(BIO_new(BIO_s_mem()));
  ASSERT_EQ(PEM_write_bio_PrivateKey(bio.get(), key.get(), EVP_aes_256_cbc(),
                                     reinterpret_cast<const unsigned char*>("secret"), 6, nullptr, nullptr),
            1);
  auto encrypted = bio_contents(bio.get());
  ASSERT_NE(encrypted.find("ENCRYPTED"), std::string::npos);
  auto parsed = parse_private_key(encrypted);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message().find("not a PEM private key"), std::string::npos);
}

}  // namespace
}  // namespace ks::certs

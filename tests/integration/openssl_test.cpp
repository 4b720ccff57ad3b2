// The real openssl CLI checks every certificate kubestrap writes: chain, names, usages, validity and keys.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using testing::kubestrap;
using testing::run;

struct Expected {
  std::string base, ca, subject, extended_usage;
  bool server_names = false;
};

// openssl's own rendering of a certificate field, e.g. "X509v3 Extended Key Usage" -> "TLS Web Client
// Authentication".
std::map<std::string, std::string> extensions(const std::string& certificate) {
  auto text = run({"openssl", "x509", "-in", certificate, "-noout", "-ext",
                   "subjectAltName,keyUsage,extendedKeyUsage,basicConstraints,subjectKeyIdentifier,"
                   "authorityKeyIdentifier"})
                  .out;
  std::map<std::string, std::string> fields;
  std::regex header(R"(^(X509v3 [^:]+):\s*(critical)?\s*$)");
  std::string current;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, header)) {
      current = m[1].str() + (m[2].matched && m[2].length() ? " (critical)" : "");
      fields[current] = "";
    } else if (!current.empty()) {
      fields[current] += std::regex_replace(line, std::regex(R"(^\s+|\s+$)"), "");
    }
  }
  return fields;
}

class OpensslChecks : public ::testing::TestWithParam<std::string> {};

TEST_P(OpensslChecks, EveryCertificateVerifiesAndCarriesKubeadmsFields) {
  testing::TempDir root;
  auto algorithm = GetParam();
  std::string config = root.path() + "-config.yaml";
  host::RootFiles("/")
      .write_atomic(config,
                    "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nencryptionAlgorithm: " +
                        algorithm +
                        "\nnetworking:\n  podSubnet: 10.244.0.0/16\n---\napiVersion: kubeadm.k8s.io/v1beta4\n"
                        "kind: InitConfiguration\nnodeRegistration:\n  name: cp1\n  criSocket: "
                        "unix:///run/containerd/containerd.sock\n"
                        "localAPIEndpoint:\n  advertiseAddress: 192.168.1.10\n",
                    0644)
      .value();
  auto result = kubestrap({"init", "phase", "certs", "all", "--config", config, "--root-dir", root.path()});
  host::RootFiles("/").remove(config).value();
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto pki = root.path() + "/etc/kubernetes/pki/";
  const std::vector<Expected> table = {
      {"ca", "ca", "CN = kubernetes", ""},
      {"apiserver", "ca", "CN = kube-apiserver", "TLS Web Server Authentication", true},
      {"apiserver-kubelet-client", "ca", "O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client",
       "TLS Web Client Authentication"},
      {"front-proxy-ca", "front-proxy-ca", "CN = front-proxy-ca", ""},
      {"front-proxy-client", "front-proxy-ca", "CN = front-proxy-client", "TLS Web Client Authentication"},
      {"etcd/ca", "etcd/ca", "CN = etcd-ca", ""},
      {"etcd/server", "etcd/ca", "CN = cp1", "TLS Web Server Authentication, TLS Web Client Authentication"},
      {"etcd/peer", "etcd/ca", "CN = cp1", "TLS Web Server Authentication, TLS Web Client Authentication"},
      {"etcd/healthcheck-client", "etcd/ca", "CN = kube-etcd-healthcheck-client",
       "TLS Web Client Authentication"},
      {"apiserver-etcd-client", "etcd/ca", "CN = kube-apiserver-etcd-client",
       "TLS Web Client Authentication"},
  };
  for (const auto& e : table) {
    SCOPED_TRACE(e.base);
    auto crt = pki + e.base + ".crt", key = pki + e.base + ".key", ca = pki + e.ca + ".crt";
    auto verify = run({"openssl", "verify", "-CAfile", ca, "-purpose", "any", crt});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    EXPECT_EQ(run({"openssl", "x509", "-in", crt, "-noout", "-subject"}).out, "subject=" + e.subject + "\n");
    auto ext = extensions(crt);
    bool is_ca = e.base == e.ca;
    EXPECT_EQ(ext["X509v3 Basic Constraints (critical)"], is_ca ? "CA:TRUE" : "CA:FALSE");
    EXPECT_EQ(ext["X509v3 Key Usage (critical)"],
              is_ca ? "Digital Signature, Key Encipherment, Certificate Sign"
                    : "Digital Signature, Key Encipherment");
    if (!is_ca) {
      EXPECT_EQ(ext["X509v3 Extended Key Usage"], e.extended_usage);
    }
    EXPECT_EQ(ext.contains("X509v3 Subject Key Identifier"), is_ca);
    EXPECT_EQ(ext.contains("X509v3 Authority Key Identifier"), !is_ca);
    // The key on disk belongs to the certificate.
    auto cert_pub = run({"openssl", "x509", "-in", crt, "-noout", "-pubkey"}).out;
    auto key_pub = run({"openssl", "pkey", "-in", key, "-pubout"}).out;
    EXPECT_EQ(cert_pub, key_pub);
    EXPECT_EQ(testing::mode_of(key), 0600u);
    EXPECT_EQ(testing::mode_of(crt), 0644u);
    auto key_type = run({"openssl", "pkey", "-in", key, "-noout", "-text"}).out;
    EXPECT_NE(key_type.find(algorithm.starts_with("RSA") ? "Private-Key: (" + algorithm.substr(4) + " bit"
                            : algorithm == "ECDSA-P256"  ? "NIST CURVE: P-256"
                                                         : "NIST CURVE: P-384"),
              std::string::npos)
        << key_type;
    auto first_line = host::RootFiles("/").read(key).value().substr(0, 40);
    EXPECT_TRUE(first_line.starts_with(algorithm.starts_with("RSA") ? "-----BEGIN RSA PRIVATE KEY"
                                                                    : "-----BEGIN EC PRIVATE KEY"));
    // Validity: one year for leaves, ten for CAs, starting five minutes in the past.
    auto days = run({"openssl", "x509", "-in", crt, "-noout", "-checkend", is_ca ? "315000000" : "31000000"});
    EXPECT_EQ(days.exit_code, 0) << "expires too soon";
    auto too_long =
        run({"openssl", "x509", "-in", crt, "-noout", "-checkend", is_ca ? "316000000" : "31600000"});
    EXPECT_NE(too_long.exit_code, 0) << "valid for too long";
  }
  auto apiserver = extensions(pki + "apiserver.crt")["X509v3 Subject Alternative Name"];
  EXPECT_EQ(apiserver,
            "DNS:cp1, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, "
            "DNS:kubernetes.default.svc.cluster.local, IP Address:10.96.0.1, IP Address:192.168.1.10");
  auto etcd = extensions(pki + "etcd/server.crt")["X509v3 Subject Alternative Name"];
  EXPECT_EQ(
      etcd,
      "DNS:cp1, DNS:localhost, IP Address:192.168.1.10, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
  // A leaf does not verify against the wrong CA.
  EXPECT_NE(run({"openssl", "verify", "-CAfile", pki + "etcd/ca.crt", pki + "apiserver.crt"}).exit_code, 0);
  EXPECT_EQ(testing::mode_of(pki + "sa.key"), 0600u);
  EXPECT_EQ(run({"openssl", "pkey", "-in", pki + "sa.key", "-pubout"}).out,
            host::RootFiles("/").read(pki + "sa.pub").value());
  // `certs ca-hash` is the pin the openssl pipeline people copy computes from the same file.
  auto pin = kubestrap({"certs", "ca-hash", "--root-dir", root.path()});
  auto pipeline = run({"sh", "-c",
                       "openssl x509 -pubkey -noout -in " + pki +
                           "ca.crt | openssl pkey -pubin -outform der | openssl dgst -sha256"});
  ASSERT_EQ(pin.exit_code, 0) << pin.err;
  EXPECT_EQ(pin.out, "sha256:" + pipeline.out.substr(pipeline.out.rfind(' ') + 1));
}

INSTANTIATE_TEST_SUITE_P(Algorithms, OpensslChecks, ::testing::Values("RSA-2048", "ECDSA-P256", "ECDSA-P384"),
                         [](const auto& info) {
                           auto name = info.param;
                           name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                           return name;
                         });

}  // namespace
}  // namespace ks

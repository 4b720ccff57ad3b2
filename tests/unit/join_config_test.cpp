// `kubestrap join`'s configuration: flags and JoinConfiguration files to a defaulted, validated
// configuration, with kubeadm's rules (cmd/join.go, validation.go, v1beta4 defaults).
#include <gtest/gtest.h>

#include <functional>

#include "base/strings.hpp"
#include "config/defaults.hpp"
#include "config/join_load.hpp"
#include "config/validate.hpp"
#include "tests/support/test_host.hpp"

namespace ks::config {
namespace {

using namespace std::chrono_literals;
using testing::TestHost;

const std::string kJoinToken = "k7x2q9.m4n8p1r6t3v5w0y2";
const std::string kOtherJoinToken = "zyxwvu.9876543210zyxwvu";
const std::string kJoinPin = "sha256:" + std::string(64, 'a');
const std::string kCertificateKey = std::string(64, 'f');
const std::string kJoinSocket = "unix:///run/containerd/containerd.sock";

// `kubestrap join 10.0.0.1:6443 --token ... --discovery-token-ca-cert-hash ...` with a fixed node.
JoinFlags worker_flags() {
  JoinFlags flags;
  flags.endpoints = {"10.0.0.1:6443"};
  flags.token = kJoinToken;
  flags.ca_cert_hashes = {kJoinPin};
  flags.node_name = "node1";
  flags.cri_socket = kJoinSocket;
  return flags;
}

bool has(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string write_config(const testing::TempDir& dir, const std::string& text) {
  host::RootFiles(dir.path()).write_atomic("/join.yaml", text, 0644).value();
  return dir.path() + "/join.yaml";
}

TEST(JoinConfigFlags, BuildTheConfigurationAsKubeadmJoinDoes) {
  struct Case {
    std::string name;
    std::function<void(JoinFlags&)> change;
    std::function<void(const JoinConfiguration&)> check;
    std::string warning;  // a part of the one warning expected, or "" for none
  };
  std::vector<Case> cases = {
      {"--token is both tokens", [](auto&) {},
       [](const auto& c) {
         ASSERT_TRUE(c.discovery.bootstrap_token);
         EXPECT_EQ(c.discovery.bootstrap_token->token, kJoinToken);
         EXPECT_EQ(c.discovery.bootstrap_token->api_server_endpoint, "10.0.0.1:6443");
         EXPECT_EQ(c.discovery.bootstrap_token->ca_cert_hashes, std::vector<std::string>{kJoinPin});
         EXPECT_EQ(c.discovery.tls_bootstrap_token, kJoinToken);
         EXPECT_FALSE(c.discovery.file);
         EXPECT_FALSE(c.control_plane);
       },
       ""},
      {"--discovery-token wins over --token", [](auto& f) { f.discovery_token = kOtherJoinToken; },
       [](const auto& c) {
         EXPECT_EQ(c.discovery.bootstrap_token->token, kOtherJoinToken);
         EXPECT_EQ(c.discovery.tls_bootstrap_token, kJoinToken);
       },
       ""},
      {"--tls-bootstrap-token wins over --token", [](auto& f) { f.tls_bootstrap_token = kOtherJoinToken; },
       [](const auto& c) {
         EXPECT_EQ(c.discovery.bootstrap_token->token, kJoinToken);
         EXPECT_EQ(c.discovery.tls_bootstrap_token, kOtherJoinToken);
       },
       ""},
      {"--discovery-token alone is the TLS bootstrap token too",
       [](auto& f) {
         f.token.reset();
         f.discovery_token = kOtherJoinToken;
       },
       [](const auto& c) { EXPECT_EQ(c.discovery.tls_bootstrap_token, kOtherJoinToken); }, ""},
      {"--discovery-file selects file discovery",
       [](auto& f) {
         f.endpoints.clear();
         f.discovery_file = "/root/cluster-info.conf";
       },
       [](const auto& c) {
         EXPECT_FALSE(c.discovery.bootstrap_token);
         ASSERT_TRUE(c.discovery.file);
         EXPECT_EQ(c.discovery.file->kube_config_path, "/root/cluster-info.conf");
         EXPECT_EQ(c.discovery.tls_bootstrap_token, kJoinToken);
       },
       ""},
      {"a file:/// URL is its path",
       [](auto& f) {
         f.endpoints.clear();
         f.discovery_file = "file:///root/cluster-info.conf";
       },
       [](const auto& c) { EXPECT_EQ(c.discovery.file->kube_config_path, "/root/cluster-info.conf"); }, ""},
      {"--control-plane with its flags",
       [](auto& f) {
         f.control_plane = true;
         f.apiserver_advertise_address = "10.0.0.7";
         f.apiserver_bind_port = 7443;
         f.certificate_key = kCertificateKey;
       },
       [](const auto& c) {
         ASSERT_TRUE(c.control_plane);
         EXPECT_EQ(c.control_plane->local_api_endpoint.advertise_address, "10.0.0.7");
         EXPECT_EQ(c.control_plane->local_api_endpoint.bind_port, 7443);
         EXPECT_EQ(c.control_plane->certificate_key, kCertificateKey);
         EXPECT_FALSE(c.node_registration.taints);
       },
       ""},
      {"--control-plane alone: the default-route address and 6443", [](auto& f) { f.control_plane = true; },
       [](const auto& c) {
         ASSERT_TRUE(c.control_plane);
         EXPECT_EQ(c.control_plane->local_api_endpoint.advertise_address, "192.168.1.10");
         EXPECT_EQ(c.control_plane->local_api_endpoint.bind_port, 6443);
         EXPECT_EQ(c.control_plane->certificate_key, "");
       },
       ""},
      {"control-plane flags without --control-plane are ignored",
       [](auto& f) {
         f.apiserver_advertise_address = "10.0.0.7";
         f.certificate_key = kCertificateKey;
       },
       [](const auto& c) { EXPECT_FALSE(c.control_plane); },
       "--apiserver-advertise-address, --certificate-key are ignored: they configure a control-plane join, "
       "which also needs --control-plane"},
      {"a second endpoint is ignored", [](auto& f) { f.endpoints.push_back("10.0.0.2:6443"); },
       [](const auto& c) { EXPECT_EQ(c.discovery.bootstrap_token->api_server_endpoint, "10.0.0.1:6443"); },
       "using \"10.0.0.1:6443\" and ignoring \"10.0.0.2:6443\""},
      {"node flags",
       [](auto& f) {
         f.skip_phases = {"preflight"};
         f.ignore_preflight_errors = {"Swap"};
         f.dry_run = true;
         f.unsafe_skip_ca_verification = true;
         f.ca_cert_hashes.clear();
       },
       [](const auto& c) {
         EXPECT_EQ(c.skip_phases, std::vector<std::string>{"preflight"});
         EXPECT_EQ(c.node_registration.ignore_preflight_errors, std::vector<std::string>{"Swap"});
         EXPECT_TRUE(c.dry_run);
         EXPECT_TRUE(c.discovery.bootstrap_token->unsafe_skip_ca_verification);
       },
       ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TestHost t;
    auto flags = worker_flags();
    c.change(flags);
    auto loaded = load_join_config(flags, t.host);
    ASSERT_TRUE(loaded) << loaded.error().message();
    c.check(loaded->config);
    if (c.warning.empty()) {
      EXPECT_TRUE(loaded->warnings.empty()) << join(loaded->warnings, "\n");
    } else {
      ASSERT_EQ(loaded->warnings.size(), 1u);
      EXPECT_TRUE(has(loaded->warnings.front(), c.warning)) << loaded->warnings.front();
    }
  }
}

TEST(JoinConfigFlags, RefusesABindPortThatWouldReadAsUnset) {
  TestHost t;
  auto flags = worker_flags();
  flags.control_plane = true;
  flags.apiserver_bind_port = 0;
  auto loaded = load_join_config(flags, t.host);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(loaded.error().what, "--apiserver-bind-port 0");
}

TEST(JoinConfigDefaults, FillKubeadmsDefaultsAndTheHostsFacts) {
  TestHost t("Worker-7");
  ASSERT_TRUE(t.files.write_atomic("/run/crio/crio.sock", "", 0600));
  auto flags = worker_flags();
  flags.node_name.reset();
  flags.cri_socket.reset();
  auto loaded = load_join_config(flags, t.host);
  ASSERT_TRUE(loaded) << loaded.error().message();
  const auto& c = loaded->config;
  EXPECT_EQ(c.node_registration.name, "worker-7");
  EXPECT_EQ(c.node_registration.cri_socket, "unix:///var/run/crio/crio.sock");
  EXPECT_EQ(c.node_registration.image_pull_policy, "IfNotPresent");
  EXPECT_FALSE(c.node_registration.taints);  // the join code decides
  EXPECT_EQ(c.ca_cert_path, "/etc/kubernetes/pki/ca.crt");
  EXPECT_EQ(c.timeouts.discovery, 5min);
  EXPECT_EQ(c.timeouts.tls_bootstrap, 5min);
  EXPECT_EQ(c.timeouts.kubelet_health_check, 4min);
  EXPECT_EQ(c.timeouts.kubernetes_api_call, 1min);
  EXPECT_EQ(c.timeouts.control_plane_component_health_check, 4min);
  EXPECT_EQ(c.timeouts.etcd_api_call, 2min);
  EXPECT_EQ(c.timeouts.upgrade_manifests, 5min);

  flags.cri_socket = "/run/containerd/containerd.sock";
  EXPECT_EQ(load_join_config(flags, t.host).value().config.node_registration.cri_socket, kJoinSocket);
  flags.cri_socket.reset();
  ASSERT_TRUE(t.files.write_atomic("/run/containerd/containerd.sock", "", 0600));
  auto both = load_join_config(flags, t.host);
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().kind, ErrorKind::InvalidInput);
  EXPECT_TRUE(has(both.error().fix, "--cri-socket"));
}

constexpr std::string_view kV1Beta4Join = R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: JoinConfiguration
dryRun: true
caCertPath: /etc/kubernetes/pki/cluster-ca.crt
nodeRegistration:
  name: node-b
  criSocket: unix:///run/crio/crio.sock
  taints: []
  kubeletExtraArgs:
  - name: max-pods
    value: "200"
  - name: node-labels
    value: zone=a
  imagePullPolicy: Always
discovery:
  bootstrapToken:
    token: k7x2q9.m4n8p1r6t3v5w0y2
    apiServerEndpoint: cp.example.com:6443
    caCertHashes: [sha256:aaaa]
  tlsBootstrapToken: zyxwvu.9876543210zyxwvu
controlPlane:
  localAPIEndpoint:
    advertiseAddress: 10.0.0.8
    bindPort: 7443
  certificateKey: "0123"
skipPhases: [preflight]
timeouts:
  discovery: 2m
  tlsBootstrap: 3m
)";

TEST(JoinConfigDecode, ReadsEveryV1Beta4Field) {
  auto decoded = decode_join_config(kV1Beta4Join);
  ASSERT_TRUE(decoded) << decoded.error().message();
  const auto& c = decoded->config;
  EXPECT_TRUE(decoded->warnings.empty()) << join(decoded->warnings, "\n");
  EXPECT_TRUE(c.dry_run);
  EXPECT_EQ(c.ca_cert_path, "/etc/kubernetes/pki/cluster-ca.crt");
  EXPECT_EQ(c.node_registration.name, "node-b");
  EXPECT_EQ(c.node_registration.cri_socket, "unix:///run/crio/crio.sock");
  ASSERT_TRUE(c.node_registration.taints);
  EXPECT_TRUE(c.node_registration.taints->empty());
  EXPECT_EQ(c.node_registration.kubelet_extra_args,
            (std::vector<Arg>{{"max-pods", "200"}, {"node-labels", "zone=a"}}));
  EXPECT_EQ(c.node_registration.image_pull_policy, "Always");
  ASSERT_TRUE(c.discovery.bootstrap_token);
  EXPECT_EQ(c.discovery.bootstrap_token->token, kJoinToken);
  EXPECT_EQ(c.discovery.bootstrap_token->api_server_endpoint, "cp.example.com:6443");
  EXPECT_EQ(c.discovery.bootstrap_token->ca_cert_hashes, std::vector<std::string>{"sha256:aaaa"});
  EXPECT_EQ(c.discovery.tls_bootstrap_token, kOtherJoinToken);
  EXPECT_FALSE(c.discovery.file);
  ASSERT_TRUE(c.control_plane);
  EXPECT_EQ(c.control_plane->local_api_endpoint.advertise_address, "10.0.0.8");
  EXPECT_EQ(c.control_plane->local_api_endpoint.bind_port, 7443);
  EXPECT_EQ(c.control_plane->certificate_key, "0123");
  EXPECT_EQ(c.skip_phases, std::vector<std::string>{"preflight"});
  EXPECT_EQ(c.timeouts.discovery, 2min);
  EXPECT_EQ(c.timeouts.tls_bootstrap, 3min);
}

TEST(JoinConfigDecode, ConvertsV1Beta3) {
  auto decoded = decode_join_config(R"(apiVersion: kubeadm.k8s.io/v1beta3
kind: JoinConfiguration
nodeRegistration:
  kubeletExtraArgs:
    max-pods: "200"
discovery:
  file:
    kubeConfigPath: https://example.com/cluster-info.yaml
  timeout: 90s
timeouts:
  discovery: 2m
)");
  ASSERT_TRUE(decoded) << decoded.error().message();
  const auto& c = decoded->config;
  EXPECT_EQ(c.node_registration.kubelet_extra_args, (std::vector<Arg>{{"max-pods", "200"}}));
  ASSERT_TRUE(c.discovery.file);
  EXPECT_EQ(c.discovery.file->kube_config_path, "https://example.com/cluster-info.yaml");
  EXPECT_EQ(c.timeouts.discovery, 90s);
  // timeouts is v1beta4's: in a v1beta3 file it is an unknown field.
  EXPECT_EQ(decoded->warnings,
            std::vector<std::string>{"unknown field JoinConfiguration.timeouts (ignored)"});
}

TEST(JoinConfigDecode, WarnsAboutUnknownFieldsAndIgnoredDocuments) {
  auto decoded = decode_join_config(R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: JoinConfiguration
discovery:
  bootstrapToken:
    tokn: abcdef.0123456789abcdef
)");
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(
      decoded->warnings,
      (std::vector<std::string>{"document 1: ClusterConfiguration is not used by join (ignored)",
                                "document 2: KubeletConfiguration is not used by join (ignored)",
                                "unknown field JoinConfiguration.discovery.bootstrapToken.tokn (ignored)"}));
}

TEST(JoinConfigDecode, RefusesBadFilesNamingTheFieldOrDocument) {
  const std::string head = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n";
  struct Case {
    std::string yaml, expected;
  };
  std::vector<Case> cases = {
      {"apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n",
       "the config file has no JoinConfiguration"},
      {head + "---\n" + head, "document 2: a second JoinConfiguration"},
      {head + "patches:\n  directory: /etc/patches\n", "JoinConfiguration patches"},
      {head + "controlPlane:\n  localAPIEndpoint:\n    bindPort: high\n",
       "JoinConfiguration.controlPlane.localAPIEndpoint.bindPort: expected an integer, got a string"},
      {head + "discovery:\n  bootstrapToken:\n    caCertHashes: sha256:aa\n",
       "JoinConfiguration.discovery.bootstrapToken.caCertHashes: expected a list of strings"},
      {head + "discovery:\n  bootstrapToken:\n    unsafeSkipCAVerification: yes please\n",
       "unsafeSkipCAVerification: expected true or false"},
      {head + "nodeRegistration:\n  kubeletExtraArgs:\n    max-pods: \"1\"\n",
       "nodeRegistration.kubeletExtraArgs: expected a list of {name, value}"},
      {"apiVersion: kubeadm.k8s.io/v1beta2\nkind: JoinConfiguration\n", "unsupported apiVersion"},
      {"apiVersion: kubeadm.k8s.io/v1beta4\nkind: Join\n", "unknown kind \"Join\""},
      {"kind: JoinConfiguration\n", "missing apiVersion or kind"},
      {"a: [\n", "invalid YAML"},
  };
  for (const auto& c : cases) {
    auto decoded = decode_join_config(c.yaml);
    ASSERT_FALSE(decoded) << c.yaml;
    EXPECT_EQ(decoded.error().kind, ErrorKind::InvalidInput);
    EXPECT_TRUE(has(decoded.error().message(), c.expected)) << decoded.error().message();
  }
  auto missing = decode_join_config("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n");
  EXPECT_TRUE(has(missing.error().why, "JoinConfiguration document"));
  EXPECT_TRUE(has(missing.error().fix, "kind: JoinConfiguration"));
}

TEST(JoinConfigLoad, ReadsTheFileAndAddsOnlyTheFlagsKubeadmAllowsWithIt) {
  TestHost t;
  testing::TempDir scratch;
  JoinFlags flags;
  flags.config_path = write_config(scratch, std::string(kV1Beta4Join) + "---\n");
  flags.node_name = "override";
  flags.skip_phases = {"kubelet-start"};
  flags.endpoints = {"10.9.9.9:6443"};
  flags.given = {"config", "node-name", "skip-phases", "dry-run"};
  flags.dry_run = true;
  auto loaded = load_join_config(flags, t.host);
  // The file's certificate key "0123" is too short: everything else in it is valid.
  ASSERT_FALSE(loaded);
  EXPECT_TRUE(has(loaded.error().why, "controlPlane.certificateKey (--certificate-key)"))
      << loaded.error().why;

  auto text = std::string(kV1Beta4Join);
  text.replace(text.find("certificateKey: \"0123\""), 22, "certificateKey: " + kCertificateKey);
  flags.config_path = write_config(scratch, text);
  loaded = load_join_config(flags, t.host);
  ASSERT_TRUE(loaded) << loaded.error().message();
  const auto& c = loaded->config;
  EXPECT_EQ(c.node_registration.name, "override");
  EXPECT_EQ(c.skip_phases, std::vector<std::string>{"kubelet-start"});
  EXPECT_EQ(c.discovery.bootstrap_token->api_server_endpoint, "cp.example.com:6443");
  EXPECT_EQ(loaded->warnings,
            std::vector<std::string>{"the API server endpoint \"10.9.9.9:6443\" given on the command line is "
                                     "ignored: with --config, the file's "
                                     "discovery.bootstrapToken.apiServerEndpoint is used"});

  flags.given = {"config", "token", "skip-phases"};
  auto mixed = load_join_config(flags, t.host);
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(mixed.error().what, "cannot mix --config with --token");

  flags.given = {"config"};
  flags.config_path = scratch.path() + "/missing.yaml";
  auto unreadable = load_join_config(flags, t.host);
  ASSERT_FALSE(unreadable);
  EXPECT_EQ(unreadable.error().kind, ErrorKind::InvalidInput);
  EXPECT_TRUE(has(unreadable.error().fix, "--config"));
}

// Each case breaks one thing in a valid configuration; the error names the field and the flag.
TEST(JoinConfigValidate, NamesEachProblemWithItsFieldAndFlag) {
  TestHost t;
  auto base = load_join_config(worker_flags(), t.host).value().config;
  auto as_control_plane = [&](JoinConfiguration& c) {
    c.control_plane = JoinControlPlane{{"10.0.0.7", 6443}, ""};
  };
  auto as_file = [&](JoinConfiguration& c, const std::string& path) {
    c.discovery.bootstrap_token.reset();
    c.discovery.file = FileDiscovery{path};
  };
  struct Case {
    std::function<void(JoinConfiguration&)> change;
    std::vector<std::string> expected;  // all in the error's text; empty: the configuration is valid
  };
  std::vector<Case> cases = {
      {[](auto& c) { c.discovery.file = FileDiscovery{"/root/a.conf"}; },
       {"discovery: bootstrapToken and file cannot both be set", "<api-server-endpoint>",
        "--discovery-file"}},
      {[](auto& c) { c.discovery.bootstrap_token.reset(); },
       {"discovery: no way to find the cluster", "<api-server-endpoint> with --token", "--discovery-file"}},
      {[](auto& c) { c.discovery.bootstrap_token->token = "K7X2Q9.m4n8p1r6t3v5w0y2"; },
       {"discovery.bootstrapToken.token (--token, --discovery-token): the token must look like"}},
      {[](auto& c) { c.discovery.bootstrap_token->token = ""; },
       {"discovery.bootstrapToken.token (--token, --discovery-token): missing"}},
      {[](auto& c) { c.discovery.bootstrap_token->api_server_endpoint = ""; },
       {"discovery.bootstrapToken.apiServerEndpoint (<api-server-endpoint>): missing"}},
      {[](auto& c) { c.discovery.bootstrap_token->api_server_endpoint = "10.0.0.1"; }, {"has no port"}},
      {[](auto& c) { c.discovery.bootstrap_token->api_server_endpoint = "10.0.0.1:99999"; },
       {"apiServerEndpoint (<api-server-endpoint>)", "1 to 65535"}},
      {[](auto& c) { c.discovery.bootstrap_token->api_server_endpoint = "bad_host:6443"; },
       {"\"bad_host\" is neither an IP address nor a DNS name"}},
      {[](auto& c) { c.discovery.bootstrap_token->ca_cert_hashes.clear(); },
       {"discovery.bootstrapToken.caCertHashes (--discovery-token-ca-cert-hash)",
        "pass --discovery-token-ca-cert-hash sha256:<hash> ('kubestrap certs ca-hash' on a control-plane "
        "node "
        "prints it), or --discovery-token-unsafe-skip-ca-verification"}},
      {[](auto& c) {
         c.discovery.bootstrap_token->ca_cert_hashes.clear();
         c.discovery.bootstrap_token->unsafe_skip_ca_verification = true;
       },
       {}},
      // A pin's format is the join code's to judge (certs::parse_ca_pin).
      {[](auto& c) { c.discovery.bootstrap_token->ca_cert_hashes = {"md5:xyz"}; }, {}},
      {[](auto& c) { c.discovery.tls_bootstrap_token = "short.token"; },
       {"discovery.tlsBootstrapToken (--tls-bootstrap-token, --token): the token must look like"}},
      {[](auto& c) { c.discovery.tls_bootstrap_token = ""; },
       {"discovery.tlsBootstrapToken (--tls-bootstrap-token, --token): missing"}},
      {[&](auto& c) { as_file(c, ""); }, {"discovery.file.kubeConfigPath (--discovery-file): missing"}},
      {[&](auto& c) { as_file(c, "http://10.0.0.1/cluster-info.yaml"); },
       {"discovery.file.kubeConfigPath (--discovery-file)", "plain http", "https://"}},
      {[&](auto& c) { as_file(c, "ftp://10.0.0.1/cluster-info.yaml"); },
       {"is a ftp:// URL; expected a file path or an https:// URL"}},
      {[&](auto& c) { as_file(c, "https://10.0.0.1/cluster-info.yaml"); }, {}},
      {[&](auto& c) { as_file(c, "relative/cluster-info.yaml"); }, {}},
      {[&](auto& c) {
         as_file(c, "/root/a.conf");
         c.discovery.tls_bootstrap_token = "";
       },
       {}},
      {[&](auto& c) {
         as_file(c, "/root/a.conf");
         c.discovery.tls_bootstrap_token = "bad";
       },
       {"discovery.tlsBootstrapToken (--tls-bootstrap-token, --token)"}},
      {[](auto& c) { c.node_registration.name = "Node_1"; }, {"nodeRegistration.name (--node-name)"}},
      {[](auto& c) { c.node_registration.cri_socket = "containerd"; },
       {"nodeRegistration.criSocket (--cri-socket)"}},
      {[](auto& c) { c.node_registration.image_pull_policy = "Sometimes"; },
       {"nodeRegistration.imagePullPolicy"}},
      {[](auto& c) {
         c.node_registration.taints = std::vector<Taint>{{"a", "", "Never"}};
       },
       {"nodeRegistration.taints"}},
      {[](auto& c) {
         c.node_registration.kubelet_extra_args = {{"--max-pods", "1"}};
       },
       {"nodeRegistration.kubeletExtraArgs", "without leading dashes"}},
      {[](auto& c) {
         c.node_registration.kubelet_extra_args = {{"node-labels", "a=\"b\""}};
       },
       {"nodeRegistration.kubeletExtraArgs.node-labels", "double quote"}},
      {[](auto& c) { c.ca_cert_path = "pki/ca.crt"; },
       {"caCertPath: \"pki/ca.crt\" must be an absolute path"}},
      {[](auto& c) { c.ca_cert_path = "/etc/kubernetes/pki/ca.pem"; }, {"caCertPath", "a .crt file"}},
      {[&](auto& c) {
         as_control_plane(c);
         c.control_plane->local_api_endpoint.advertise_address = "10.0.0.300";
       },
       {"controlPlane.localAPIEndpoint.advertiseAddress (--apiserver-advertise-address)"}},
      {[&](auto& c) {
         as_control_plane(c);
         c.control_plane->local_api_endpoint.bind_port = 70000;
       },
       {"controlPlane.localAPIEndpoint.bindPort (--apiserver-bind-port): 70000 is not a port"}},
      {[&](auto& c) {
         as_control_plane(c);
         c.control_plane->certificate_key = "abc";
       },
       {"controlPlane.certificateKey (--certificate-key): it must be 64 hex digits"}},
      {[&](auto& c) {
         as_control_plane(c);
         c.control_plane->certificate_key = std::string(64, 'F');
       },
       {}},
      {[](auto& c) { c.timeouts.discovery = 9000h; },
       {"timeouts.discovery", "longer than the limit of 8760h"}},
      {[](auto& c) { c.timeouts.tls_bootstrap = -1s; }, {"timeouts.tlsBootstrap: must not be negative"}},
      {[](auto& c) { c.skip_phases = {"pre\x01flight"}; },
       {"JoinConfiguration.skipPhases[0]", "control character"}},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    auto config = base;
    cases[i].change(config);
    auto status = validate(config);
    if (cases[i].expected.empty()) {
      EXPECT_TRUE(status) << status.error().message();
      continue;
    }
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().kind, ErrorKind::InvalidInput);
    for (const auto& part : cases[i].expected)
      EXPECT_TRUE(has(status.error().message(), part)) << status.error().why;
    // A bootstrap token is a secret: never repeated in a message.
    EXPECT_FALSE(has(status.error().message(), "m4n8p1r6t3v5w0y2")) << status.error().why;
  }
}

TEST(JoinConfigValidate, ReportsEveryProblemAtOnceFromTheFlags) {
  TestHost t;
  auto flags = worker_flags();
  flags.ca_cert_hashes.clear();
  flags.node_name = "Bad_Name";
  flags.discovery_file = "http://10.0.0.1/x";
  auto loaded = load_join_config(flags, t.host);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::InvalidInput);
  for (const auto* part : {"bootstrapToken and file cannot both be set", "--discovery-token-ca-cert-hash",
                           "--node-name", "plain http"})
    EXPECT_TRUE(has(loaded.error().why, part)) << loaded.error().why;
}

// What `kubeadm config print join-defaults` prints (kubeadm 1.32): read without a single warning.
TEST(JoinConfigLoad, KubeadmsPrintedJoinDefaultsAreReadAsTheyAre) {
  TestHost t;
  JoinFlags flags;
  flags.config_path = std::string(KS_SOURCE_DIR) + "/tests/fixtures/kubeadm/join-defaults.yaml";
  flags.given = {"config"};
  auto loaded = load_join_config(flags, t.host);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->warnings, std::vector<std::string>{});
  const auto& discovery = loaded->config.discovery;
  ASSERT_TRUE(discovery.bootstrap_token.has_value());
  EXPECT_EQ(discovery.bootstrap_token->api_server_endpoint, "kube-apiserver:6443");
  EXPECT_TRUE(discovery.bootstrap_token->unsafe_skip_ca_verification);
  EXPECT_EQ(loaded->config.node_registration.name, "node");
}

}  // namespace
}  // namespace ks::config

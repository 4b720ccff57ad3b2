// The static Pods where issue 12 found them differing from kubeadm 1.32, each test pinning what kubeadm's
// own source does: cmd/kubeadm/app/phases/controlplane/manifests.go (GetStaticPodSpecs,
// getAPIServerCommand), cmd/kubeadm/app/phases/etcd/local.go (GetEtcdPodSpec) and
// cmd/kubeadm/app/util/staticpod/utils.go (LivenessProbe, StartupProbe, GetEtcdProbeEndpoint,
// Get{ControllerManager,Scheduler}ProbeAddress, getProbeAddress).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

#include "templates/control_plane_pods.hpp"
#include "templates/static_pod.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::templates {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// A configuration file as a user writes it: every setting issue 12 is about, changed from its default.
config::InitConfiguration load_yaml(testing::TestHost& t, const std::string& cluster_extra,
                                    const std::string& init_extra = "") {
  auto path = t.root.path() + "/kubeadm.yaml";
  std::string text = R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 192.0.2.10
nodeRegistration:
  name: cp1
  criSocket: unix:///run/containerd/containerd.sock
)" + init_extra + R"(---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
)" + cluster_extra;
  EXPECT_TRUE(host::RootFiles("/").write_atomic(path, text, 0644));
  config::InitFlags flags;
  flags.config_path = path;
  return testing::load_config(t, flags);
}

std::vector<json> all_pods(const config::InitConfiguration& c) {
  return {etcd_pod(c, {}), kube_apiserver_pod(c, {}), kube_controller_manager_pod(c, {}),
          kube_scheduler_pod(c, {})};
}

const json& container(const json& pod) {
  return pod["spec"]["containers"][0];
}

std::string flag(const json& pod, const std::string& name) {
  for (const auto& item : container(pod)["command"]) {
    auto argument = item.get<std::string>();
    if (argument.starts_with("--" + name + "=")) return argument.substr(name.size() + 3);
  }
  return "<absent>";
}

// Item 4: kubeadm writes v1.PullIfNotPresent into all four Pods (manifests.go for the API server,
// controller manager and scheduler; local.go for etcd); nodeRegistration.imagePullPolicy only decides how
// init pulls the images beforehand.
TEST(StaticPodParity, ImagePullPolicyIsIfNotPresentWhateverNodeRegistrationSays) {
  for (std::string policy : {"Always", "Never", "IfNotPresent"}) {
    testing::TestHost t;
    auto c = load_yaml(t, "", "  imagePullPolicy: " + policy + "\n");
    ASSERT_EQ(c.node_registration.image_pull_policy, policy);
    for (const auto& pod : all_pods(c))
      EXPECT_EQ(container(pod)["imagePullPolicy"], "IfNotPresent")
          << pod["metadata"]["name"] << " " << policy;
  }
}

// Item 5: StartupProbe: period 10 s, failureThreshold ceil(timeouts.controlPlaneComponentHealthCheck /
// 10 s), delay 10, timeout 15; LivenessProbe stays 10/15/8/10 and ReadinessProbe 0/15/3/1 whatever the
// timeout.
TEST(StaticPodParity, StartupProbeFailureThresholdFollowsTheHealthCheckTimeout) {
  struct Case {
    std::string timeout;
    int failures;
  };
  for (const auto& [timeout, failures] : std::vector<Case>{{"", 24},
                                                           {"4m0s", 24},
                                                           {"95s", 10},
                                                           {"100s", 10},
                                                           {"101s", 11},
                                                           {"10m", 60},
                                                           {"1s", 1},
                                                           {"1h", 360}}) {
    testing::TestHost t;
    auto init_extra =
        timeout.empty() ? "" : "timeouts:\n  controlPlaneComponentHealthCheck: " + timeout + "\n";
    auto c = load_yaml(t, "", init_extra);
    for (const auto& pod : all_pods(c)) {
      const auto& startup = container(pod)["startupProbe"];
      SCOPED_TRACE(pod["metadata"]["name"].get<std::string>() + " with timeout " + timeout);
      EXPECT_EQ(startup["failureThreshold"], failures);
      EXPECT_EQ(startup["periodSeconds"], 10);
      EXPECT_EQ(startup["initialDelaySeconds"], 10);
      EXPECT_EQ(startup["timeoutSeconds"], 15);
      const auto& liveness = container(pod)["livenessProbe"];
      EXPECT_EQ(liveness["failureThreshold"], 8);
      EXPECT_EQ(liveness["periodSeconds"], 10);
      EXPECT_EQ(liveness["initialDelaySeconds"], 10);
      EXPECT_EQ(liveness["timeoutSeconds"], 15);
    }
  }
  EXPECT_EQ(startup_probe("HTTP", "h", 1, "/", 239s + 1ns).failure_threshold, 24);  // ceil, not round
  EXPECT_EQ(startup_probe("HTTP", "h", 1, "/", 240s + 1ns).failure_threshold, 25);
}

// Item 1: the three etcd probes go where the first URL of listen-metrics-urls says.
TEST(StaticPodParity, EtcdProbesFollowListenMetricsUrls) {
  testing::TestHost t;
  auto c = load_yaml(t, R"(etcd:
  local:
    extraArgs:
    - name: listen-metrics-urls
      value: https://192.0.2.10:2382,http://127.0.0.1:2381
)");
  auto pod = etcd_pod(c, {});
  EXPECT_EQ(flag(pod, "listen-metrics-urls"), "https://192.0.2.10:2382,http://127.0.0.1:2381");
  for (auto probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    EXPECT_EQ(container(pod)[probe]["httpGet"],
              (json{{"host", "192.0.2.10"},
                    {"port", 2382},
                    {"scheme", "HTTPS"},
                    {"path", std::string(probe) == "livenessProbe" ? "/livez" : "/readyz"}}))
        << probe;
  }
}

// GetEtcdProbeEndpoint parses the first URL of the last listen-metrics-urls with Go's url.Parse; what is
// missing or does not parse falls back to http://127.0.0.1:2381 (::1 on an IPv6 node) part by part.
TEST(StaticPodParity, EtcdProbeEndpointReadsUrlsAsKubeadmDoes) {
  struct Case {
    std::vector<config::Arg> args;
    bool ipv6;
    ProbeEndpoint expected;
  };
  std::vector<Case> cases = {
      {{}, false, {"HTTP", "127.0.0.1", 2381}},
      {{}, true, {"HTTP", "::1", 2381}},
      {{{"v", "2"}}, false, {"HTTP", "127.0.0.1", 2381}},
      {{{"listen-metrics-urls", "http://192.0.2.10:2382"}}, false, {"HTTP", "192.0.2.10", 2382}},
      {{{"listen-metrics-urls", "HTTPS://node.example:9000"}}, false, {"HTTPS", "node.example", 9000}},
      {{{"listen-metrics-urls", "https://[fd00::10]:2382"}}, true, {"HTTPS", "fd00::10", 2382}},
      {{{"listen-metrics-urls", "https://[fd00::10]"}}, false, {"HTTPS", "fd00::10", 2381}},
      {{{"listen-metrics-urls", "https://:2382"}}, true, {"HTTPS", "::1", 2382}},
      {{{"listen-metrics-urls", "http://0.0.0.0:2381"}}, false, {"HTTP", "0.0.0.0", 2381}},  // taken as is
      {{{"listen-metrics-urls", "http://192.0.2.10:99999"}}, false, {"HTTP", "192.0.2.10", 2381}},
      {{{"listen-metrics-urls", "http://192.0.2.10:0"}}, false, {"HTTP", "192.0.2.10", 2381}},
      {{{"listen-metrics-urls", "unix://etcd.sock"}}, false, {"HTTP", "etcd.sock", 2381}},
      {{{"listen-metrics-urls", "http://192.0.2.10:23x"}}, false, {"HTTP", "127.0.0.1", 2381}},  // no parse
      {{{"listen-metrics-urls", "192.0.2.10:2382"}}, false, {"HTTP", "127.0.0.1", 2381}},        // no parse
      {{{"listen-metrics-urls", "https://[fd00::10:2382"}}, true, {"HTTP", "::1", 2381}},        // no parse
      {{{"listen-metrics-urls", "http://a:1"}, {"listen-metrics-urls", "https://b:2"}},
       false,
       {"HTTPS", "b", 2}},  // the last one, as GetArgValue searches backwards
  };
  for (const auto& [args, ipv6, expected] : cases) {
    auto got = etcd_probe_endpoint(args, ipv6);
    SCOPED_TRACE(args.empty() ? std::string("no args") : args.back().value);
    EXPECT_EQ(got.scheme, expected.scheme);
    EXPECT_EQ(got.host, expected.host);
    EXPECT_EQ(got.port, expected.port);
  }
}

// Item 7: with a local etcd, --etcd-servers is the user's advertise-client-urls when etcd.local.extraArgs
// sets it (getAPIServerCommand), else the member on loopback.
TEST(StaticPodParity, EtcdServersFollowAUserAdvertiseClientUrls) {
  testing::TestHost t;
  auto c = load_yaml(t, R"(etcd:
  local:
    extraArgs:
    - name: advertise-client-urls
      value: https://etcd.example:2379,https://192.0.2.10:2379
)");
  EXPECT_EQ(flag(kube_apiserver_pod(c, {}), "etcd-servers"),
            "https://etcd.example:2379,https://192.0.2.10:2379");
  EXPECT_EQ(flag(etcd_pod(c, {}), "advertise-client-urls"),
            "https://etcd.example:2379,https://192.0.2.10:2379");
  testing::TestHost plain;
  EXPECT_EQ(flag(kube_apiserver_pod(load_yaml(plain, ""), {}), "etcd-servers"), "https://127.0.0.1:2379");
}

// Item 7: the controller manager and scheduler are probed on their bind-address, except that 0.0.0.0 and
// :: leave httpGet.host out so the kubelet probes the Pod IP (getProbeAddress); no bind-address: 127.0.0.1.
TEST(StaticPodParity, UnspecifiedBindAddressProbesThePodIp) {
  struct Case {
    std::vector<config::Arg> args;
    std::optional<std::string> host;  // nullopt: no host field
  };
  std::vector<Case> cases = {{{}, "127.0.0.1"},
                             {{{"bind-address", "0.0.0.0"}}, std::nullopt},
                             {{{"bind-address", "::"}}, std::nullopt},
                             {{{"bind-address", "192.0.2.10"}}, "192.0.2.10"},
                             {{{"bind-address", "::1"}}, "::1"},
                             {{{"bind-address", "192.0.2.10"}, {"bind-address", "0.0.0.0"}}, std::nullopt}};
  for (const auto& [args, host] : cases) {
    testing::TestHost t;
    auto c = testing::load_config(t);
    c.cluster.controller_manager.extra_args = args;
    c.cluster.scheduler.extra_args = args;
    for (const auto& pod : {kube_controller_manager_pod(c, {}), kube_scheduler_pod(c, {})}) {
      for (auto probe : {"livenessProbe", "startupProbe"}) {
        const auto& get = container(pod)[probe]["httpGet"];
        SCOPED_TRACE(pod["metadata"]["name"].get<std::string>() + " " + probe);
        EXPECT_EQ(get.contains("host"), host.has_value());
        if (host) {
          EXPECT_EQ(get["host"], *host);
        }
        EXPECT_EQ(get["scheme"], "HTTPS");
      }
    }
  }
}

}  // namespace
}  // namespace ks::templates

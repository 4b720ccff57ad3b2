// Every supported Kubernetes minor renders as its own kubeadm does, from one row of data per minor
// (config/releases.cpp). The golden files under tests/golden/minors pin whole manifests; these tests pin the
// rules behind the differences: which versions are accepted, how etcd's flags follow the etcd version,
// the scheduler's probe paths and the named probe ports.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/derived.hpp"
#include "config/releases.hpp"
#include "templates/addons.hpp"
#include "templates/control_plane_pods.hpp"
#include "tests/support/init_harness.hpp"

namespace ks::config {
namespace {

using nlohmann::json;

InitConfiguration at_version(testing::TestHost& t, const std::string& version,
                             const std::string& etcd_tag = "") {
  auto flags = testing::base_flags();
  flags.kubernetes_version = version;
  auto c = testing::load_config(t, flags);
  if (!etcd_tag.empty()) c.cluster.etcd.local->image_tag = etcd_tag;
  return c;
}

const json& container(const json& pod) {
  return pod["spec"]["containers"][0];
}

bool has_arg(const json& pod, const std::string& argument) {
  for (const auto& item : container(pod)["command"])
    if (item == argument) return true;
  return false;
}

TEST(Releases, FourConsecutiveMinorsOldestFirst) {
  auto releases = supported_releases();
  ASSERT_EQ(releases.size(), 4u);
  for (std::size_t i = 0; i < releases.size(); ++i) EXPECT_EQ(releases[i].minor, 31 + static_cast<int>(i));
  EXPECT_EQ(supported_range(), "v1.31 to v1.34");
}

TEST(Releases, AnyPatchOfASupportedMinorIsAcceptedAndOtherMinorsAreRefusedWithTheRange) {
  for (auto version : {"v1.31.0", "v1.32.4", "v1.33.99", "v1.34.2", "v1.34.3-rc.1"}) {
    auto release = release_for_version(version);
    ASSERT_TRUE(release) << version << ": " << release.error().message();
  }
  for (auto version : {"v1.30.14", "v1.35.0", "v1.29.0", "v2.0.0"}) {
    auto release = release_for_version(version);
    ASSERT_FALSE(release) << version;
    EXPECT_EQ(release.error().kind, ErrorKind::InvalidInput);
    if (std::string(version) == "v2.0.0") continue;  // not a Kubernetes 1.x version at all
    EXPECT_NE(release.error().message().find(std::string("Kubernetes ") + version + " is not supported"),
              std::string::npos);
    EXPECT_NE(release.error().message().find("v1.31 to v1.34"), std::string::npos)
        << release.error().message();
    EXPECT_NE(release.error().fix.find("v1.34"), std::string::npos);
  }
}

// kubeadm's images come from its constants.go per minor: etcd SupportedEtcdVersion[minor], CoreDNSVersion,
// PauseVersion.
TEST(Releases, ImagesFollowTheMinor) {
  testing::TestHost t;
  auto images = [&](const std::string& version) { return control_plane_images(at_version(t, version)); };
  auto v31 = images("v1.31.5");
  EXPECT_EQ(v31,
            (std::vector<std::string>{
                "registry.k8s.io/kube-apiserver:v1.31.5", "registry.k8s.io/kube-controller-manager:v1.31.5",
                "registry.k8s.io/kube-scheduler:v1.31.5", "registry.k8s.io/kube-proxy:v1.31.5",
                "registry.k8s.io/coredns/coredns:v1.11.3", "registry.k8s.io/pause:3.10",
                "registry.k8s.io/etcd:3.5.24-0"}));
  auto v33 = images("v1.33.1");
  EXPECT_EQ(v33[4], "registry.k8s.io/coredns/coredns:v1.12.0");
  EXPECT_EQ(v33[5], "registry.k8s.io/pause:3.10");
  auto v34 = images("v1.34.0");
  EXPECT_EQ(v34[4], "registry.k8s.io/coredns/coredns:v1.12.1");
  EXPECT_EQ(v34[5], "registry.k8s.io/pause:3.10.1");
  EXPECT_EQ(v34[6], "registry.k8s.io/etcd:3.6.5-0");
}

// kubeadm's getEtcdCommand picks the two flags etcd 3.6 renamed by the version of the etcd it deploys, so a
// user's etcd.local.imageTag decides, not the Kubernetes minor.
TEST(Releases, EtcdFlagsFollowTheEtcdVersionNotTheKubernetesMinor) {
  const std::vector<Arg> old_flags = {{"experimental-initial-corrupt-check", "true"},
                                      {"experimental-watch-progress-notify-interval", "5s"}};
  const std::vector<Arg> new_flags = {{"feature-gates", "InitialCorruptCheck=true"},
                                      {"watch-progress-notify-interval", "5s"}};
  auto same = [](const std::vector<Arg>& a, const std::vector<Arg>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const Arg& x, const Arg& y) {
             return x.name == y.name && x.value == y.value;
           });
  };
  for (auto tag : {"3.5.24-0", "v3.5.21", "3.4.13-0", "latest", ""})
    EXPECT_TRUE(same(etcd_generation_flags(tag), old_flags)) << tag;
  for (auto tag : {"3.6.5-0", "v3.6.0", "3.6.0-0", "3.7.1", "4.0.0"})
    EXPECT_TRUE(same(etcd_generation_flags(tag), new_flags)) << tag;

  testing::TestHost t;
  auto v34_with_35 = templates::etcd_pod(at_version(t, "v1.34.2", "3.5.21-0"), {});
  EXPECT_TRUE(has_arg(v34_with_35, "--experimental-initial-corrupt-check=true"));
  EXPECT_FALSE(has_arg(v34_with_35, "--feature-gates=InitialCorruptCheck=true"));
  auto v33_with_36 = templates::etcd_pod(at_version(t, "v1.33.6", "3.6.4-0"), {});
  EXPECT_TRUE(has_arg(v33_with_36, "--feature-gates=InitialCorruptCheck=true"));
  EXPECT_TRUE(has_arg(v33_with_36, "--watch-progress-notify-interval=5s"));
  EXPECT_FALSE(has_arg(v33_with_36, "--experimental-watch-progress-notify-interval=5s"));
  // A user's extra arg of the same name still replaces the default, as for every other flag.
  auto c = at_version(t, "v1.34.2");
  c.cluster.etcd.local->extra_args = {{"feature-gates", "InitialCorruptCheck=true,CompactHashCheck=true"}};
  EXPECT_TRUE(
      has_arg(templates::etcd_pod(c, {}), "--feature-gates=InitialCorruptCheck=true,CompactHashCheck=true"));
  EXPECT_FALSE(has_arg(templates::etcd_pod(c, {}), "--feature-gates=InitialCorruptCheck=true"));
}

// kubernetes/kubernetes#126945 (kubeadm 1.32): the scheduler is probed on /livez (liveness, startup) and
// /readyz (a readiness probe it had none of); 1.31 probes /healthz. The controller manager keeps /healthz.
TEST(Releases, SchedulerProbePathsFollowTheMinor) {
  testing::TestHost t;
  auto v31 = templates::kube_scheduler_pod(at_version(t, "v1.31.14"), {});
  EXPECT_EQ(container(v31)["livenessProbe"]["httpGet"]["path"], "/healthz");
  EXPECT_EQ(container(v31)["startupProbe"]["httpGet"]["path"], "/healthz");
  EXPECT_FALSE(container(v31).contains("readinessProbe"));
  for (auto version : {"v1.32.0", "v1.33.0", "v1.34.0"}) {
    auto pod = templates::kube_scheduler_pod(at_version(t, version), {});
    EXPECT_EQ(container(pod)["livenessProbe"]["httpGet"]["path"], "/livez") << version;
    EXPECT_EQ(container(pod)["startupProbe"]["httpGet"]["path"], "/livez") << version;
    EXPECT_EQ(container(pod)["readinessProbe"]["httpGet"]["path"], "/readyz") << version;
    EXPECT_EQ(container(pod)["readinessProbe"]["periodSeconds"], 1) << version;
    auto kcm = templates::kube_controller_manager_pod(at_version(t, version), {});
    EXPECT_EQ(container(kcm)["livenessProbe"]["httpGet"]["path"], "/healthz") << version;
    EXPECT_FALSE(container(kcm).contains("readinessProbe")) << version;
  }
}

// kubernetes/kubernetes#132776 (kubeadm 1.34): every probe names the container port "probe-port", which
// the container declares with the port the probe used to carry.
TEST(Releases, From134EveryProbeNamesItsPort) {
  testing::TestHost t;
  auto flags = testing::base_flags();
  flags.kubernetes_version = "v1.34.2";
  flags.apiserver_bind_port = 8443;
  auto c = testing::load_config(t, flags);
  const std::vector<std::pair<json, int>> pods = {{templates::etcd_pod(c, {}), 2381},
                                                  {templates::kube_apiserver_pod(c, {}), 8443},
                                                  {templates::kube_controller_manager_pod(c, {}), 10257},
                                                  {templates::kube_scheduler_pod(c, {}), 10259}};
  for (const auto& [pod, port] : pods) {
    SCOPED_TRACE(pod["metadata"]["name"].get<std::string>());
    EXPECT_EQ(container(pod)["ports"],
              (json::array({{{"containerPort", port}, {"name", "probe-port"}, {"protocol", "TCP"}}})));
    for (auto probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
      if (container(pod).contains(probe)) {
        EXPECT_EQ(container(pod)[probe]["httpGet"]["port"], "probe-port") << probe;
      }
    }
  }
  for (auto version : {"v1.31.0", "v1.33.6"}) {
    auto earlier = templates::kube_apiserver_pod(at_version(t, version), {});
    EXPECT_FALSE(container(earlier).contains("ports")) << version;
    EXPECT_EQ(container(earlier)["livenessProbe"]["httpGet"]["port"], 6443) << version;
  }
}

// kubernetes/kubernetes#131587 (kubeadm 1.34): CoreDNS's probes name their ports too, declared after the
// dns and metrics ports; earlier minors probe the numbers.
TEST(Releases, From134CoreDnsProbesNameTheirPorts) {
  testing::TestHost t;
  auto coredns = [&](const std::string& version) {
    for (auto& object : templates::coredns_objects(at_version(t, version)))
      if (object["kind"] == "Deployment") return object["spec"]["template"]["spec"]["containers"][0];
    throw std::runtime_error("no Deployment");
  };
  auto v134 = coredns("v1.34.2");
  EXPECT_EQ(v134["ports"],
            (json::array({{{"containerPort", 53}, {"name", "dns"}, {"protocol", "UDP"}},
                          {{"containerPort", 53}, {"name", "dns-tcp"}, {"protocol", "TCP"}},
                          {{"containerPort", 9153}, {"name", "metrics"}, {"protocol", "TCP"}},
                          {{"containerPort", 8080}, {"name", "liveness-probe"}, {"protocol", "TCP"}},
                          {{"containerPort", 8181}, {"name", "readiness-probe"}, {"protocol", "TCP"}}})));
  EXPECT_EQ(v134["livenessProbe"]["httpGet"]["port"], "liveness-probe");
  EXPECT_EQ(v134["readinessProbe"]["httpGet"]["port"], "readiness-probe");
  EXPECT_EQ(v134["livenessProbe"]["httpGet"]["path"], "/health");
  for (auto version : {"v1.31.14", "v1.33.6"}) {
    auto earlier = coredns(version);
    EXPECT_EQ(earlier["ports"].size(), 3u) << version;
    EXPECT_EQ(earlier["livenessProbe"]["httpGet"]["port"], 8080) << version;
    EXPECT_EQ(earlier["readinessProbe"]["httpGet"]["port"], 8181) << version;
  }
}

}  // namespace
}  // namespace ks::config

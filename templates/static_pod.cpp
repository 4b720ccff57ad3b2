#include "templates/static_pod.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "config/constants.hpp"

namespace ks::templates {

using nlohmann::json;

namespace {

json probe_json(const Probe& p) {
  json probe = {{"httpGet", {{"host", p.host}, {"path", p.path}, {"port", p.port}, {"scheme", p.scheme}}},
                {"failureThreshold", p.failure_threshold},
                {"periodSeconds", p.period},
                {"timeoutSeconds", p.timeout}};
  if (p.initial_delay) probe["initialDelaySeconds"] = p.initial_delay;
  return probe;
}

}  // namespace

std::vector<std::string> build_flags(std::vector<config::Arg> defaults,
                                     const std::vector<config::Arg>& extra) {
  std::erase_if(defaults, [&](const config::Arg& d) {
    return std::ranges::any_of(extra, [&](const config::Arg& e) { return e.name == d.name; });
  });
  defaults.insert(defaults.end(), extra.begin(), extra.end());
  std::ranges::stable_sort(defaults, [](const auto& a, const auto& b) {
    return a.name != b.name ? a.name < b.name : a.value < b.value;
  });
  std::vector<std::string> flags;
  for (const auto& arg : defaults) flags.push_back("--" + arg.name + "=" + arg.value);
  return flags;
}

Probe liveness_probe(std::string scheme, std::string host, int port, std::string path) {
  return {std::move(scheme), std::move(host), port, std::move(path), 10, 15, 8, 10};
}
Probe readiness_probe(std::string scheme, std::string host, int port, std::string path) {
  return {std::move(scheme), std::move(host), port, std::move(path), 0, 15, 3, 1};
}
Probe startup_probe(std::string scheme, std::string host, int port, std::string path) {
  return {std::move(scheme), std::move(host), port, std::move(path), 10, 15, 24, 10};
}

std::vector<config::EnvVar> merge_env(const std::vector<config::EnvVar>& proxy,
                                      const std::vector<config::EnvVar>& extra) {
  std::vector<config::EnvVar> merged = extra;
  for (const auto& p : proxy)
    if (std::ranges::none_of(extra, [&](const auto& e) { return e.name == p.name; })) merged.push_back(p);
  std::ranges::sort(merged, {}, &config::EnvVar::name);
  return merged;
}

json render_static_pod(const StaticPod& pod) {
  auto volumes = pod.volumes;
  std::ranges::sort(volumes, {}, &HostPathVolume::name);
  json volume_list = json::array(), mounts = json::array();
  for (const auto& v : volumes) {
    json host_path = {{"path", v.host_path}};
    if (!v.type.empty()) host_path["type"] = v.type;
    volume_list.push_back({{"name", v.name}, {"hostPath", host_path}});
    json mount = {{"name", v.name}, {"mountPath", v.mount_path}};
    if (v.read_only) mount["readOnly"] = true;
    mounts.push_back(mount);
  }
  json container = {{"name", pod.component},
                    {"image", pod.image},
                    {"imagePullPolicy", pod.image_pull_policy},
                    {"command", pod.command},
                    {"resources", {{"requests", pod.requests}}},
                    {"volumeMounts", mounts}};
  if (!pod.env.empty()) {
    json env = json::array();
    for (const auto& e : pod.env) env.push_back({{"name", e.name}, {"value", e.value}});
    container["env"] = env;
  }
  if (!pod.liveness.empty()) container["livenessProbe"] = probe_json(pod.liveness.front());
  if (!pod.readiness.empty()) container["readinessProbe"] = probe_json(pod.readiness.front());
  if (!pod.startup.empty()) container["startupProbe"] = probe_json(pod.startup.front());
  json metadata = {{"name", pod.component},
                   {"namespace", constants::kKubeSystemNamespace},
                   {"labels", {{"component", pod.component}, {"tier", "control-plane"}}}};
  if (!pod.annotations.empty()) metadata["annotations"] = pod.annotations;
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", metadata},
          {"spec",
           {{"containers", json::array({container})},
            {"hostNetwork", true},
            {"priority", constants::kSystemNodeCriticalPriority},
            {"priorityClassName", "system-node-critical"},
            {"securityContext", {{"seccompProfile", {{"type", "RuntimeDefault"}}}}},
            {"volumes", volume_list}}}};
}

}  // namespace ks::templates

#include "config/validate_parts.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "base/dns_name.hpp"
#include "base/duration.hpp"
#include "base/strings.hpp"
#include "base/utf8.hpp"

namespace ks::config {

void Problems::add_unprintable(const std::vector<UnprintableText>& found) {
  for (const auto& text : found) {
    auto shown = quote(text.text);
    if (std::ranges::none_of(items, [&](const auto& item) { return item.find(shown) != std::string::npos; }))
      add(text.where, shown + " " + text.problem);
  }
}

namespace {
constexpr std::string_view kProblemBullet = "\n  - ";
}  // namespace

Status Problems::result() const {
  if (items.empty()) return {};
  std::string why;
  for (const auto& item : items) why += std::string(kProblemBullet) + item;
  return invalid("invalid configuration", why,
                 "correct the flags or config fields named above; nothing was changed");
}

std::vector<std::string> problem_items(const Error& error) {
  if (!error.why.starts_with(kProblemBullet)) return {error.message()};
  std::vector<std::string> items;
  for (size_t at = 0; at < error.why.size();) {
    auto start = at + kProblemBullet.size();
    auto next = error.why.find(kProblemBullet, start);
    items.push_back(error.why.substr(start, next == std::string::npos ? std::string::npos : next - start));
    at = next == std::string::npos ? error.why.size() : next;
  }
  return items;
}

bool is_absolute(const std::string& path) {
  return path.starts_with('/');
}

void check_args(Problems& p, const std::string& where, const std::vector<Arg>& args) {
  for (const auto& arg : args)
    if (arg.name.empty() || arg.name.starts_with('-'))
      p.add(where, "argument name " + quote(arg.name) + " must be given without leading dashes");
}

void check_at_most(Problems& p, const std::string& where, std::chrono::nanoseconds value,
                   std::chrono::nanoseconds limit, const std::string& limit_text) {
  if (value > limit) p.add(where, format_go_duration(value) + " is longer than the limit of " + limit_text);
}

void check_node_registration(Problems& p, const NodeRegistration& node) {
  if (auto why = dns1123_subdomain_problem(node.name); !why.empty())
    p.add("nodeRegistration.name (--node-name)", quote(node.name) + " is not a valid node name: " + why);
  if (auto why = cri_socket_problem(node.cri_socket); !why.empty())
    p.add("nodeRegistration.criSocket (--cri-socket)", quote(node.cri_socket) + ": " + why);
  static const std::vector<std::string> policies = {"Always", "IfNotPresent", "Never"};
  if (std::ranges::find(policies, node.image_pull_policy) == policies.end())
    p.add("nodeRegistration.imagePullPolicy", "expected Always, IfNotPresent or Never");
  for (const auto& taint : node.taints.value_or(std::vector<Taint>{})) {
    if (taint.key.empty() ||
        (taint.effect != "NoSchedule" && taint.effect != "PreferNoSchedule" && taint.effect != "NoExecute"))
      p.add("nodeRegistration.taints",
            "each taint needs a key and an effect of NoSchedule, PreferNoSchedule or NoExecute");
    else if (auto why = taint_problem(taint); !why.empty())
      p.add("nodeRegistration.taints", quote(taint.key + "=" + taint.value) + ": " + why);
  }
  check_args(p, "nodeRegistration.kubeletExtraArgs", node.kubelet_extra_args);
  // These land in kubeadm-flags.env, inside one double-quoted value.
  for (const auto& arg : node.kubelet_extra_args)
    for (const auto& text : {arg.name, arg.value})
      if (auto why = env_file_value_problem(text); !why.empty())
        p.add("nodeRegistration.kubeletExtraArgs." + printable(arg.name), quote(text) + " " + why);
}

void check_timeouts(Problems& p, const Timeouts& timeouts) {
  using namespace std::chrono_literals;
  for (const auto& [name, value] :
       {std::pair{"controlPlaneComponentHealthCheck", timeouts.control_plane_component_health_check},
        {"kubeletHealthCheck", timeouts.kubelet_health_check},
        {"kubernetesAPICall", timeouts.kubernetes_api_call},
        {"etcdAPICall", timeouts.etcd_api_call},
        {"tlsBootstrap", timeouts.tls_bootstrap},
        {"discovery", timeouts.discovery},
        {"upgradeManifests", timeouts.upgrade_manifests}}) {
    if (value.count() < 0) p.add(std::string("timeouts.") + name, "must not be negative");
    check_at_most(p, std::string("timeouts.") + name, value, 8760h, "8760h (a year)");
  }
}

nlohmann::json node_registration_fields(const NodeRegistration& node) {
  nlohmann::json args = nlohmann::json::object();
  for (const auto& arg : node.kubelet_extra_args) args[arg.name] = arg.value;
  nlohmann::json taints = nlohmann::json::array();
  for (const auto& t : node.taints.value_or(std::vector<Taint>{}))
    taints.push_back({{"key", t.key}, {"value", t.value}, {"effect", t.effect}});
  return {{"name", node.name},
          {"criSocket", node.cri_socket},
          {"taints", taints},
          {"kubeletExtraArgs", args},
          {"ignorePreflightErrors", node.ignore_preflight_errors},
          {"imagePullPolicy", node.image_pull_policy}};
}

}  // namespace ks::config

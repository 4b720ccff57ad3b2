#include "templates/static_pod.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/strings.hpp"
#include "config/constants.hpp"

namespace ks::templates {

using nlohmann::json;

namespace {

json probe_json(const Probe& p, bool named_port) {
  json get = {{"path", p.path}, {"scheme", p.scheme}};
  get["port"] = named_port ? json(kProbePortName) : json(p.port);
  if (!p.host.empty()) get["host"] = p.host;  // Kubernetes' httpGet.host is omitempty
  json probe = {{"httpGet", get},
                {"failureThreshold", p.failure_threshold},
                {"periodSeconds", p.period},
                {"timeoutSeconds", p.timeout}};
  if (p.initial_delay) probe["initialDelaySeconds"] = p.initial_delay;
  return probe;
}

// ":" followed by digits only, or nothing: Go's validOptionalPort.
bool valid_optional_port(std::string_view colon_port) {
  if (colon_port.empty()) return true;
  return colon_port.front() == ':' &&
         std::ranges::all_of(colon_port.substr(1), [](char c) { return c >= '0' && c <= '9'; });
}

// What Go's url.Parse, URL.Hostname and URL.Port give for a URL, which kubeadm reads the etcd probe
// endpoint from; nullopt where url.Parse fails. (Host percent-escapes are not decoded: etcd refuses them.)
struct UrlParts {
  std::string scheme;  // lowercased
  std::string host;
  std::string port;
};
std::optional<UrlParts> parse_url(std::string_view url) {
  url = url.substr(0, url.find('#'));
  if (std::ranges::any_of(url, [](unsigned char c) { return c < 0x20 || c == 0x7f; })) return std::nullopt;
  UrlParts parts;
  std::string_view rest = url;
  auto scheme_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  };
  auto colon = url.find(':');
  if (colon == 0) return std::nullopt;  // "missing protocol scheme"
  if (colon != std::string_view::npos && std::isalpha(static_cast<unsigned char>(url.front())) &&
      std::ranges::all_of(url.substr(0, colon), scheme_char)) {
    parts.scheme = to_lower(url.substr(0, colon));
    rest = url.substr(colon + 1);
  }
  rest = rest.substr(0, rest.find('?'));
  if (!rest.starts_with("//") || (parts.scheme.empty() && rest.starts_with("///"))) {
    // No authority: an opaque URL or a path. A path whose first segment has a colon does not parse.
    if (parts.scheme.empty() && rest.substr(0, rest.find('/')).find(':') != std::string_view::npos)
      return std::nullopt;
    return parts;
  }
  auto authority = rest.substr(2);
  authority = authority.substr(0, authority.find('/'));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  if (authority.starts_with('[')) {
    auto close = authority.rfind(']');
    if (close == std::string_view::npos || !valid_optional_port(authority.substr(close + 1)))
      return std::nullopt;
  } else if (auto c = authority.rfind(':');
             c != std::string_view::npos && !valid_optional_port(authority.substr(c))) {
    return std::nullopt;
  }
  std::string_view host = authority;
  if (auto c = authority.rfind(':');
      c != std::string_view::npos && valid_optional_port(authority.substr(c))) {
    host = authority.substr(0, c);
    parts.port = std::string(authority.substr(c + 1));
  }
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  parts.host = std::string(host);
  return parts;
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

std::optional<std::string> last_arg_value(const std::vector<config::Arg>& args, const std::string& name) {
  auto found = std::ranges::find(args.rbegin(), args.rend(), name, &config::Arg::name);
  if (found == args.rend()) return std::nullopt;
  return found->value;
}

Probe liveness_probe(std::string scheme, std::string host, int port, std::string path) {
  return {std::move(scheme), std::move(host), port, std::move(path), 10, 15, 8, 10};
}
Probe readiness_probe(std::string scheme, std::string host, int port, std::string path) {
  return {std::move(scheme), std::move(host), port, std::move(path), 0, 15, 3, 1};
}
Probe startup_probe(std::string scheme, std::string host, int port, std::string path,
                    std::chrono::nanoseconds health_check_timeout) {
  constexpr std::chrono::nanoseconds period = std::chrono::seconds(10);
  // Validation keeps the timeout within [0, a year], so the count fits an int.
  auto failures = static_cast<int>((health_check_timeout + period - std::chrono::nanoseconds(1)) / period);
  return {std::move(scheme), std::move(host), port, std::move(path), 10, 15, failures, 10};
}

std::string probe_host_for_bind_address(const std::string& bind_address) {
  return bind_address == "0.0.0.0" || bind_address == "::" ? "" : bind_address;
}

ProbeEndpoint etcd_probe_endpoint(const std::vector<config::Arg>& etcd_extra_args, bool ipv6) {
  ProbeEndpoint endpoint{"HTTP", ipv6 ? "::1" : "127.0.0.1", constants::kEtcdMetricsPort};
  auto urls = last_arg_value(etcd_extra_args, "listen-metrics-urls");
  if (!urls) return endpoint;
  auto url = parse_url(std::string_view(*urls).substr(0, urls->find(',')));
  if (!url) return endpoint;
  if (url->scheme == "https") endpoint.scheme = "HTTPS";
  if (!url->host.empty()) endpoint.host = url->host;
  int port = 0;
  const auto* end = url->port.data() + url->port.size();
  if (auto [ptr, error] = std::from_chars(url->port.data(), end, port);
      error == std::errc() && ptr == end && port >= 1 && port <= 65535)
    endpoint.port = port;
  return endpoint;
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
                    {"imagePullPolicy", "IfNotPresent"},
                    {"command", pod.command},
                    {"resources", {{"requests", pod.requests}}},
                    {"volumeMounts", mounts}};
  if (!pod.env.empty()) {
    json env = json::array();
    for (const auto& e : pod.env) env.push_back({{"name", e.name}, {"value", e.value}});
    container["env"] = env;
  }
  bool named = pod.named_probe_port && !pod.liveness.empty();
  if (named)
    container["ports"] = json::array(
        {{{"containerPort", pod.liveness.front().port}, {"name", kProbePortName}, {"protocol", "TCP"}}});
  if (!pod.liveness.empty()) container["livenessProbe"] = probe_json(pod.liveness.front(), named);
  if (!pod.readiness.empty()) container["readinessProbe"] = probe_json(pod.readiness.front(), named);
  if (!pod.startup.empty()) container["startupProbe"] = probe_json(pod.startup.front(), named);
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

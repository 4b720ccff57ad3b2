#include <nlohmann/json.hpp>
#include <regex>

#include "base/strings.hpp"
#include "config/constants.hpp"
#include "config/releases.hpp"
#include "config/validate.hpp"
#include "preflight/checks.hpp"
#include "preflight/containerd_config.hpp"
#include "preflight/remedies.hpp"

namespace ks::preflight {

namespace {

bool uses_containerd(const Context& c) {
  return c.config.node_registration.cri_socket.find("containerd") != std::string::npos;
}

std::string socket_path(const Context& c) {
  auto socket = c.config.node_registration.cri_socket;
  return socket.starts_with("unix://") ? socket.substr(7) : socket;
}

std::optional<ContainerdConfig> containerd_config(const Context& c, Finding& problem) {
  auto text = c.host.files.read(kContainerdConfigPath);
  if (!text) return std::nullopt;
  auto parsed = parse_containerd_config(*text);
  if (!parsed) {
    problem = Finding::error(parsed.error().message(),
                             "correct the file, or regenerate it with 'containerd config default'");
    return std::nullopt;
  }
  return *parsed;
}

std::string kubelet_cgroup_driver(const Context& c) {
  const auto& user = *c.config.kubelet_configuration;
  if (user.is_object() && user.contains("cgroupDriver") && user["cgroupDriver"].is_string())
    return user["cgroupDriver"].get<std::string>();
  return "systemd";
}

Result<host::ProcessResult> inspect(const Context& c, std::vector<std::string> argv) {
  return c.host.processes.run({std::move(argv), true, constants::kPreflightCommandTimeout});
}

Finding check_cri(const Context& c) {
  const auto& endpoint = c.config.node_registration.cri_socket;
  auto fix = uses_containerd(c) ? "start containerd (systemctl enable --now containerd) or pass --cri-socket"
                                : "start the container runtime or pass --cri-socket";
  if (!c.host.files.exists(socket_path(c)))
    return Finding::error("the container runtime socket " + endpoint + " does not exist", fix);
  auto runtime = c.cri.connect(endpoint);
  if (!runtime) return Finding::error(runtime.error().message(), fix);
  auto version = (*runtime)->version();
  if (!version) {
    bool unimplemented = version.error().why.find("unimplemented") != std::string::npos;
    return Finding::error(
        version.error().message(),
        unimplemented && uses_containerd(c)
            ? "enable containerd's CRI plugin (see CRIPluginDisabled) and restart containerd"
            : fix);
  }
  auto conditions = (*runtime)->status();
  if (!conditions) return Finding::error(conditions.error().message(), fix);
  for (const auto& condition : *conditions)
    if (condition.type == "RuntimeReady" && !condition.status)
      return Finding::error(version->name + " " + version->version + " is not ready: " + condition.reason +
                                " " + condition.message,
                            "look at the runtime's log (journalctl -u containerd)");
  return Finding::note(version->name + " " + version->version + " serves CRI " + version->api_version);
}

// The kubelet learns the cgroup driver from the runtime since v1.32.
Finding check_runtime_config(const Context& c) {
  if (!c.host.files.exists(socket_path(c))) return Finding::ok();  // CRI reports it
  auto runtime = c.cri.connect(c.config.node_registration.cri_socket);
  if (!runtime) return Finding::ok();
  auto version = (*runtime)->version();
  if (!version) return Finding::ok();
  auto driver = (*runtime)->cgroup_driver();
  if (driver && !*driver)
    return Finding::warning(version->name + " " + version->version +
                                " does not implement the CRI RuntimeConfig call, "
                                "which the kubelet uses from Kubernetes v1.32 to learn the cgroup driver",
                            "upgrade the runtime (containerd 1.7.20+ or 2.0+)");
  return Finding::ok();
}

Finding check_cri_plugin_enabled(const Context& c) {
  if (!uses_containerd(c)) return Finding::ok();
  Finding problem;
  auto config = containerd_config(c, problem);
  if (problem.status != CheckStatus::Ok) return problem;
  if (config && config->disables_cri())
    return Finding::error(
        std::string(kContainerdConfigPath) +
            " disables containerd's CRI plugin "
            "(disabled_plugins = [\"cri\"], as Docker's containerd.io package ships it), so the "
            "kubelet cannot use containerd",
        "remove \"cri\" from disabled_plugins and restart containerd (--fix does it)");
  return Finding::ok();
}

Finding check_cgroup_drivers_match(const Context& c) {
  if (!uses_containerd(c)) return Finding::ok();
  Finding problem;
  auto config = containerd_config(c, problem);
  if (problem.status != CheckStatus::Ok) return Finding::ok();  // reported by CRIPluginDisabled
  auto kubelet = kubelet_cgroup_driver(c);
  bool containerd_systemd = config && config->systemd_cgroup.value_or(false);
  std::string containerd = containerd_systemd ? "systemd" : "cgroupfs";
  if (kubelet == containerd) return Finding::ok();
  auto where =
      config ? std::string(kContainerdConfigPath) +
                   (config->systemd_cgroup ? " sets SystemdCgroup = false" : " does not set SystemdCgroup")
             : std::string(kContainerdConfigPath) + " does not exist";
  auto message = "containerd uses the " + containerd + " cgroup driver (" + where +
                 ") but the kubelet uses " + kubelet + "; Pods would be killed and restarted over and over";
  // Without a config file containerd may not be installed yet; CRI reports that.
  return (config ? Finding::error : Finding::warning)(
      message, kubelet == "systemd"
                   ? "set SystemdCgroup = true under the runc options in " +
                         std::string(kContainerdConfigPath) + " and restart containerd (--fix does it)"
                   : "set cgroupDriver: " + containerd + " in the KubeletConfiguration");
}

Finding check_kubelet_version(const Context& c) {
  int control_plane_minor = config::release_of(c.config).minor;
  if (c.host.processes.find("kubelet").empty())
    return Finding::error("kubelet not found in PATH",
                          "install the kubelet (package kubelet from pkgs.k8s.io, v1." +
                              std::to_string(control_plane_minor) + ")");
  auto result = inspect(c, {"kubelet", "--version"});
  if (!result || result->exit_code != 0) return Finding::warning("could not ask the kubelet for its version");
  std::smatch match;
  std::string out = result->out;
  if (!std::regex_search(out, match, std::regex(R"(v1\.([0-9]+)\.)")))
    return Finding::warning("unexpected kubelet version output " + quote(trim(out)));
  int kubelet_minor = parse_integer<int>(match[1].str()).value_or(0);
  if (kubelet_minor > control_plane_minor)
    return Finding::error("the kubelet (" + std::string(trim(out)) + ") is newer than the control plane (" +
                              c.config.cluster.kubernetes_version + ")",
                          "install a kubelet of v1." + std::to_string(control_plane_minor));
  if (kubelet_minor < control_plane_minor - 3)
    return Finding::error("the kubelet (" + std::string(trim(out)) +
                              ") is more than three minor versions older than the "
                              "control plane",
                          "upgrade the kubelet");
  return Finding::ok();
}

Finding check_kubelet_service(const Context& c) {
  // /run/systemd/system exists only when systemd is the init system (sd_booted's test).
  if (!c.host.files.exists("/run/systemd/system"))
    return Finding::warning(
        "systemd is not running on this machine, so nothing will start the kubelet at boot",
        "start the kubelet with this machine's init system, or run on a systemd distribution");
  auto result = inspect(c, {"systemctl", "is-enabled", "kubelet.service"});
  if (result && result->exit_code == 0) return Finding::ok();
  return Finding::warning("the kubelet service is not enabled, so it will not start after a reboot",
                          "systemctl enable kubelet.service");
}

Finding check_iptables_backend(const Context& c) {
  if (c.host.processes.find("iptables").empty()) return Finding::ok();  // FileExisting-iptables reports it
  auto version = inspect(c, {"iptables", "--version"});
  if (!version || version->exit_code != 0) return Finding::warning("could not run 'iptables --version'");
  bool nft = version->out.find("nf_tables") != std::string::npos;
  auto other = nft ? "iptables-legacy-save" : "iptables-nft-save";
  if (c.host.processes.find(other).empty()) return Finding::ok();
  auto rules = inspect(c, {other});
  if (!rules || rules->exit_code != 0) return Finding::ok();
  int count = 0;
  for (const auto& line : split(rules->out, '\n'))
    if (line.starts_with("-A ")) ++count;
  if (count == 0) return Finding::ok();
  return Finding::warning(
      std::string("iptables uses the ") + (nft ? "nf_tables" : "legacy") + " backend, but " +
          std::to_string(count) + " rules exist in the " + (nft ? "legacy" : "nf_tables") +
          " backend; kube-proxy and this host's firewall would program different tables",
      nft ? "move the rules to one backend: flush the legacy tables (iptables-legacy -F; "
            "iptables-legacy -t nat -F) or switch with update-alternatives --set iptables "
            "/usr/sbin/iptables-legacy"
          : "flush the nf_tables rules (iptables-nft -F; iptables-nft -t nat -F) or switch "
            "with update-alternatives --set iptables /usr/sbin/iptables-nft");
}

}  // namespace

std::vector<Check> runtime_checks() {
  auto containerd = configure_containerd_for_the_kubelet();  // one edit and one restart fix both problems
  return {
      {"CRI", check_cri},
      {"ContainerRuntimeVersion", check_runtime_config},
      {"CRIPluginDisabled", check_cri_plugin_enabled, containerd},
      {"CgroupDriver", check_cgroup_drivers_match, containerd},
      {"KubeletVersion", check_kubelet_version},
      {"Service-Kubelet", check_kubelet_service},
      {"IptablesBackend", check_iptables_backend, follow_the_iptables_backend_with_rules()},
  };
}

std::vector<Check> checks_for(const config::InitConfiguration& config, Role role) {
  std::vector<Check> checks;
  for (auto group :
       {system_checks(), network_checks(config, role), file_checks(config, role), runtime_checks()})
    for (auto& check : group) checks.push_back(std::move(check));
  return checks;
}

}  // namespace ks::preflight

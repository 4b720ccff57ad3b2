#include "preflight/fixes.hpp"

#include <toml++/toml.h>

#include <map>
#include <sstream>

#include "base/strings.hpp"
#include "preflight/containerd_config.hpp"

namespace ks::preflight {

namespace {

constexpr const char* kSysctlFile = "/etc/sysctl.d/99-kubernetes.conf";
constexpr const char* kModulesFile = "/etc/modules-load.d/kubernetes.conf";

// Edits files with a backup of the original, and runs commands, reporting each step first.
class Fixer {
 public:
  Fixer(const Context& context, workflow::Reporter& reporter) : c_(context), reporter_(reporter) {}

  Status edit(const std::string& path, const std::string& why,
              const std::function<Result<std::string>(const std::string&)>& change) {
    auto& files = c_.host.files;
    auto before = files.exists(path) ? KS_TRY(files.read(path)) : std::string();
    auto after = KS_TRY(change(before));
    if (after == before) return {};
    auto backup = path + ".kubestrap.bak";
    bool back_up = files.exists(path) && !files.exists(backup);
    reporter_.line("preflight", "fix: " + why + ": " + (files.exists(path) ? "editing " : "creating ") +
                                    path + (back_up ? " (original kept as " + backup + ")" : ""));
    if (back_up) KS_CHECK(files.write_atomic(backup, before, files.stat(path)->mode));
    return files.write_atomic(path, after, files.exists(path) ? files.stat(path)->mode : 0644);
  }

  void run(const std::vector<std::string>& argv, const std::string& why) {
    host::Command command{argv};
    reporter_.line("preflight", "fix: " + why + ": running " + command.display());
    auto result = c_.host.processes.run(command);
    if (!result)
      reporter_.warning("preflight", "could not run " + command.display() + ": " + result.error().why);
    else if (result->exit_code != 0)
      reporter_.warning("preflight", command.display() + " failed: " + std::string(trim(result->err)));
  }

  const Context& context() const { return c_; }

 private:
  const Context& c_;
  workflow::Reporter& reporter_;
};

Status sysctl_on(Fixer& fixer, const std::string& key, const std::string& why) {
  KS_CHECK(fixer.edit(kSysctlFile, why, [&](const std::string& text) -> Result<std::string> {
    return ensure_line(text, key + " = 1", key);
  }));
  fixer.run({"sysctl", "-w", key + "=1"}, why);
  return {};
}

std::string cmdline_path(const Context& c) {
  return c.host.files.exists("/boot/firmware/cmdline.txt") ? "/boot/firmware/cmdline.txt"
                                                           : "/boot/cmdline.txt";
}

using Remedy = std::function<Status(Fixer&)>;

// The remedy for each check that has one, by check name.
std::map<std::string, Remedy> remedies() {
  std::map<std::string, Remedy> table;
  table["Swap"] = [](Fixer& f) -> Status {
    f.run({"swapoff", "-a"}, "turning swap off");
    return f.edit(
        "/etc/fstab", "keeping swap off after a reboot",
        [](const std::string& text) -> Result<std::string> { return comment_out_swap_lines(text); });
  };
  table["FileContent--proc-sys-net-ipv4-ip_forward"] = [](Fixer& f) {
    return sysctl_on(f, "net.ipv4.ip_forward", "letting Pods reach other machines");
  };
  table["FileContent--proc-sys-net-ipv6-conf-default-forwarding"] = [](Fixer& f) {
    return sysctl_on(f, "net.ipv6.conf.default.forwarding", "letting IPv6 Pods reach other machines");
  };
  table["FileContent--proc-sys-net-bridge-bridge-nf-call-iptables"] = [](Fixer& f) -> Status {
    auto why = "passing bridged Pod traffic through iptables";
    KS_CHECK(f.edit(kModulesFile, why, [](const std::string& text) -> Result<std::string> {
      return ensure_line(text, "br_netfilter");
    }));
    f.run({"modprobe", "br_netfilter"}, why);
    KS_CHECK(sysctl_on(f, "net.bridge.bridge-nf-call-iptables", why));
    return sysctl_on(f, "net.bridge.bridge-nf-call-ip6tables", why);
  };
  auto containerd = [](Fixer& f) -> Status {
    // Without a config file containerd may not even be installed; writing one would be a guess.
    if (!f.context().host.files.exists(kContainerdConfigPath)) return {};
    KS_CHECK(f.edit(kContainerdConfigPath,
                    "letting the kubelet use containerd (CRI on, systemd cgroup driver)",
                    containerd_config_for_kubernetes));
    f.run({"systemctl", "restart", "containerd"}, "applying containerd's new configuration");
    return {};
  };
  table["CRIPluginDisabled"] = containerd;
  table["CgroupDriver"] = containerd;
  table["IptablesBackend"] = [](Fixer& f) -> Status {
    // Follow the rules: switch every iptables tool to the backend that already holds them, as
    // kube-proxy will program whichever backend has rules.
    auto version = f.context().host.processes.run({{"iptables", "--version"}, true});
    if (!version || version->exit_code != 0) return {};
    auto target = version->out.find("nf_tables") != std::string::npos ? "legacy" : "nft";
    for (const char* tool : {"iptables", "ip6tables", "arptables", "ebtables"})
      if (!f.context().host.processes.find(std::string(tool) + "-" + target).empty())
        f.run({"update-alternatives", "--set", tool, "/usr/sbin/" + std::string(tool) + "-" + target},
              std::string("using the ") + target + " backend, which holds this host's rules");
    return {};
  };
  table["SystemVerification"] = [](Fixer& f) -> Status {
    auto path = cmdline_path(f.context());
    if (!f.context().host.files.exists(path))
      return {};  // not a Raspberry Pi: nothing kubestrap can change safely
    return f.edit(path, "enabling the memory cgroup at the next boot (reboot afterwards)",
                  [](const std::string& text) -> Result<std::string> {
                    return add_kernel_arguments(text, {"cgroup_enable=memory", "cgroup_memory=1"});
                  });
  };
  return table;
}

}  // namespace

std::string comment_out_swap_lines(const std::string& fstab) {
  std::string out;
  for (const auto& line : split(fstab, '\n')) {
    std::istringstream fields(line);
    std::string device, mount, type;
    bool swap = !trim(line).starts_with("#") && (fields >> device >> mount >> type) && type == "swap";
    out += (swap ? "# disabled by kubestrap (the kubelet needs swap off): " + line : line) + "\n";
  }
  if (!fstab.ends_with('\n') && out.ends_with('\n')) out.pop_back();
  if (fstab.ends_with('\n') && out.ends_with("\n\n")) out.pop_back();
  return out;
}

std::string ensure_line(const std::string& text, const std::string& line, const std::string& key) {
  std::string out;
  bool found = false;
  for (const auto& existing : split(text, '\n')) {
    auto trimmed = std::string(trim(existing));
    bool same_key =
        !key.empty() && trimmed.starts_with(key) &&
        (trimmed.size() == key.size() || trimmed[key.size()] == ' ' || trimmed[key.size()] == '=');
    if (trimmed == line || same_key) {
      if (!found) out += line + "\n";
      found = true;
    } else if (!existing.empty()) {
      out += existing + "\n";
    }
  }
  if (!found) out += line + "\n";
  return out;
}

std::string add_kernel_arguments(const std::string& cmdline, const std::vector<std::string>& arguments) {
  auto line = std::string(trim(cmdline));
  auto words = split(line, ' ');
  for (const auto& argument : arguments)
    if (std::ranges::find(words, argument) == words.end()) line += (line.empty() ? "" : " ") + argument;
  return line + "\n";
}

Result<std::string> containerd_config_for_kubernetes(const std::string& text) {
  auto parsed = KS_TRY(parse_containerd_config(text));  // refuses broken UTF-8 before toml++ sees it
  toml::table table;
  try {
    table = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return invalid("cannot edit " + std::string(kContainerdConfigPath), std::string(e.description()),
                   "fix the file by hand, or regenerate it with 'containerd config default'");
  }
  if (!parsed.disables_cri() && parsed.systemd_cgroup.value_or(false)) return text;  // nothing to change
  // containerd 1.x reads version 2 (full plugin names); a version-less file is the old format.
  auto version = table["version"].value<int64_t>().value_or(1);
  if (version < 2) table.insert_or_assign("version", 2);
  if (auto* disabled = table["disabled_plugins"].as_array()) {
    toml::array kept;
    for (const auto& item : *disabled) {
      auto name = item.value<std::string>().value_or("");
      if (name != "cri" && name != "io.containerd.grpc.v1.cri" && !name.starts_with("io.containerd.cri.v1."))
        kept.push_back(name);
    }
    table.insert_or_assign("disabled_plugins", kept);
  }
  std::string plugin = version >= 3 ? "io.containerd.cri.v1.runtime" : "io.containerd.grpc.v1.cri";
  auto ensure = [](toml::table& parent, const std::string& key) -> toml::table& {
    if (!parent[key].is_table()) parent.insert_or_assign(key, toml::table{});
    return *parent[key].as_table();
  };
  auto& runc =
      ensure(ensure(ensure(ensure(ensure(table, "plugins"), plugin), "containerd"), "runtimes"), "runc");
  if (!runc["runtime_type"]) runc.insert_or_assign("runtime_type", "io.containerd.runc.v2");
  ensure(runc, "options").insert_or_assign("SystemdCgroup", true);
  std::ostringstream out;
  out << "# Edited by kubestrap: CRI enabled, runc on the systemd cgroup driver. The original is kept next "
         "to this file.\n"
      << table << "\n";
  return out.str();
}

Result<int> apply_fixes(const Report& report, const Context& context, workflow::Reporter& reporter) {
  auto table = remedies();
  Fixer fixer(context, reporter);
  int applied = 0;
  bool containerd_done = false;
  for (const auto& result : report.results) {
    if (result.status == CheckStatus::Ok) continue;
    auto remedy = table.find(result.name);
    if (remedy == table.end()) continue;
    bool containerd = result.name == "CRIPluginDisabled" || result.name == "CgroupDriver";
    if (containerd && containerd_done) continue;  // one edit and one restart cover both
    containerd_done = containerd_done || containerd;
    KS_CHECK(with_context(remedy->second(fixer), "fixing " + result.name));
    ++applied;
  }
  return applied;
}

}  // namespace ks::preflight

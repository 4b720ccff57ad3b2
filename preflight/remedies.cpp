#include "preflight/remedies.hpp"

#include "base/strings.hpp"
#include "preflight/containerd_config.hpp"
#include "preflight/text_edits.hpp"
#include "workflow/reporter.hpp"

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

std::shared_ptr<const Remedy> remedy(std::string description, std::function<Status(Fixer&)> change) {
  return std::make_shared<const Remedy>(
      Remedy{std::move(description), [change = std::move(change)](const Context& c, workflow::Reporter& r) {
               Fixer fixer(c, r);
               return change(fixer);
             }});
}

Status set_sysctl(Fixer& fixer, const std::string& key, const std::string& why) {
  KS_CHECK(fixer.edit(kSysctlFile, why, [&](const std::string& text) -> Result<std::string> {
    return ensure_line(text, key + " = 1", key);
  }));
  fixer.run({"sysctl", "-w", key + "=1"}, why);
  return {};
}

}  // namespace

std::shared_ptr<const Remedy> turn_swap_off() {
  return remedy("turns swap off and comments out the swap lines of /etc/fstab", [](Fixer& f) -> Status {
    f.run({"swapoff", "-a"}, "turning swap off");
    return f.edit(
        "/etc/fstab", "keeping swap off after a reboot",
        [](const std::string& text) -> Result<std::string> { return comment_out_swap_lines(text); });
  });
}

std::shared_ptr<const Remedy> enable_sysctl(const std::string& key, const std::string& why) {
  return remedy("sets " + key + " = 1 now and in " + kSysctlFile,
                [key, why](Fixer& f) { return set_sysctl(f, key, why); });
}

std::shared_ptr<const Remedy> pass_bridged_traffic_through_iptables() {
  return remedy(std::string("loads br_netfilter now and at boot (") + kModulesFile +
                    ") and sets net.bridge.bridge-nf-call-iptables and -ip6tables = 1",
                [](Fixer& f) -> Status {
                  auto why = "passing bridged Pod traffic through iptables";
                  KS_CHECK(f.edit(kModulesFile, why, [](const std::string& text) -> Result<std::string> {
                    return ensure_line(text, "br_netfilter");
                  }));
                  f.run({"modprobe", "br_netfilter"}, why);
                  KS_CHECK(set_sysctl(f, "net.bridge.bridge-nf-call-iptables", why));
                  return set_sysctl(f, "net.bridge.bridge-nf-call-ip6tables", why);
                });
}

std::shared_ptr<const Remedy> configure_containerd_for_the_kubelet() {
  return remedy("enables the CRI plugin and the systemd cgroup driver in " +
                    std::string(kContainerdConfigPath) + " and restarts containerd",
                [](Fixer& f) -> Status {
                  // Without a config file containerd may not even be installed; writing one would be a guess.
                  if (!f.context().host.files.exists(kContainerdConfigPath)) return {};
                  KS_CHECK(f.edit(kContainerdConfigPath,
                                  "letting the kubelet use containerd (CRI on, systemd cgroup driver)",
                                  containerd_config_for_kubernetes));
                  f.run({"systemctl", "restart", "containerd"}, "applying containerd's new configuration");
                  return {};
                });
}

std::shared_ptr<const Remedy> follow_the_iptables_backend_with_rules() {
  return remedy(
      "switches iptables, ip6tables, arptables and ebtables to the backend that holds the rules",
      [](Fixer& f) -> Status {
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
      });
}

std::shared_ptr<const Remedy> enable_the_memory_cgroup_at_boot() {
  return remedy(
      "adds cgroup_enable=memory cgroup_memory=1 to a Raspberry Pi's cmdline.txt (effective after a reboot)",
      [](Fixer& f) -> Status {
        auto& files = f.context().host.files;
        auto path =
            files.exists("/boot/firmware/cmdline.txt") ? "/boot/firmware/cmdline.txt" : "/boot/cmdline.txt";
        if (!files.exists(path)) return {};  // not a Raspberry Pi: nothing kubestrap can change safely
        return f.edit(path, "enabling the memory cgroup at the next boot (reboot afterwards)",
                      [](const std::string& text) -> Result<std::string> {
                        return add_kernel_arguments(text, {"cgroup_enable=memory", "cgroup_memory=1"});
                      });
      });
}

}  // namespace ks::preflight

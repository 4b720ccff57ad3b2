#include <fmt/format.h>
#include <algorithm>

#include "base/dns_name.hpp"
#include "base/strings.hpp"
#include "preflight/checks.hpp"
#include "preflight/proc_parsers.hpp"
#include "preflight/remedies.hpp"

namespace ks::preflight {

namespace {

const char* kPiCmdlineFix =
    "add \"cgroup_enable=memory cgroup_memory=1\" to the kernel command line (on a Raspberry Pi: the single "
    "line "
    "of /boot/firmware/cmdline.txt, or /boot/cmdline.txt on older images) and reboot; --fix edits the file";

Finding cgroup_v2(const Context& c) {
  auto controllers = split(trim(c.host.system.read("/sys/fs/cgroup/cgroup.controllers").value_or("")), ' ');
  std::vector<std::string> missing;
  for (const char* needed : {"cpu", "memory", "pids"})
    if (std::ranges::find(controllers, needed) == controllers.end()) missing.push_back(needed);
  if (std::ranges::find(missing, "memory") != missing.end())
    return Finding::error(
        "the memory cgroup controller is not enabled (cgroup v2 controllers: " + join(controllers, " ") + ")",
        kPiCmdlineFix);
  if (!missing.empty())
    return Finding::error(
        "cgroup v2 lacks the controllers " + join(missing, ", "),
        "enable them on the kernel command line (systemd.unified_cgroup_hierarchy=1) and reboot");
  return Finding::ok();
}

Finding cgroup_v1(const Context& c) {
  auto subsystems = cgroup_v1_subsystems(c.host.system.read("/proc/cgroups").value_or(""));
  if (subsystems.empty())
    return Finding::error("no cgroup controllers found in /proc/cgroups or /sys/fs/cgroup");
  std::vector<std::string> disabled;
  for (const char* needed : {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "pids"})
    if (!subsystems.contains(needed) || !subsystems[needed]) disabled.push_back(needed);
  if (std::ranges::find(disabled, "memory") != disabled.end())
    return Finding::error(
        "the memory cgroup is disabled (/proc/cgroups shows memory with enabled 0); the kubelet cannot "
        "limit Pod memory without it",
        kPiCmdlineFix);
  if (!disabled.empty())
    return Finding::error("the cgroup controllers " + join(disabled, ", ") + " are disabled");
  return Finding::warning(
      "this machine uses cgroup v1, which Kubernetes keeps in maintenance mode since v1.31",
      "boot with cgroup v2 (systemd.unified_cgroup_hierarchy=1) when you can");
}

Finding check_privileged_user(const Context& c) {
  auto uid = effective_uid(c.host.system.read("/proc/self/status").value_or(""));
  if (uid && *uid != 0)
    return Finding::error("kubestrap must run as root (effective uid " + std::to_string(*uid) + ")",
                          "run it with sudo");
  return Finding::ok();
}

Finding check_cpus(const Context& c) {
  if (!c.control_plane) return Finding::ok();
  auto cpus = count_processors(c.host.system.read("/proc/cpuinfo").value_or(""));
  if (cpus > 0 && cpus < 2)
    return Finding::error(
        "a control-plane node needs at least 2 CPUs; this machine has " + std::to_string(cpus),
        "give the machine a second CPU");
  return Finding::ok();
}

Finding check_memory(const Context& c) {
  if (!c.control_plane) return Finding::ok();
  auto kib = mem_total_kib(c.host.system.read("/proc/meminfo").value_or(""));
  if (kib && *kib / 1024 < 1700)
    return Finding::error(
        fmt::format("a control-plane node needs at least 1700 MB of memory; this machine has {} MB",
                    *kib / 1024),
        "use a machine with 2 GB of memory or more");
  return Finding::ok();
}

Finding check_swap(const Context& c) {
  auto swaps = active_swaps(c.host.system.read("/proc/swaps").value_or(""));
  if (swaps.empty()) return Finding::ok();
  return Finding::warning("swap is on (" + join(swaps, ", ") +
                              "); the kubelet fails to start with swap unless its configuration allows it",
                          "swapoff -a, and comment out the swap lines of /etc/fstab (--fix does both)");
}

Finding check_kernel_and_cgroups(const Context& c) {
  auto release = c.host.system.read("/proc/sys/kernel/osrelease").value_or("");
  if (auto version = kernel_version(release)) {
    if (*version < std::pair{3, 10})
      return Finding::error(
          "kernel " + std::string(trim(release)) + " is too old; Kubernetes needs 3.10 or newer",
          "upgrade the kernel");
  }
  bool v2 = c.host.system.exists("/sys/fs/cgroup/cgroup.controllers");
  auto cgroups = v2 ? cgroup_v2(c) : cgroup_v1(c);
  if (cgroups.status != CheckStatus::Ok) return cgroups;
  if (auto version = kernel_version(release); version && *version < std::pair{4, 19})
    return Finding::warning("kernel " + std::string(trim(release)) +
                                " is older than 4.19, the oldest that "
                                "Kubernetes v1.32 is tested with",
                            "upgrade the kernel");
  return Finding::ok();
}

Finding check_hostname(const Context& c) {
  const auto& name = c.config.node_registration.name;
  if (auto why = dns1123_subdomain_problem(name); !why.empty())
    return Finding::error("the node name " + quote(name) + " is not a valid DNS-1123 name: " + why,
                          "pass --node-name with a lowercase name");
  return Finding::ok();
}

}  // namespace

std::vector<Check> system_checks() {
  return {
      {"IsPrivilegedUser", check_privileged_user},
      {"NumCPU", check_cpus},
      {"Mem", check_memory},
      {"Swap", check_swap, turn_swap_off()},
      {"SystemVerification", check_kernel_and_cgroups, enable_the_memory_cgroup_at_boot()},
      {"Hostname", check_hostname},
  };
}

}  // namespace ks::preflight

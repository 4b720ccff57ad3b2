#pragma once

#include <memory>
#include <string>

#include "preflight/check.hpp"

namespace ks::preflight {

// The remedies --fix applies, each built once per check list and held by the checks whose problem it
// removes (see Remedy for what every remedy promises).

// swapoff -a, and the swap lines of /etc/fstab commented out.
std::shared_ptr<const Remedy> turn_swap_off();
// The sysctl `key` set to 1 now and in /etc/sysctl.d/99-kubernetes.conf; `why` leads each step's line.
std::shared_ptr<const Remedy> enable_sysctl(const std::string& key, const std::string& why);
// br_netfilter loaded now and at boot, and bridged traffic (IPv4 and IPv6) passed through iptables.
std::shared_ptr<const Remedy> pass_bridged_traffic_through_iptables();
// containerd's config.toml with the CRI plugin on and runc on the systemd cgroup driver, then containerd
// restarted; nothing when the file does not exist.
std::shared_ptr<const Remedy> configure_containerd_for_the_kubelet();
// Every iptables tool switched to the backend that holds this host's rules.
std::shared_ptr<const Remedy> follow_the_iptables_backend_with_rules();
// The memory cgroup enabled on a Raspberry Pi's kernel command line (cmdline.txt), for the next boot.
std::shared_ptr<const Remedy> enable_the_memory_cgroup_at_boot();

}  // namespace ks::preflight

#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "host/files.hpp"

namespace ks::standin {

// The kubelet's arguments as systemd starts them on this node: the ExecStart= of kubelet.service (the
// first of /etc/systemd/system, /usr/lib/systemd/system, /lib/systemd/system that has it) after its
// drop-ins (kubelet.service.d/*.conf, /etc first for a name found twice, applied in name order), with
// Environment= and then EnvironmentFile= variables (a file named "-path" may be missing) substituted:
// "$VAR" alone becomes its value split at whitespace, "${VAR}" its value in place (systemd.service,
// "Command lines"). Without any unit this is kubeadm's drop-in with kubeadm-flags.env.
Result<std::vector<std::string>> kubelet_arguments(const host::Files& files);

}  // namespace ks::standin

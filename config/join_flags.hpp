// `kubestrap join`'s flags written into a JoinConfiguration, with kubeadm's rules (cmd/join.go): without
// --config the flags build the configuration; with --config they may only add the node name, preflight
// errors to ignore, dry-run and phases to skip (check_config_flag_mix refuses the rest first).
#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/join_load.hpp"
#include "config/types.hpp"

namespace ks::config {

// Flags given but not used (a second endpoint, control-plane flags without --control-plane) are named in
// `warnings`, as kubeadm warns about them.
Status apply_join_flags(const JoinFlags& flags, JoinConfiguration& config,
                        std::vector<std::string>& warnings);

}  // namespace ks::config

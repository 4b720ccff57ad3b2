#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/flags.hpp"
#include "config/types.hpp"
#include "host/host.hpp"

namespace ks::config {

struct LoadedInit {
  InitConfiguration config;
  std::vector<std::string> warnings;
};

struct LoadOptions {
  // Look for the runtime's socket on the node when the configuration names none. Commands that never talk
  // to the runtime (kubeconfig user) take kubeadm's default socket instead, as kubeadm's SkipCRIDetect does:
  // two runtimes on the node are no reason for them to fail.
  bool detect_cri_socket = true;
};

// flags (+ --config file, read from this machine's filesystem, not the node root) -> defaulted, validated
// configuration. Nothing is written; every error is InvalidInput.
Result<LoadedInit> load_init_config(const InitFlags& flags, const host::Host& host, LoadOptions options = {});

}  // namespace ks::config

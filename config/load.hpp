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

// flags (+ --config file, read from this machine's filesystem, not the node root) -> defaulted, validated
// configuration. Nothing is written; every error is InvalidInput.
Result<LoadedInit> load_init_config(const InitFlags& flags, const host::Host& host);

}  // namespace ks::config

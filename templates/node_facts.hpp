#pragma once

#include <string>
#include <vector>

#include "config/types.hpp"

namespace ks::templates {

// What the rendered files depend on besides the configuration; gathered from the host by the phases so
// that rendering stays a pure function of its inputs.
struct NodeFacts {
  std::vector<std::string> ca_directories;  // optional CA bundle directories present on the node
  std::vector<config::EnvVar> proxy_env;    // the *_proxy variables of the environment, non-empty, sorted
  std::string os_hostname;                  // lowercased
  bool systemd_resolved = false;            // /run/systemd/resolve/resolv.conf exists
  bool external_ca = false;                 // ca.crt present without ca.key
};

}  // namespace ks::templates

// Commands that read a configuration file but have none of init's flags (config validate, kubeconfig user)
// share init's loader, whose fixes may name init's flags: such a fix should point at the file instead.
#pragma once

#include "base/error.hpp"

namespace ks::cli {

inline Error with_file_only_fix(Error error) {
  if (error.fix.find("--apiserver-advertise-address") != std::string::npos)
    error.fix = "set localAPIEndpoint.advertiseAddress in a configuration file given with --config";
  else if (error.fix.find("--node-name") != std::string::npos)
    error.fix = "set nodeRegistration.name in a configuration file given with --config";
  return error;
}

}  // namespace ks::cli

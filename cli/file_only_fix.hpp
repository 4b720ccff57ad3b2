// Commands that read a configuration file but have none of init's flags (config validate, config migrate,
// kubeconfig user) share init's loader, whose fixes may name init's flags: such a fix should point at the
// file instead, named by the command's own flag.
#pragma once

#include <string>
#include <string_view>

#include "base/error.hpp"

namespace ks::cli {

inline Error with_file_only_fix(Error error, std::string_view file_flag = "--config") {
  std::string in_file = " in a configuration file given with " + std::string(file_flag);
  if (error.fix.find("--apiserver-advertise-address") != std::string::npos)
    error.fix = "set localAPIEndpoint.advertiseAddress" + in_file;
  else if (error.fix.find("--node-name") != std::string::npos)
    error.fix = "set nodeRegistration.name" + in_file;
  return error;
}

}  // namespace ks::cli

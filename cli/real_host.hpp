#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "host/host.hpp"

namespace ks::cli {

// The node's root directory: --root-dir if given, else $KUBESTRAP_ROOT_DIR, else "/"; a dry run without
// --root-dir gets a fresh temporary directory so that nothing on the machine changes.
Result<std::string> node_root(const std::optional<std::string>& given, bool dry_run);

// The real machine, rooted at `root`. Under a dry run, commands are printed instead of run.
class RealHost {
 public:
  RealHost(const std::string& root, bool dry_run, std::function<void(const std::string&)> print_command);
  host::Host& view() { return host_; }

 private:
  host::RootFiles files_;
  host::SystemFiles system_;
  host::SystemNetwork network_;
  std::unique_ptr<host::Processes> processes_;
  host::SystemClock clock_;
  host::SystemRandom random_;
  host::SystemEnvironment environment_;
  host::Host host_;
};

}  // namespace ks::cli

#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/processes.hpp"

namespace ks::testing {

// Runs a real program (openssl, etcdctl, kubectl, the kubestrap binary) and returns what it did.
inline host::ProcessResult run(std::vector<std::string> argv) {
  host::SystemProcesses processes;
  auto result = processes.run({std::move(argv)});
  if (!result) throw std::runtime_error(result.error().message());
  return *result;
}

#ifdef KS_BINARY
inline host::ProcessResult kubestrap(std::vector<std::string> args) {
  args.insert(args.begin(), KS_BINARY);
  return run(std::move(args));
}
#endif

inline bool on_path(const std::string& program) {
  return run({"sh", "-c", "command -v " + program}).exit_code == 0;
}

}  // namespace ks::testing

#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::host {

// How long a command may run unless it says otherwise: long enough for `systemctl restart containerd` on a
// slow machine, short enough that a hung command ends the run with an error instead of stalling it.
inline constexpr std::chrono::milliseconds kDefaultCommandTimeout = std::chrono::minutes(5);

struct Command {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH when it has no '/'
  bool read_only = false;         // only inspects the machine (`kubelet --version`): runs even in a dry run
  // A command still running (or still holding its output open) after this long is killed, and the run is an
  // error naming the command and the timeout.
  std::chrono::milliseconds timeout = kDefaultCommandTimeout;
  std::string display() const;
};

struct ProcessResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// Runs external commands. The real one uses Boost.Process; a dry run prints instead of running.
class Processes {
 public:
  virtual ~Processes() = default;
  // A command that cannot be started or outlives its timeout is an error; a non-zero exit is a result for
  // the caller to judge.
  virtual Result<ProcessResult> run(const Command& command) = 0;
  // The full path of a program found in PATH, or empty.
  virtual std::string find(const std::string& program) const;
};

class SystemProcesses : public Processes {
 public:
  Result<ProcessResult> run(const Command& command) override;
};

// Under --dry-run: reports each command through `print` and pretends it succeeded.
class DryRunProcesses : public Processes {
 public:
  explicit DryRunProcesses(std::function<void(const std::string&)> print) : print_(std::move(print)) {}
  Result<ProcessResult> run(const Command& command) override;

 private:
  std::function<void(const std::string&)> print_;
  SystemProcesses real_;  // for read-only commands
};

}  // namespace ks::host

// preflight: the checks a machine must pass before it becomes a node. A check is a small value — a
// kubeadm-compatible name, a function that reads the host through the seam, and the remedy --fix applies
// when there is one — so that a directory of files captured from a real machine, given as the root, acts
// as that machine. The runner runs the checks concurrently, honours --ignore-preflight-errors, and reports
// every problem with its fix.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"
#include "host/host.hpp"
#include "kube/cri/runtime.hpp"

namespace ks::workflow {
class Reporter;
}

namespace ks::preflight {

enum class CheckStatus { Ok, Warning, Error, Ignored };
std::string_view to_string(CheckStatus status);

// What a check found: a status, and for a problem what it is and how to fix it.
struct Finding {
  CheckStatus status = CheckStatus::Ok;
  std::string message;
  std::string fix;
  static Finding ok() { return {}; }
  // Passed, with something worth showing (the runtime's version, say).
  static Finding note(std::string message) { return {CheckStatus::Ok, std::move(message), {}}; }
  static Finding warning(std::string message, std::string fix = {}) {
    return {CheckStatus::Warning, std::move(message), std::move(fix)};
  }
  static Finding error(std::string message, std::string fix = {}) {
    return {CheckStatus::Error, std::move(message), std::move(fix)};
  }
};

struct Context {
  const host::Host& host;
  const config::InitConfiguration& config;
  const kube::cri::Connector& cri;
  bool control_plane = true;
};

// What --fix changes on the host to remove a check's problem. Idempotent (on a host it already fixed it
// changes nothing); it says what it changes before changing it, backs up a file the first time it edits it
// (<file>.kubestrap.bak), writes through the seam (so --root-dir and --dry-run hold) and runs commands
// through the process runner (printed, not run, under --dry-run).
struct Remedy {
  std::string description;  // one line: what it changes
  std::function<Status(const Context&, workflow::Reporter&)> apply;
};

struct Check {
  std::string name;  // kubeadm's name where kubeadm has the check: "Port-6443",
                     // "FileContent--proc-sys-net-ipv4-ip_forward"
  std::function<Finding(const Context&)> run;
  // Null when kubestrap cannot fix the problem. Checks whose problems one change fixes hold the same
  // remedy, which --fix then applies once.
  std::shared_ptr<const Remedy> remedy;
};

struct CheckResult {
  std::string name;
  CheckStatus status;
  std::string message;
  std::string fix;
  std::shared_ptr<const Remedy> remedy;  // the check's
};

// kubeadm's naming of file checks: "/etc/kubernetes/manifests" -> "-etc-kubernetes-manifests".
std::string path_label(const std::string& path);

}  // namespace ks::preflight

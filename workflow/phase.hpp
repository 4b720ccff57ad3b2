// workflow: runs a tree of phases given as plain data. It knows nothing about Kubernetes: it names
// phases by path ("certs/apiserver"), runs a whole tree or one subtree (`init phase certs`), skips
// subtrees (--skip-phases), keeps the order dependencies ask for, wraps a failure once with the phase
// path, and times every phase for the reporter.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::workflow {

struct Phase {
  std::string name;
  std::string help;
  std::function<Status()> run;     // may be empty for a pure group
  std::vector<Phase> children;     // run after `run`, in order
  std::function<bool()> enabled;   // empty = always; false = skipped (e.g. external etcd). Decided from
                                   // the configuration before anything runs, so it must not depend on
                                   // what earlier phases do.
  std::vector<std::string> needs;  // paths that must come earlier in the tree when both run
  std::string unavailable;         // non-empty: not implemented in this build, and why
  // Private keys this phase will generate if it runs now (0 when its key files exist), so that a key
  // pool can start on all of them before the first phase runs.
  std::function<size_t()> new_keys;
};

}  // namespace ks::workflow

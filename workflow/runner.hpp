#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "host/clock.hpp"
#include "workflow/phase.hpp"
#include "workflow/reporter.hpp"

namespace ks::workflow {

struct Selection {
  std::string only;               // empty = the whole tree; else a path, "certs" or "certs/apiserver"
  std::vector<std::string> skip;  // paths whose subtrees are skipped; "all" skips everything
};

// What one run does with each phase, decided once before anything runs (kubeadm's
// computePhaseRunFlags): running, prefetching and reporting all read this, so they cannot disagree.
enum class Decision {
  Run,          // inside the selection: its run function and its children's decisions apply
  Walk,         // an ancestor of the selected phase: not run itself, passed through to reach it
  Skip,         // --skip-phases names it or an ancestor
  Unavailable,  // not implemented in this build
  Disabled,     // `enabled` says no for this configuration
  Outside,      // not selected
};

struct PlannedPhase {
  std::string path;
  const Phase* phase;
  Decision decision;
};

struct PhaseTiming {
  std::string path;
  PhaseOutcome outcome;
  std::chrono::nanoseconds elapsed;
};

class Runner {
 public:
  // Checks the tree once: unique paths and `needs` that point to earlier phases. A broken tree is a
  // programming error and throws.
  Runner(std::vector<Phase> phases, Reporter& reporter, const host::Clock& clock);

  // Rejects unknown paths in the selection before anything runs.
  Status validate(const Selection& selection) const;
  // Every phase in tree order with what a run of this selection does with it. The selection must be valid.
  std::vector<PlannedPhase> plan(const Selection& selection) const;
  Status run(const Selection& selection);

  const std::vector<PhaseTiming>& timings() const { return timings_; }
  const std::vector<Phase>& phases() const { return phases_; }
  // Every path in tree order, for help text and shell completion.
  std::vector<std::string> paths() const;
  // An indented listing of the tree with each phase's help.
  std::string describe() const;

 private:
  Status run_phase(const std::vector<PlannedPhase>& plan, size_t& next, const std::string& only);

  std::vector<Phase> phases_;
  Reporter& reporter_;
  const host::Clock& clock_;
  std::vector<PhaseTiming> timings_;
};

// "certs/all" and "certs" name the same subtree, as kubeadm's `init phase certs all` does.
std::string normalize_path(std::string path);

}  // namespace ks::workflow

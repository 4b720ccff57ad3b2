#include "workflow/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "base/strings.hpp"

namespace ks::workflow {

namespace {

void collect(const std::vector<Phase>& phases, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& phase : phases) {
    auto path = prefix.empty() ? phase.name : prefix + "/" + phase.name;
    out.push_back(path);
    collect(phase.children, path, out);
  }
}

void describe_into(const std::vector<Phase>& phases, int depth, std::string& out) {
  for (const auto& phase : phases) {
    std::string label = std::string(depth * 2, ' ') + phase.name;
    std::string note = phase.unavailable.empty() ? "" : " (not available yet)";
    out += fmt::format("  {:<34} {}{}\n", label, phase.help, note);
    describe_into(phase.children, depth + 1, out);
  }
}

bool is_within(const std::string& path, const std::string& subtree) {
  return path == subtree || path.starts_with(subtree + "/");
}

}  // namespace

std::string normalize_path(std::string path) {
  while (path.ends_with("/")) path.pop_back();
  if (path == "all") return "";
  if (path.ends_with("/all")) path.resize(path.size() - 4);
  return path;
}

Runner::Runner(std::vector<Phase> phases, Reporter& reporter, const host::Clock& clock)
    : phases_(std::move(phases)), reporter_(reporter), clock_(clock) {
  auto all = paths();
  for (size_t i = 0; i < all.size(); ++i)
    if (std::find(all.begin(), all.begin() + i, all[i]) != all.begin() + i)
      throw std::logic_error("duplicate phase path " + all[i]);
  // Every `needs` entry must name a phase that comes earlier in tree order.
  std::function<void(const std::vector<Phase>&, const std::string&)> check = [&](const auto& list,
                                                                                 const auto& prefix) {
    for (const auto& phase : list) {
      auto path = prefix.empty() ? phase.name : prefix + "/" + phase.name;
      auto position = std::find(all.begin(), all.end(), path);
      for (const auto& need : phase.needs)
        if (std::find(all.begin(), position, need) == position)
          throw std::logic_error("phase " + path + " needs " + need + ", which does not come before it");
      check(phase.children, path);
    }
  };
  check(phases_, "");
}

std::vector<std::string> Runner::paths() const {
  std::vector<std::string> out;
  collect(phases_, "", out);
  return out;
}

std::string Runner::describe() const {
  std::string out;
  describe_into(phases_, 0, out);
  return out;
}

Status Runner::validate(const Selection& selection) const {
  auto all = paths();
  auto known = [&](const std::string& path) {
    return path.empty() || std::ranges::find(all, path) != all.end();
  };
  auto only = normalize_path(selection.only);
  if (!known(only))
    return invalid("unknown phase " + quote(selection.only), "known phases are: " + join(all, ", "));
  for (const auto& skip : selection.skip)
    if (!known(normalize_path(skip)))
      return invalid("--skip-phases names an unknown phase " + quote(skip),
                     "known phases are: " + join(all, ", "));
  return {};
}

namespace {

Selection normalized(const Selection& selection) {
  Selection out{normalize_path(selection.only), {}};
  for (const auto& skip : selection.skip) out.skip.push_back(normalize_path(skip));
  return out;
}

void plan_into(const std::vector<Phase>& phases, const std::string& prefix, const Selection& selection,
               bool parent_runs, bool parent_blocked, std::vector<PlannedPhase>& out) {
  for (const auto& phase : phases) {
    auto path = prefix.empty() ? phase.name : prefix + "/" + phase.name;
    // A phase runs when it lies inside the selected subtree; its ancestors are walked to reach it.
    bool inside = parent_runs || is_within(path, selection.only);
    bool on_the_way = !inside && is_within(selection.only, path);
    Decision decision = Decision::Outside;
    if (!parent_blocked && (inside || on_the_way)) {
      if (std::ranges::any_of(selection.skip, [&](const auto& s) { return s.empty() || is_within(path, s); }))
        decision = Decision::Skip;
      else if (inside && !phase.unavailable.empty())
        decision = Decision::Unavailable;
      else if (inside && phase.enabled && !phase.enabled())
        decision = Decision::Disabled;
      else
        decision = inside ? Decision::Run : Decision::Walk;
    }
    out.push_back({path, &phase, decision});
    bool passes = decision == Decision::Run || decision == Decision::Walk;
    plan_into(phase.children, path, selection, decision == Decision::Run, parent_blocked || !passes, out);
  }
}

}  // namespace

std::vector<PlannedPhase> Runner::plan(const Selection& selection) const {
  std::vector<PlannedPhase> out;
  auto clean = normalized(selection);
  plan_into(phases_, "", clean, clean.only.empty(), false, out);
  return out;
}

Status Runner::run(const Selection& selection) {
  KS_CHECK(validate(selection));
  timings_.clear();
  auto planned = plan(selection);
  auto only = normalize_path(selection.only);
  for (size_t next = 0; next < planned.size();) KS_CHECK(run_phase(planned, next, only));
  return {};
}

// Runs the planned phase at `next` and its subtree, leaving `next` after the subtree.
Status Runner::run_phase(const std::vector<PlannedPhase>& plan, size_t& next, const std::string& only) {
  const auto& [path, phase, decision] = plan[next++];
  auto subtree_end = next;
  while (subtree_end < plan.size() && plan[subtree_end].path.starts_with(path + "/")) ++subtree_end;
  auto outcome = [&](PhaseOutcome result) {
    timings_.push_back({path, result, {}});
    reporter_.phase_finished(path, {}, result);
  };
  switch (decision) {
    case Decision::Outside:
      next = subtree_end;
      return {};
    case Decision::Skip:
      reporter_.line(path, "skipped (--skip-phases)");
      outcome(PhaseOutcome::Skipped);
      next = subtree_end;
      return {};
    case Decision::Unavailable:
      if (path == only)
        return invalid("phase " + quote(path) + " is not available yet in this version of kubestrap",
                       phase->unavailable);
      reporter_.line(path, "not available yet: " + phase->unavailable);
      outcome(PhaseOutcome::Unavailable);
      next = subtree_end;
      return {};
    case Decision::Disabled:
      outcome(PhaseOutcome::Skipped);
      next = subtree_end;
      return {};
    case Decision::Run:
    case Decision::Walk:
      break;
  }
  bool runs = decision == Decision::Run;
  auto start = clock_.monotonic();
  if (runs && phase->run) {
    if (auto status = phase->run(); !status) {
      auto error = status.error();
      // Wrap once, with the innermost phase path only.
      if (!error.what.starts_with("phase ")) error = std::move(error).context("phase " + path);
      timings_.push_back({path, PhaseOutcome::Failed, clock_.monotonic() - start});
      reporter_.phase_finished(path, clock_.monotonic() - start, PhaseOutcome::Failed);
      return std::unexpected(std::move(error));
    }
  }
  while (next < subtree_end) KS_CHECK(run_phase(plan, next, only));
  if (runs) {
    auto elapsed = clock_.monotonic() - start;
    timings_.push_back({path, PhaseOutcome::Done, elapsed});
    // Progress lines carry timings for top-level phases and for a phase run alone.
    if (path.find('/') == std::string::npos || path == only)
      reporter_.phase_finished(path, elapsed, PhaseOutcome::Done);
  }
  return {};
}

}  // namespace ks::workflow

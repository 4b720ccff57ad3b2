#pragma once

#include <chrono>
#include <iosfwd>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_box.hpp"

namespace ks::workflow {

enum class PhaseOutcome { Done, Skipped, Unavailable, Failed };
std::string_view to_string(PhaseOutcome outcome);

// The one channel for what a user sees of a run: "[tag] text" progress lines, warnings, and per-phase
// timings. Never pass it a secret. Thread-safe, since key generation reports from worker threads.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void line(std::string_view tag, std::string_view text) = 0;
  virtual void warning(std::string_view tag, std::string_view text) = 0;
  virtual void phase_finished(std::string_view path, std::chrono::nanoseconds elapsed,
                              PhaseOutcome outcome) = 0;
  // A structured result for machine output (preflight checks, say); human output has its own lines.
  virtual void result(std::string_view /*key*/, const nlohmann::json& /*value*/) {}
};

// Human output: progress on stdout, warnings on stderr.
class TextReporter : public Reporter {
 public:
  TextReporter(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}
  void line(std::string_view tag, std::string_view text) override;
  void warning(std::string_view tag, std::string_view text) override;
  void phase_finished(std::string_view path, std::chrono::nanoseconds elapsed, PhaseOutcome outcome) override;

 private:
  std::mutex mutex_;
  std::ostream& out_;
  std::ostream& err_;
};

// Machine output for --output json: collects everything into one document the command prints at the end.
class JsonReporter : public Reporter {
 public:
  JsonReporter();
  void line(std::string_view tag, std::string_view text) override;
  void warning(std::string_view tag, std::string_view text) override;
  void phase_finished(std::string_view path, std::chrono::nanoseconds elapsed, PhaseOutcome outcome) override;
  void result(std::string_view key, const nlohmann::json& value) override;
  nlohmann::json document() const;

 private:
  mutable std::mutex mutex_;
  JsonBox messages_, warnings_, phases_, results_;
};

}  // namespace ks::workflow

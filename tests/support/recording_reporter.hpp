#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "workflow/reporter.hpp"

namespace ks::testing {

class RecordingReporter : public workflow::Reporter {
 public:
  std::vector<std::string> lines, warnings, finished;
  void line(std::string_view tag, std::string_view text) override {
    std::lock_guard lock(mutex_);
    lines.push_back("[" + std::string(tag) + "] " + std::string(text));
  }
  void warning(std::string_view tag, std::string_view text) override {
    std::lock_guard lock(mutex_);
    warnings.push_back("[" + std::string(tag) + "] " + std::string(text));
  }
  void phase_finished(std::string_view path, std::chrono::nanoseconds,
                      workflow::PhaseOutcome outcome) override {
    std::lock_guard lock(mutex_);
    finished.push_back(std::string(path) + ":" + std::string(workflow::to_string(outcome)));
  }
  bool said(std::string_view needle) const {
    for (const auto& l : lines)
      if (l.find(needle) != std::string::npos) return true;
    return false;
  }

 private:
  std::mutex mutex_;
};

}  // namespace ks::testing

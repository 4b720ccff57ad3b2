#include "workflow/reporter.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <ostream>

#include "base/duration.hpp"

namespace ks::workflow {

std::string_view to_string(PhaseOutcome outcome) {
  switch (outcome) {
    case PhaseOutcome::Done:
      return "done";
    case PhaseOutcome::Skipped:
      return "skipped";
    case PhaseOutcome::Unavailable:
      return "unavailable";
    case PhaseOutcome::Failed:
      return "failed";
  }
  return "unknown";
}

void TextReporter::line(std::string_view tag, std::string_view text) {
  std::lock_guard lock(mutex_);
  if (tag.empty())
    out_ << '\n' << text << '\n' << std::flush;  // untagged: a closing message for people
  else
    out_ << '[' << tag << "] " << text << '\n' << std::flush;
}

void TextReporter::warning(std::string_view tag, std::string_view text) {
  std::lock_guard lock(mutex_);
  err_ << '[' << tag << "] WARNING: " << text << '\n' << std::flush;
}

void TextReporter::phase_finished(std::string_view path, std::chrono::nanoseconds elapsed,
                                  PhaseOutcome outcome) {
  if (outcome != PhaseOutcome::Done) return;  // skips and unavailable phases are announced by the runner
  std::lock_guard lock(mutex_);
  out_ << '[' << path << "] done in " << format_elapsed(elapsed) << '\n' << std::flush;
}

JsonReporter::JsonReporter()
    : messages_(nlohmann::json::array()),
      warnings_(nlohmann::json::array()),
      phases_(nlohmann::json::array()) {}

void JsonReporter::line(std::string_view tag, std::string_view text) {
  std::lock_guard lock(mutex_);
  messages_->push_back({{"phase", tag}, {"message", text}});
}

void JsonReporter::warning(std::string_view tag, std::string_view text) {
  std::lock_guard lock(mutex_);
  warnings_->push_back({{"phase", tag}, {"message", text}});
}

void JsonReporter::phase_finished(std::string_view path, std::chrono::nanoseconds elapsed,
                                  PhaseOutcome outcome) {
  std::lock_guard lock(mutex_);
  phases_->push_back({{"phase", path},
                      {"status", to_string(outcome)},
                      {"seconds", std::chrono::duration<double>(elapsed).count()}});
}

void JsonReporter::result(std::string_view key, const nlohmann::json& value) {
  std::lock_guard lock(mutex_);
  (*results_)[std::string(key)] = value;
}

nlohmann::json JsonReporter::document() const {
  std::lock_guard lock(mutex_);
  nlohmann::json document = *results_;
  document["phases"] = *phases_;
  document["messages"] = *messages_;
  document["warnings"] = *warnings_;
  return document;
}

}  // namespace ks::workflow

#include "tests/support/control_plane/faults.hpp"

#include "base/strings.hpp"

namespace ks::standin {

Status Faults::set(const std::string& text) {
  std::vector<Rule> rules;
  bool unhealthy = false;
  for (const auto& item : split(text, ',')) {
    auto term = std::string(trim(item));
    if (term.empty()) continue;
    if (term == "unhealthy") {
      unhealthy = true;
      continue;
    }
    auto at = term.find_first_of(":/");
    if (at == std::string::npos || !is_all_digits(term.substr(at + 1)))
      return invalid("fault rule " + term, "expected <what>:<n> or <what>/<n>");
    Rule rule;
    auto what = term.substr(0, at);
    int n = std::stoi(term.substr(at + 1));
    (term[at] == ':' ? rule.remaining : rule.every) = n;
    if (what == "drop")
      rule.fault.drop = true;
    else if (what.starts_with("delay") && is_all_digits(what.substr(5)))
      rule.fault.delay = std::chrono::milliseconds(std::stoi(what.substr(5)));
    else if (what == "500" || what == "429" || what == "409" || what == "503")
      rule.fault.status = std::stoi(what);
    else
      return invalid("fault rule " + term, "unknown fault " + what);
    rules.push_back(rule);
  }
  std::lock_guard lock(mutex_);
  rules_ = std::move(rules);
  unhealthy_ = unhealthy;
  requests_ = 0;
  return {};
}

Fault Faults::next() {
  std::lock_guard lock(mutex_);
  ++requests_;
  for (auto& rule : rules_) {
    if (rule.remaining > 0) {
      --rule.remaining;
      return rule.fault;
    }
    if (rule.every > 0 && requests_ % rule.every == 0) return rule.fault;
  }
  return {};
}

bool Faults::unhealthy() const {
  std::lock_guard lock(mutex_);
  return unhealthy_;
}

}  // namespace ks::standin

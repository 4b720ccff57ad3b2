#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ks {

// UTC times as Kubernetes objects carry them: "2026-11-22T10:00:00Z" (whole seconds).
std::string format_rfc3339(std::chrono::system_clock::time_point time);
// Accepts "Z" or a numeric offset ("+02:00"); fractional seconds are dropped. nullopt if malformed.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace ks

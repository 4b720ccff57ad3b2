#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace ks {

// Durations as Kubernetes configuration writes them (Go's time.Duration text): "8760h0m0s", "4m", "1.5h".
Result<std::chrono::nanoseconds> parse_go_duration(std::string_view text);
std::string format_go_duration(std::chrono::nanoseconds duration);
// A short human form for progress lines: "812ms", "1.4s", "2m3s".
std::string format_elapsed(std::chrono::nanoseconds duration);
// apimachinery's ShortHumanDuration (kubeadm's token TTL column): whole seconds, minutes, hours, days or
// years ("45s", "23h", "364d", "2y"); "0s" for up to a second in the past, "<invalid>" further back.
std::string short_human_duration(std::chrono::nanoseconds duration);

}  // namespace ks

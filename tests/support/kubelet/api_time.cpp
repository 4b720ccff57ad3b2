#include "tests/support/kubelet/api_time.hpp"

#include <chrono>
#include <ctime>

namespace ks::standin {

std::string utc_now(int fraction_digits) {
  auto now = std::chrono::time_point_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now());
  auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  auto time = std::chrono::system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  std::string text = buffer;
  if (fraction_digits > 0)
    text +=
        "." +
        std::to_string((now - seconds).count() + 1000000000).substr(1, static_cast<size_t>(fraction_digits));
  return text + "Z";
}

}  // namespace ks::standin

// Shared by the fuzz targets: the input as text, split into parts, and checks of a function's contract
// that end the run the way a sanitizer report does, so that libFuzzer keeps the input.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ks::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The text up to the first newline (removed from `rest`); all of `rest` when there is none.
inline std::string_view take_line(std::string_view& rest) {
  auto end = rest.find('\n');
  auto line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

// A broken promise of the code under test (not a rejected input): report it and abort.
inline void require(bool holds, const char* promise) {
  if (holds) return;
  std::fprintf(stderr, "fuzz: broken contract: %s\n", promise);
  std::abort();
}

}  // namespace ks::fuzz

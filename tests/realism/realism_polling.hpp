#pragma once

#include <chrono>

namespace ks::testing {

// Asks again until `done` holds or `seconds` pass. Each try is a request to the cluster (a kubectl or
// python run, which takes its own time), so this polls the API instead of sleeping.
template <class Done>
bool eventually(Done done, int seconds = 60) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  do {
    if (done()) return true;
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

}  // namespace ks::testing

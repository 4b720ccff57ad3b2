#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::standin {

// What a fault does to one API request.
struct Fault {
  int status = 0;                      // answer with this code (500, 429, 409) ...
  bool drop = false;                   // ... or close the connection without answering
  std::chrono::milliseconds delay{0};  // ... after waiting this long (alone: a slow but correct answer)
};

// Fault injection for tests, from a rule list such as "500:2,drop/7,429/5,delay300:1":
// `<what>:<n>` hits the next n API requests, `<what>/<n>` every n-th one; what = 500 | 429 | 409 | drop |
// delay<ms> | unhealthy (health endpoints answer 500 for good). Rules come from KS_STANDIN_FAULTS at start or
// a POST to /standin/faults (system:masters only).
class Faults {
 public:
  Status set(const std::string& rules);
  Fault next();  // the fault for the next API request, if any
  bool unhealthy() const;

 private:
  struct Rule {
    Fault fault;
    int remaining = 0;  // for "next n"
    int every = 0;      // for "every n-th"
  };
  mutable std::mutex mutex_;
  std::vector<Rule> rules_;
  bool unhealthy_ = false;
  long requests_ = 0;
};

}  // namespace ks::standin

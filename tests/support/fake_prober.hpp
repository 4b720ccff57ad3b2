// A health prober that answers from a script: each endpoint turns healthy after a given number of
// probes (never, when it is not listed), and every probe is recorded.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kube/health.hpp"

namespace ks::testing {

class ScriptedProber : public kube::HealthProber {
 public:
  static constexpr int kNever = -1;
  // base_url + path -> how many probes fail before it answers 200.
  std::map<std::string, int> failures_before_healthy;
  std::vector<std::string> probes;

  Status probe(const std::string& base_url, const std::string& path) override {
    auto url = base_url + path;
    probes.push_back(url);
    auto it = failures_before_healthy.find(url);
    if (it == failures_before_healthy.end() || it->second == kNever)
      return failure(url, "connect: connection refused");
    if (it->second > 0) {
      --it->second;
      return failure(url + " answered 503", "[-]etcd failed: reason withheld");
    }
    return {};
  }
};

}  // namespace ks::testing

#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "host/clock.hpp"

namespace ks::kube {

class ApiClient;

// Asks one endpoint whether it is healthy. The wait takes one, so tests answer without a server.
class HealthProber {
 public:
  virtual ~HealthProber() = default;
  // Succeeds when base_url + path answers 200; otherwise says what came back.
  virtual Status probe(const std::string& base_url, const std::string& path) = 0;
};

// Unauthenticated, unverified GETs, as kubeadm's control-plane check sends them, without retries (the
// wait polls). One connection is kept per endpoint, not one per poll.
class HttpHealthProber final : public HealthProber {
 public:
  explicit HttpHealthProber(host::Clock& clock);
  ~HttpHealthProber() override;
  Status probe(const std::string& base_url, const std::string& path) override;

 private:
  host::Clock& clock_;
  std::map<std::string, std::unique_ptr<ApiClient>> clients_;
};

struct HealthTarget {
  std::string component;
  std::string base_url;
  std::vector<std::string> paths;  // all must answer 200
  std::string fix;                 // what to look at when it never gets healthy
};

struct HealthWait {
  std::chrono::nanoseconds timeout;
  std::chrono::nanoseconds poll_interval;
  std::function<void(const std::string&)> say;  // progress lines
};

// Polls every target until all are healthy, saying when each becomes so; after the timeout, fails naming
// the ones that are not, with the last answer of each and the first one's fix.
Status wait_until_healthy(const std::vector<HealthTarget>& targets, const HealthWait& wait,
                          host::Clock& clock, HealthProber& prober);

}  // namespace ks::kube

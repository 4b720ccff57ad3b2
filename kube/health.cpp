#include "kube/health.hpp"

#include "base/duration.hpp"
#include "base/strings.hpp"
#include "kube/api_client.hpp"

namespace ks::kube {

HttpHealthProber::HttpHealthProber(host::Clock& clock) : clock_(clock) {}
HttpHealthProber::~HttpHealthProber() = default;

Status HttpHealthProber::probe(const std::string& base_url, const std::string& path) {
  auto& client = clients_[base_url];
  if (!client) {
    Kubeconfig endpoint;
    endpoint.server = base_url;
    client = std::make_unique<ApiClient>(endpoint, clock_,
                                         ClientOptions{.timeout = {}, .insecure_skip_tls_verify = true});
  }
  auto response = client->request("GET", path);
  if (!response) return failure(base_url + path, response.error().why);
  if (response->status != 200)
    return failure(base_url + path + " answered " + std::to_string(response->status),
                   std::string(trim(response->message.substr(0, 200))));
  return {};
}

Status wait_until_healthy(const std::vector<HealthTarget>& targets, const HealthWait& wait,
                          host::Clock& clock, HealthProber& prober) {
  std::vector<std::string> names;
  for (const auto& target : targets)
    names.push_back(target.component + " at " + target.base_url + target.paths.back());
  wait.say("Waiting for " + join(names, ", ") + ". This can take up to " + format_go_duration(wait.timeout));
  std::vector<bool> healthy(targets.size(), false);
  std::vector<std::string> last_error(targets.size(), "not checked yet");
  auto start = clock.monotonic();
  while (true) {
    bool all = true;
    for (size_t i = 0; i < targets.size(); ++i) {
      if (healthy[i]) continue;
      healthy[i] = true;
      for (const auto& path : targets[i].paths)
        if (auto probed = prober.probe(targets[i].base_url, path); !probed) {
          last_error[i] = probed.error().message();
          healthy[i] = false;
          break;
        }
      if (healthy[i])
        wait.say(targets[i].component + " is healthy after " + format_elapsed(clock.monotonic() - start));
      all = all && healthy[i];
    }
    if (all) return {};
    if (clock.monotonic() - start >= wait.timeout) break;
    clock.sleep_for(wait.poll_interval);
  }
  std::vector<std::string> failing, reasons;
  std::string fix;
  for (size_t i = 0; i < targets.size(); ++i)
    if (!healthy[i]) {
      if (failing.empty()) fix = targets[i].fix;
      failing.push_back(targets[i].component);
      reasons.push_back(targets[i].component + ": " + last_error[i]);
    }
  return failure(join(failing, ", ") + " not healthy after " + format_go_duration(wait.timeout),
                 join(reasons, "; "), fix);
}

}  // namespace ks::kube

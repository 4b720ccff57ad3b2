#pragma once

#include <functional>
#include <string>

#include "kube/api.hpp"

namespace ks::kube {

// For --dry-run: prints each request (method, path, object) instead of sending it, and answers as a
// server that accepts everything would (reads return a bare object of that name, writes echo the body).
// A Secret's values are never printed.
class DryRunApi final : public Api {
 public:
  DryRunApi(Kubeconfig kubeconfig, std::function<void(const std::string&)> print)
      : kubeconfig_(std::move(kubeconfig)), print_(std::move(print)) {}

  Result<ApiResponse> send(const ApiRequest& request) override;
  Status watch(const std::string& path, const std::function<bool(const WatchEvent&)>& on_event) override;
  const Kubeconfig& kubeconfig() const override { return kubeconfig_; }
  int requests_sent() const override { return 0; }  // nothing leaves the machine

 private:
  Kubeconfig kubeconfig_;
  std::function<void(const std::string&)> print_;
};

}  // namespace ks::kube

#pragma once

#include <chrono>

#include "host/files.hpp"
#include "kube/cri/runtime.hpp"

namespace ks::kube::cri {

// The CRI over gRPC on a unix socket.
class GrpcConnector : public Connector {
 public:
  GrpcConnector(const host::Files& files, std::chrono::milliseconds deadline = std::chrono::seconds(10))
      : files_(files), deadline_(deadline) {}
  Result<std::unique_ptr<Runtime>> connect(const std::string& endpoint) const override;

 private:
  const host::Files& files_;
  std::chrono::milliseconds deadline_;
};

}  // namespace ks::kube::cri

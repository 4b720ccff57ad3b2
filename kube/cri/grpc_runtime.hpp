#pragma once

#include <chrono>

#include "host/clock.hpp"
#include "host/files.hpp"
#include "kube/cri/runtime.hpp"

namespace ks::kube::cri {

// The CRI over gRPC on a unix socket.
class GrpcConnector : public Connector {
 public:
  // Deadlines are counted from the clock's wall time (gRPC's deadlines are absolute).
  GrpcConnector(const host::Files& files, const host::Clock& clock,
                std::chrono::milliseconds deadline = std::chrono::seconds(10))
      : files_(files), clock_(clock), deadline_(deadline) {}
  Result<std::unique_ptr<Runtime>> connect(const std::string& endpoint) const override;

 private:
  const host::Files& files_;
  const host::Clock& clock_;
  std::chrono::milliseconds deadline_;
};

}  // namespace ks::kube::cri

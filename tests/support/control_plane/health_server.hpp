#pragma once

#include <string>

#include "base/error.hpp"

namespace ks::standin {

// The HTTPS health endpoints (/healthz, /livez, /readyz) that kube-controller-manager and kube-scheduler
// serve on their secure port with a self-signed certificate when none is configured. Blocks.
Status serve_health(const std::string& component, const std::string& address, int port);

}  // namespace ks::standin

#pragma once

#include <memory>
#include <string>

#include "base/error.hpp"
#include "tests/support/control_plane/flags.hpp"

namespace ks::standin {

// The test stand-in for kube-apiserver, started from the command line of the kube-apiserver.yaml that
// kubestrap rendered. It serves HTTPS with --tls-cert-file, authenticates client certificates against
// --client-ca-file, bootstrap tokens and anonymous users, authorizes with RBAC over what it stores, and
// keeps every object in the etcd of --etcd-servers. Runs until the process is stopped.
int run_api_server(const Flags& flags, const std::string& version);

}  // namespace ks::standin

#pragma once

#include <string>

#include "base/error.hpp"

namespace ks::standin {

class Registry;

// kube-apiserver's endpoint reconciler (pkg/controlplane/reconcilers/lease.go with endpointsadapter.go):
// the `kubernetes` Service's endpoints are the API server itself. One pass makes the Endpoints
// default/kubernetes — one subset with --advertise-address and the port https/<secure port>/TCP, labelled
// endpointslice.kubernetes.io/skip-mirror so that the mirroring controller leaves it — and the EndpointSlice
// default/kubernetes (kubernetes.io/service-name=kubernetes, the address family of the address, the
// endpoint ready) say so, rewriting them when they differ.
Status reconcile_api_server_endpoints(Registry& registry, const std::string& advertise_address, int port);

}  // namespace ks::standin

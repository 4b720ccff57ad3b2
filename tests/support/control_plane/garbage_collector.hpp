#pragma once

#include "base/error.hpp"

namespace ks::standin {

class Registry;

// One pass of kube-controller-manager's garbage collector (pkg/controller/garbagecollector/
// garbagecollector.go, attemptToDeleteItem) in background propagation: an object all of whose owners are
// gone — no object at the reference's kind, namespace and name, or one with another uid — is deleted; one
// with some owners gone loses those references. Owners of kinds the server does not serve are left alone,
// as the real collector cannot resolve them either. This is how kubeadm's `kubeadm-certs` Secret goes with
// the bootstrap token Secret that owns it.
Status collect_garbage(Registry& registry);

}  // namespace ks::standin

#pragma once

#include "base/error.hpp"

namespace ks::standin {

class Registry;

// One pass of kube-controller-manager's namespace controller (pkg/controller/namespace/deletion/
// namespaced_resources_deleter.go): in each Terminating namespace every object is deleted (objects with
// finalizers stay, marked, until those are done), and an empty namespace is finalized and so removed.
Status finalize_terminating_namespaces(Registry& registry);

}  // namespace ks::standin

#pragma once

#include "base/error.hpp"

namespace ks::standin {

class Registry;

// One pass of the garbage collector for owners deleted in the foreground
// (pkg/controller/garbagecollector/garbagecollector.go, processDeletingDependentsItem and
// attemptToDeleteItem): an object marked deleted with the foregroundDeletion finalizer has its dependents
// (objects with an ownerReference to its uid) deleted; once none that blocks it is left (ownerReference with
// blockOwnerDeletion), the finalizer is removed, and the object goes with its last finalizer.
Status delete_foreground_dependents(Registry& registry);

}  // namespace ks::standin

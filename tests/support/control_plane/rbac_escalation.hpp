#pragma once

#include <functional>
#include <optional>
#include <string>

#include "tests/support/control_plane/admission.hpp"
#include "tests/support/control_plane/authorizer.hpp"

namespace ks::standin {

// RBAC's escalation prevention, which kube-apiserver applies in the storage of roles and bindings
// (pkg/registry/rbac/role*/policybased/storage.go, pkg/registry/rbac/validation/rule.go ConfirmNoEscalation):
// writing a Role or ClusterRole needs every rule it grants to be held by the writer already, or `escalate` on
// it; writing a binding needs `bind` on the role it refers to, or every rule of that role held.
// system:masters may do anything. The answer is the reason of the Forbidden error, or nullopt when the write
// may go on.
std::optional<std::string> rbac_escalation_problem(
    const AdmissionRequest& request, const ObjectSource& objects,
    const std::function<bool(const UserInfo&, const Attributes&)>& allowed);

}  // namespace ks::standin

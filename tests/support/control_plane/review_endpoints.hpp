#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "tests/support/control_plane/authorizer.hpp"
#include "tests/support/control_plane/reply.hpp"
#include "tests/support/control_plane/resources.hpp"

// The review resources, answered at once and never stored: who the caller is and what it may do.
namespace ks::standin {

using IsAllowed = std::function<bool(const UserInfo&, const Attributes&)>;

// SelfSubjectAccessReview asks about the caller; SubjectAccessReview about the user in its spec.
Reply access_review(const nlohmann::json& body, const Resource& resource, const UserInfo& caller,
                    const IsAllowed& allowed);
// kubectl auth whoami (authentication.k8s.io/v1 SelfSubjectReview).
Reply who_am_i(const UserInfo& user);
// kubectl auth can-i --list (SelfSubjectRulesReview): the RBAC rules the caller holds in the namespace; the
// node authorizer cannot list a node's rules, so with it a node's answer is incomplete, as kube-apiserver's
// is.
Reply rules_review(const nlohmann::json& body, const UserInfo& user, const ObjectSource& objects,
                   bool node_authorizer);

}  // namespace ks::standin

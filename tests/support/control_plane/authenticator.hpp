#pragma once

#include <httplib.h>

#include <functional>

#include "base/error.hpp"
#include "tests/support/control_plane/authorizer.hpp"
#include "tests/support/control_plane/registry.hpp"

namespace ks::standin {

// kube-apiserver's authenticators, in its order: a client certificate the TLS layer verified against
// --client-ca-file (CN = user, O = groups), a bootstrap token (with --enable-bootstrap-token-auth; looked up
// in its stored Secret: secret, expiry and the authentication usage checked), else anonymous. A bearer
// token that matches nothing sets `rejected` (401).
UserInfo authenticate(const httplib::Request& request, bool bootstrap_tokens, Registry& registry,
                      bool& rejected);

// Impersonate-User / Impersonate-Group (kubectl --as, --as-group), allowed by the "impersonate" verb on
// users and groups.
Result<UserInfo> impersonate(const httplib::Request& request, const UserInfo& requester,
                             const std::function<bool(const UserInfo&, const Attributes&)>& allowed);

}  // namespace ks::standin

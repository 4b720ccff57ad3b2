#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "base/error.hpp"
#include "tests/support/control_plane/authorizer.hpp"
#include "tests/support/control_plane/registry.hpp"

namespace ks::standin {

// kube-apiserver's authenticators, in its order: a client certificate the TLS layer verified against
// --client-ca-file (CN = user, O = groups), a bootstrap token (with --enable-bootstrap-token-auth), else
// anonymous (unless --anonymous-auth=false). A bearer token that matches nothing, a client certificate that
// does not verify (another CA, expired, not for client auth) without a token that does, or an anonymous
// request when anonymous access is off, sets `rejected` (401).
struct Authentication {
  bool bootstrap_tokens = false;
  bool anonymous = true;
};
UserInfo authenticate(const httplib::Request& request, const Authentication& settings, Registry& registry,
                      bool& rejected);

// The bootstrap-token authenticator on its own, written from kube-apiserver's rules and not from kubestrap's
// token code, so that a bug in one is not mirrored by the other (plugin/pkg/auth/authenticator/token/
// bootstrap/bootstrap.go, staging/src/k8s.io/cluster-bootstrap/util/secrets/secrets.go): the token must be
// <6 of [a-z0-9]>.<16 of [a-z0-9]>; its Secret kube-system/bootstrap-token-<id> must be of type
// bootstrap.kubernetes.io/token, not being deleted, with the same token-secret (compared in constant time)
// and token-id, not expired (an expiration that does not parse as RFC 3339 counts as expired),
// usage-bootstrap-authentication "true", and every auth-extra-groups entry of the form
// system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]; else the token is refused.
std::optional<UserInfo> bootstrap_token_user(
    const std::string& token,
    const std::function<std::optional<nlohmann::json>(const std::string& secret_name)>& find_secret,
    std::chrono::system_clock::time_point now);

// Impersonate-User / Impersonate-Group (kubectl --as, --as-group), allowed by the "impersonate" verb on
// users and groups.
Result<UserInfo> impersonate(const httplib::Request& request, const UserInfo& requester,
                             const std::function<bool(const UserInfo&, const Attributes&)>& allowed);

}  // namespace ks::standin

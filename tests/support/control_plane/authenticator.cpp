#include "tests/support/control_plane/authenticator.hpp"

#include <openssl/ssl.h>

#include <chrono>

#include "certs/certificate.hpp"
#include "token/bootstrap_token.hpp"

namespace ks::standin {

namespace {

std::optional<UserInfo> bootstrap_token_user(const std::string& text, Registry& registry) {
  auto presented = token::TokenString::parse(text);
  if (!presented) return std::nullopt;
  auto secret =
      registry.get(*find_resource("", "v1", "secrets"), "kube-system", token::secret_name(presented->id));
  if (secret.status != 200) return std::nullopt;
  auto stored = token::parse_token_secret(secret.body);
  if (!stored || stored->token.secret != presented->secret || !stored->has_usage("authentication") ||
      stored->expired(std::chrono::system_clock::now()))
    return std::nullopt;
  UserInfo user{"system:bootstrap:" + presented->id, {"system:bootstrappers"}};
  for (const auto& group : stored->groups) user.groups.push_back(group);
  user.groups.push_back("system:authenticated");
  return user;
}

}  // namespace

UserInfo authenticate(const httplib::Request& request, bool bootstrap_tokens, Registry& registry,
                      bool& rejected) {
  if (request.ssl) {
    // The TLS layer has already checked the chain against --client-ca-file.
    certs::X509Ptr peer(SSL_get1_peer_certificate(request.ssl));
    if (peer && SSL_get_verify_result(request.ssl) == X509_V_OK) {
      auto info = certs::inspect(peer.get());
      UserInfo user{info.common_name, info.organizations};
      user.groups.push_back("system:authenticated");
      return user;
    }
  }
  auto header = request.get_header_value("Authorization");
  if (header.starts_with("Bearer ")) {
    if (bootstrap_tokens)
      if (auto user = bootstrap_token_user(header.substr(7), registry)) return *user;
    rejected = true;
    return {};
  }
  return {"system:anonymous", {"system:unauthenticated"}};
}

Result<UserInfo> impersonate(const httplib::Request& request, const UserInfo& requester,
                             const std::function<bool(const UserInfo&, const Attributes&)>& allowed) {
  UserInfo target{request.get_header_value("Impersonate-User"), {}};
  for (size_t i = 0; i < request.get_header_value_count("Impersonate-Group"); ++i)
    target.groups.push_back(request.get_header_value("Impersonate-Group", i));
  if (!allowed(requester, {"impersonate", true, "", "users", "", "", target.name, ""}))
    return failure("users \"" + target.name + "\" is forbidden: User \"" + requester.name +
                   "\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
  for (const auto& group : target.groups)
    if (!allowed(requester, {"impersonate", true, "", "groups", "", "", group, ""}))
      return failure("groups \"" + group + "\" is forbidden: User \"" + requester.name +
                     "\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope");
  target.groups.push_back(target.name == "system:anonymous" ? "system:unauthenticated"
                                                            : "system:authenticated");
  return target;
}

}  // namespace ks::standin

#include "tests/support/control_plane/authenticator.hpp"

#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <set>

#include "base/base64.hpp"
#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "tests/support/control_plane/bootstrap_secret.hpp"

namespace ks::standin {

namespace {

// secrets.go: ^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$
bool valid_extra_group(std::string_view group) {
  constexpr std::string_view prefix = "system:bootstrappers:";
  if (!group.starts_with(prefix)) return false;
  auto rest = group.substr(prefix.size());
  if (rest.empty() || rest.size() > 256 || !lower_alphanumeric(rest.substr(rest.size() - 1))) return false;
  return std::ranges::all_of(rest, [](char c) {
    return lower_alphanumeric({&c, 1}) || c == ':' || c == '-';
  });
}

UserInfo certificate_user(X509* certificate) {
  UserInfo user;
  auto* subject = X509_get_subject_name(certificate);
  for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
    auto* entry = X509_NAME_get_entry(subject, i);
    auto nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    auto* data = X509_NAME_ENTRY_get_data(entry);
    std::string value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)), ASN1_STRING_length(data));
    if (nid == NID_commonName) user.name = value;
    if (nid == NID_organizationName) user.groups.push_back(value);
  }
  return user;
}

}  // namespace

std::optional<UserInfo> bootstrap_token_user(
    const std::string& token,
    const std::function<std::optional<nlohmann::json>(const std::string& secret_name)>& find_secret,
    std::chrono::system_clock::time_point now) {
  if (token.size() != 23 || token[6] != '.') return std::nullopt;
  auto id = token.substr(0, 6), presented = token.substr(7);
  if (!lower_alphanumeric(id) || !lower_alphanumeric(presented)) return std::nullopt;
  auto secret = find_secret("bootstrap-token-" + id);
  if (!secret || !secret->is_object()) return std::nullopt;
  if (!member(member(*secret, "metadata"), "deletionTimestamp").is_null()) return std::nullopt;
  if (string_member(*secret, "type") != "bootstrap.kubernetes.io/token" ||
      !member(*secret, "data").is_object())
    return std::nullopt;
  auto stored = secret_data(*secret, "token-secret");
  if (stored.size() != presented.size() || CRYPTO_memcmp(stored.data(), presented.data(), stored.size()) != 0)
    return std::nullopt;
  if (secret_data(*secret, "token-id") != id) return std::nullopt;
  if (token_expired(*secret, now)) return std::nullopt;
  if (secret_data(*secret, "usage-bootstrap-authentication") != "true") return std::nullopt;
  std::set<std::string> groups = {"system:bootstrappers"};
  if (auto extra = secret_data(*secret, "auth-extra-groups"); !extra.empty())
    for (const auto& group : split(extra, ',')) {
      if (!valid_extra_group(group)) return std::nullopt;
      groups.insert(group);
    }
  return UserInfo{"system:bootstrap:" + id, {groups.begin(), groups.end()}};
}

UserInfo authenticate(const httplib::Request& request, const Authentication& settings, Registry& registry,
                      bool& rejected) {
  // A client certificate that does not verify is an error of the x509 authenticator (x509.go); the union
  // still tries the token authenticators, but the error keeps the request from being anonymous.
  bool bad_certificate = false;
  if (request.ssl) {
    // The TLS layer recorded how the chain fared against --client-ca-file (and the current time); the x509
    // authenticator also wants a certificate usable for client authentication.
    std::unique_ptr<X509, decltype(&X509_free)> peer(SSL_get1_peer_certificate(request.ssl), X509_free);
    if (peer && SSL_get_verify_result(request.ssl) == X509_V_OK &&
        X509_check_purpose(peer.get(), X509_PURPOSE_SSL_CLIENT, 0) == 1) {
      auto user = certificate_user(peer.get());
      user.groups.push_back("system:authenticated");
      return user;
    }
    bad_certificate = peer != nullptr;
  }
  auto header = request.get_header_value("Authorization");
  if (header.starts_with("Bearer ")) {
    if (settings.bootstrap_tokens) {
      auto find_secret = [&](const std::string& name) -> std::optional<nlohmann::json> {
        auto secret = registry.get(*find_resource("", "v1", "secrets"), "kube-system", name);
        if (secret.status != 200) return std::nullopt;
        return secret.body;
      };
      if (auto user = bootstrap_token_user(header.substr(7), find_secret, std::chrono::system_clock::now())) {
        user->groups.push_back("system:authenticated");
        return *user;
      }
    }
    rejected = true;
    return {};
  }
  // union.NewFailOnError (pkg/kubeapiserver/authenticator/config.go): an authenticator's error is 401, never
  // anonymous.
  if (!settings.anonymous || bad_certificate) {
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

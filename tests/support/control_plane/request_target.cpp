#include "tests/support/control_plane/request_target.hpp"

#include "base/strings.hpp"
#include "tests/support/control_plane/go_strconv.hpp"
#include "tests/support/control_plane/storage_replies.hpp"

namespace ks::standin {

Target parse_target(const std::string& path) {
  auto parts = split(path, '/');  // "", "api", "v1", ...
  Target target;
  std::string group, version;
  size_t at;
  if (parts.size() >= 4 && parts[1] == "api") {
    version = parts[2];
    at = 3;
  } else if (parts.size() >= 5 && parts[1] == "apis") {
    group = parts[2];
    version = parts[3];
    at = 4;
  } else {
    return target;
  }
  std::vector<std::string> rest(parts.begin() + at, parts.end());
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    target.namespace_ = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  } else if (rest.size() >= 1 && rest[0] == "namespaces" && group.empty()) {
    // /api/v1/namespaces and /api/v1/namespaces/<name>
  }
  target.resource = find_resource(group, version, rest[0]);
  if (!target.resource) {
    target.malformed = true;
    return target;
  }
  if (rest.size() > 1) target.name = rest[1];
  if (rest.size() > 2) target.subresource = rest[2];
  if (rest.size() > 3) target.malformed = true;
  return target;
}

std::string verb_for(const std::string& method, const Target& target, const httplib::Request& raw) {
  if (method == "GET") {
    if (go_parse_bool(raw.get_param_value("watch")).value_or(false)) return "watch";
    return target.name.empty() ? "list" : "get";
  }
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return target.name.empty() ? "deletecollection" : "delete";
  return to_lower(method);
}

std::string forbidden_message(const UserInfo& user, const Attributes& a, const Target& target,
                              const std::string& reason) {
  auto because = reason.empty() ? "" : ": " + reason;
  if (!a.resource_request)
    return "forbidden: User \"" + user.name + "\" cannot " + a.verb + " path \"" + a.path + "\"" + because;
  auto qualified = qualified_name(*target.resource);
  if (!a.subresource.empty()) qualified += "/" + a.subresource;
  auto head = qualified + (a.name.empty() ? "" : " \"" + a.name + "\"");
  auto resource = a.subresource.empty() ? a.resource : a.resource + "/" + a.subresource;
  return head + " is forbidden: User \"" + user.name + "\" cannot " + a.verb + " resource \"" + resource +
         "\" in API group \"" + a.group + "\"" +
         (a.namespace_.empty() ? " at the cluster scope" : " in the namespace \"" + a.namespace_ + "\"") +
         because;
}

std::string selected_name(const std::string& field_selector) {
  auto terms = split(field_selector, ',');
  for (const auto& term : terms)
    for (const std::string op : {"==", "="})
      if (term.starts_with("metadata.name" + op)) return term.substr(13 + op.size());
  return "";
}

}  // namespace ks::standin

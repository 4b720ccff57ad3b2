#include "kube/kubeconfig.hpp"

#include <nlohmann/json.hpp>

#include "base/base64.hpp"
#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "base/yaml_reader.hpp"
#include "base/yaml_writer.hpp"

namespace ks::kube {

using nlohmann::json;

namespace {

json cluster_entry(const Kubeconfig& k) {
  return {{"name", k.cluster_name},
          {"cluster", {{"server", k.server}, {"certificate-authority-data", base64_encode(k.ca_pem)}}}};
}

}  // namespace

std::string render_kubeconfig(const Kubeconfig& k) {
  json user = json::object();
  if (!k.client_certificate_pem.empty())
    user["client-certificate-data"] = base64_encode(k.client_certificate_pem);
  if (!k.client_key_pem.empty()) user["client-key-data"] = base64_encode(k.client_key_pem);
  if (!k.client_certificate_file.empty()) user["client-certificate"] = k.client_certificate_file;
  if (!k.client_key_file.empty()) user["client-key"] = k.client_key_file;
  if (!k.token.empty()) user["token"] = k.token;
  json document = {
      {"apiVersion", "v1"},
      {"kind", "Config"},
      {"clusters", json::array({cluster_entry(k)})},
      {"contexts", json::array({{{"name", k.context_name()},
                                 {"context", {{"cluster", k.cluster_name}, {"user", k.user_name}}}}})},
      {"current-context", k.context_name()},
      {"preferences", json::object()},
      {"users", json::array({{{"name", k.user_name}, {"user", user}}})},
  };
  return to_yaml(document);
}

std::string render_cluster_only_kubeconfig(const Kubeconfig& k) {
  return to_yaml({{"apiVersion", "v1"},
                  {"kind", "Config"},
                  {"clusters", json::array({cluster_entry(k)})},
                  {"contexts", nullptr},
                  {"current-context", ""},
                  {"preferences", json::object()},
                  {"users", nullptr}});
}

namespace {

const json* find_named(const json& document, const std::string& list, const std::string& name) {
  const auto& items = member(document, list);
  if (!items.is_array()) return nullptr;
  for (const auto& item : items)
    if (member(item, "name").is_string() && item["name"] == name) return &item;
  return nullptr;
}

std::string decoded(const json& object, const std::string& key) {
  return base64_decode(string_member(object, key)).value_or("");
}

}  // namespace

Result<Kubeconfig> parse_kubeconfig(std::string_view text) {
  auto document = KS_TRY(parse_yaml(text));
  if (string_member(document, "kind") != "Config")
    return invalid("not a kubeconfig", "expected a YAML document with kind: Config");
  auto current = string_member(document, "current-context");
  const json* context = find_named(document, "contexts", current);
  if (!context || !member(*context, "context").is_object())
    return invalid("kubeconfig has no current context " + quote(current));
  const auto& ctx = (*context)["context"];
  Kubeconfig k;
  k.cluster_name = string_member(ctx, "cluster");
  k.user_name = string_member(ctx, "user");
  const json* cluster = find_named(document, "clusters", k.cluster_name);
  if (!cluster || !member(*cluster, "cluster").is_object())
    return invalid("kubeconfig has no cluster " + quote(k.cluster_name));
  const auto& cluster_fields = (*cluster)["cluster"];
  k.server = string_member(cluster_fields, "server");
  k.ca_pem = decoded(cluster_fields, "certificate-authority-data");
  if (const json* user = find_named(document, "users", k.user_name)) {
    const auto& user_fields = member(*user, "user");
    k.client_certificate_pem = decoded(user_fields, "client-certificate-data");
    k.client_key_pem = decoded(user_fields, "client-key-data");
    k.token = string_member(user_fields, "token");
    k.client_certificate_file = string_member(user_fields, "client-certificate");
    k.client_key_file = string_member(user_fields, "client-key");
  }
  return k;
}

Result<Kubeconfig> parse_cluster_only_kubeconfig(std::string_view text) {
  auto document = KS_TRY(parse_yaml(text));
  if (string_member(document, "kind") != "Config")
    return invalid("not a kubeconfig", "expected a YAML document with kind: Config");
  const auto& clusters = member(document, "clusters");
  if (!clusters.is_array() || clusters.size() != 1)
    return invalid("the kubeconfig", "it must hold exactly one cluster");
  const auto& fields = member(clusters[0], "cluster");
  Kubeconfig k;
  k.cluster_name = string_member(clusters[0], "name");
  k.server = string_member(fields, "server");
  k.ca_pem = decoded(fields, "certificate-authority-data");
  if (k.server.empty()) return invalid("the kubeconfig's cluster", "it has no server");
  return k;
}

}  // namespace ks::kube

#include "kube/kubeconfig.hpp"

#include <nlohmann/json.hpp>

#include "base/base64.hpp"
#include "base/strings.hpp"
#include "base/yaml_reader.hpp"
#include "base/yaml_writer.hpp"

namespace ks::kube {

using nlohmann::json;

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
      {"clusters",
       json::array(
           {{{"name", k.cluster_name},
             {"cluster", {{"server", k.server}, {"certificate-authority-data", base64_encode(k.ca_pem)}}}}})},
      {"contexts", json::array({{{"name", k.context_name()},
                                 {"context", {{"cluster", k.cluster_name}, {"user", k.user_name}}}}})},
      {"current-context", k.context_name()},
      {"preferences", json::object()},
      {"users", json::array({{{"name", k.user_name}, {"user", user}}})},
  };
  return to_yaml(document);
}

namespace {

const json* find_named(const json& document, const std::string& list, const std::string& name) {
  if (!document.contains(list) || !document[list].is_array()) return nullptr;
  for (const auto& item : document[list])
    if (item.is_object() && item.value("name", json()).is_string() && item["name"] == name) return &item;
  return nullptr;
}

std::string decoded(const json& object, const std::string& key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return {};
  return base64_decode(object[key].get<std::string>()).value_or("");
}

}  // namespace

Result<Kubeconfig> parse_kubeconfig(std::string_view text) {
  auto document = KS_TRY(parse_yaml(text));
  if (!document.is_object() || document.value("kind", "") != "Config")
    return invalid("not a kubeconfig", "expected a YAML document with kind: Config");
  auto current = document.value("current-context", json()).is_string()
                     ? document["current-context"].get<std::string>()
                     : "";
  const json* context = find_named(document, "contexts", current);
  if (!context || !(*context).contains("context"))
    return invalid("kubeconfig has no current context " + quote(current));
  const auto& ctx = (*context)["context"];
  Kubeconfig k;
  k.cluster_name = ctx.value("cluster", "");
  k.user_name = ctx.value("user", "");
  const json* cluster = find_named(document, "clusters", k.cluster_name);
  if (!cluster || !cluster->contains("cluster"))
    return invalid("kubeconfig has no cluster " + quote(k.cluster_name));
  k.server = (*cluster)["cluster"].value("server", "");
  k.ca_pem = decoded((*cluster)["cluster"], "certificate-authority-data");
  if (const json* user = find_named(document, "users", k.user_name); user && user->contains("user")) {
    k.client_certificate_pem = decoded((*user)["user"], "client-certificate-data");
    k.client_key_pem = decoded((*user)["user"], "client-key-data");
    k.token = (*user)["user"].value("token", "");
    k.client_certificate_file = (*user)["user"].value("client-certificate", "");
    k.client_key_file = (*user)["user"].value("client-key", "");
  }
  return k;
}

}  // namespace ks::kube

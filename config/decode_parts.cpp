#include "config/decode_parts.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

#include "base/strings.hpp"
#include "config/decode.hpp"

namespace ks::config {

Result<DocumentHeader> read_document_header(const nlohmann::json& document, const std::string& where,
                                            std::string_view expected_kinds) {
  if (!document.is_object()) return invalid(where, "expected a mapping with apiVersion and kind");
  auto text = [&](const char* key) {
    auto it = document.find(key);
    return it != document.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  DocumentHeader header{text("apiVersion"), text("kind")};
  if (header.api_version.empty() || header.kind.empty())
    return invalid(
        where + ": missing apiVersion or kind", "every document needs both",
        "start it with apiVersion: kubeadm.k8s.io/v1beta4 and kind: " + std::string(expected_kinds));
  return header;
}

bool is_kubeadm_kind(std::string_view kind) {
  static constexpr std::array<std::string_view, 5> kinds = {"InitConfiguration", "ClusterConfiguration",
                                                            "JoinConfiguration", "ResetConfiguration",
                                                            "UpgradeConfiguration"};
  return std::ranges::find(kinds, kind) != kinds.end();
}

std::string ignored_document_warning(const std::string& where, std::string_view kind,
                                     std::string_view command) {
  return where + ": " + std::string(kind) + " is not used by " + std::string(command) + " (ignored)";
}

Result<bool> read_kubeadm_api_version(const DocumentHeader& header, const std::string& where) {
  const auto& version = header.api_version;
  if (version != kV1Beta4 && version != kV1Beta3)
    return invalid(
        where + ": unsupported apiVersion " + quote(version) + " for " + header.kind,
        "expected kubeadm.k8s.io/v1beta4 (or the older kubeadm.k8s.io/v1beta3)",
        version.starts_with("kubeadm.k8s.io/") ? "migrate the file to kubeadm.k8s.io/v1beta4" : "");
  return version == kV1Beta3;
}

Status read_args(Fields& fields, const std::string& key, bool v1beta3, std::vector<Arg>& out) {
  auto* raw = fields.raw(key);
  if (!raw) return {};
  out.clear();
  if (v1beta3) {
    if (!raw->is_object())
      return std::unexpected(fields.type_error(key, "a mapping of flag names to values"));
    for (const auto& [name, value] : raw->items()) {
      if (!value.is_string())
        return invalid(fields.path_of(key) + "." + printable(name), "expected a string value");
      out.push_back({name, value.get<std::string>()});
    }
    return {};
  }
  if (!raw->is_array()) return std::unexpected(fields.type_error(key, "a list of {name, value}"));
  for (size_t i = 0; i < raw->size(); ++i) {
    const auto& item = (*raw)[i];
    auto where = fields.path_of(key) + "[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string() ||
        (item.contains("value") && !item["value"].is_string()))
      return invalid(where, "expected {name: <flag>, value: <string>}");
    out.push_back({item["name"].get<std::string>(), item.value("value", "")});
  }
  return {};
}

Status read_node_registration(Fields& f, bool v1beta3, NodeRegistration& n) {
  KS_CHECK(f.string("name", n.name));
  KS_CHECK(f.string("criSocket", n.cri_socket));
  if (auto* taints = f.raw("taints")) {
    if (!taints->is_array()) return std::unexpected(f.type_error("taints", "a list of {key, value, effect}"));
    n.taints.emplace();
    auto items = KS_TRY(f.objects("taints"));
    for (auto& t : items) {
      Taint taint;
      KS_CHECK(t.string("key", taint.key));
      KS_CHECK(t.string("value", taint.value));
      KS_CHECK(t.string("effect", taint.effect));
      t.raw("timeAdded");
      t.finish();
      n.taints->push_back(taint);
    }
  }
  KS_CHECK(read_args(f, "kubeletExtraArgs", v1beta3, n.kubelet_extra_args));
  KS_CHECK(f.strings("ignorePreflightErrors", n.ignore_preflight_errors));
  KS_CHECK(f.string("imagePullPolicy", n.image_pull_policy));
  if (!v1beta3) KS_CHECK(f.boolean("imagePullSerial", n.image_pull_serial));
  f.finish();
  return {};
}

Status read_timeouts(Fields& f, Timeouts& t) {
  KS_CHECK(f.duration("controlPlaneComponentHealthCheck", t.control_plane_component_health_check));
  KS_CHECK(f.duration("kubeletHealthCheck", t.kubelet_health_check));
  KS_CHECK(f.duration("kubernetesAPICall", t.kubernetes_api_call));
  KS_CHECK(f.duration("etcdAPICall", t.etcd_api_call));
  KS_CHECK(f.duration("tlsBootstrap", t.tls_bootstrap));
  KS_CHECK(f.duration("discovery", t.discovery));
  KS_CHECK(f.duration("upgradeManifests", t.upgrade_manifests));
  f.finish();
  return {};
}

}  // namespace ks::config

#include "tests/support/control_plane/api_server_endpoints.hpp"

#include <nlohmann/json.hpp>

#include "base/json_access.hpp"
#include "tests/support/control_plane/registry.hpp"

namespace ks::standin {

namespace {

// The object `wanted` describes, created when missing, updated when one of `compared` differs.
Status ensure_endpoint_object(Registry& registry, const Resource& resource, nlohmann::json wanted,
                              std::initializer_list<const char*> compared) {
  wanted["apiVersion"] = resource.api_version();
  wanted["kind"] = resource.kind;
  auto found = registry.get(resource, "default", "kubernetes");
  if (found.status == 404) {
    auto created = registry.create(resource, "default", wanted, api_server_user());
    if (created.status == 201 || created.status == 409) return {};
    return failure("creating the " + resource.kind + " of the kubernetes Service",
                   string_member(created.body, "message"));
  }
  if (found.status != 200)
    return failure("reading the " + resource.kind + " of the kubernetes Service",
                   string_member(found.body, "message"));
  auto current = found.body;
  bool same = member(member(current, "metadata"), "labels") == wanted["metadata"]["labels"];
  for (const char* field : compared) same = same && member(current, field) == wanted[field];
  if (same) return {};
  current["metadata"]["labels"] = wanted["metadata"]["labels"];
  for (const char* field : compared) current[field] = wanted[field];
  auto updated = registry.update(resource, "default", "kubernetes", "", current);
  if (updated.status == 200 || updated.status == 409) return {};  // a lost race is retried next pass
  return failure("updating the " + resource.kind + " of the kubernetes Service",
                 string_member(updated.body, "message"));
}

}  // namespace

Status reconcile_api_server_endpoints(Registry& registry, const std::string& advertise_address, int port) {
  const auto* endpoints = find_resource("", "v1", "endpoints");
  const auto* slices = find_resource("discovery.k8s.io", "v1", "endpointslices");
  nlohmann::json ports = {{{"name", "https"}, {"port", port}, {"protocol", "TCP"}}};
  KS_CHECK(ensure_endpoint_object(
      registry, *endpoints,
      {{"metadata",
        {{"name", "kubernetes"}, {"labels", {{"endpointslice.kubernetes.io/skip-mirror", "true"}}}}},
       {"subsets", {{{"addresses", {{{"ip", advertise_address}}}}, {"ports", ports}}}}},
      {"subsets"}));
  auto family = advertise_address.find(':') == std::string::npos ? "IPv4" : "IPv6";
  return ensure_endpoint_object(
      registry, *slices,
      {{"metadata", {{"name", "kubernetes"}, {"labels", {{"kubernetes.io/service-name", "kubernetes"}}}}},
       {"addressType", family},
       {"endpoints", {{{"addresses", {advertise_address}}, {"conditions", {{"ready", true}}}}}},
       {"ports", ports}},
      {"addressType", "endpoints", "ports"});
}

}  // namespace ks::standin

#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ks::standin {

// One REST resource the stand-in serves, with where kube-apiserver keeps it in etcd.
struct Resource {
  std::string group;  // "" for core
  std::string version;
  std::string name;  // plural, as in URLs
  std::string kind;
  bool namespaced = true;
  std::string registry;  // etcd key segment under /registry/
  std::vector<std::string> subresources = {};
  std::vector<std::string> short_names = {};

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  std::string singular() const;
};

const std::vector<Resource>& resources();
const Resource* find_resource(const std::string& group, const std::string& version, const std::string& name);

// Discovery documents: /api, /apis, /api/v1, /apis/<group>/<version>.
nlohmann::json core_versions(const std::string& server_address);
nlohmann::json api_groups();
std::optional<nlohmann::json> resource_list(const std::string& group_version);
// OpenAPI v3: the index of /openapi/v3 and one document per group version, with the operations and their
// fieldValidation parameter (kubectl then leaves validation to the server) but no schemas.
nlohmann::json openapi_index();
std::optional<nlohmann::json> openapi_document(const std::string& group_version);

}  // namespace ks::standin

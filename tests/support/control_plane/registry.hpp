#pragma once

#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/ip.hpp"
#include "tests/support/control_plane/admission.hpp"
#include "tests/support/control_plane/authorizer.hpp"
#include "tests/support/control_plane/body_decoding.hpp"
#include "tests/support/control_plane/etcd_store.hpp"
#include "tests/support/control_plane/object_cache.hpp"
#include "tests/support/control_plane/reply.hpp"
#include "tests/support/control_plane/resources.hpp"
#include "tests/support/control_plane/storage_replies.hpp"

namespace ks::standin {

// kube-apiserver's own identity, for the writes it makes itself (seeding) and callers that act as it.
const UserInfo& api_server_user();

// Create, read, update, patch and delete over the etcd store with kube-apiserver's semantics: bodies decoded
// as the URL's kind with fieldValidation, `dryRun`, the kinds' defaults and validation, immutable fields,
// resourceVersion from etcd revisions and as a precondition, JSON, merge and strategic merge patches,
// namespaces that must exist and may be terminating, finalizers, Service cluster IPs from
// --service-cluster-ip-range, and CSR requester identity.
class Registry {
 public:
  Registry(EtcdStore& store, std::optional<Cidr> service_range);

  // Admission: asked before every create, update and delete is stored, with the objects before and after.
  using AdmissionHook = std::function<std::optional<Reply>(const AdmissionRequest&)>;
  void set_admission(AdmissionHook hook) { admit_ = std::move(hook); }

  Reply get(const Resource& resource, const std::string& namespace_, const std::string& name);
  Reply list(const Resource& resource, const std::string& namespace_, const std::string& label_selector,
             const std::string& field_selector);
  Reply create(const Resource& resource, const std::string& namespace_, nlohmann::json object,
               const UserInfo& requester, const WriteOptions& options = {});
  Reply update(const Resource& resource, const std::string& namespace_, const std::string& name,
               const std::string& subresource, nlohmann::json object,
               const UserInfo& requester = api_server_user(), const WriteOptions& options = {});
  Reply patch(const Resource& resource, const std::string& namespace_, const std::string& name,
              const std::string& subresource, const std::string& content_type, const nlohmann::json& patch,
              const UserInfo& requester = api_server_user(), const WriteOptions& options = {});
  // Deletes at once, or marks the object deleted while finalizers remain (a Namespace always has one).
  Reply remove(const Resource& resource, const std::string& namespace_, const std::string& name,
               const UserInfo& requester = api_server_user(), const WriteOptions& options = {});

  // Where a collection lives in etcd (a namespace's, or all of them when namespace_ is empty), and whether an
  // object passes a list's label and field selectors: what a watch needs.
  std::string collection_prefix(const Resource& resource, const std::string& namespace_) const;
  static bool selected(const nlohmann::json& object, const std::string& label_selector,
                       const std::string& field_selector);

  // Every stored object of a resource, across namespaces, from the object cache (RBAC evaluation, the node
  // authorizer's Pods): as current as the newest write this server made.
  std::vector<nlohmann::json> all(const std::string& resource_name);
  // The same for one resource, in one namespace or (empty) all: what the in-process controllers read.
  std::vector<nlohmann::json> cached(const Resource& resource, const std::string& namespace_ = "");
  // What kube-apiserver creates at start: namespaces, the kubernetes Service, bootstrap RBAC.
  Status seed(int secure_port);

 private:
  std::string key(const Resource& resource, const std::string& namespace_, const std::string& name) const;
  std::optional<Reply> admit_namespace(const Resource& resource, const std::string& namespace_,
                                       const std::string& name);
  std::optional<Reply> validate(const Resource& resource, nlohmann::json& object, const nlohmann::json* old);
  // Removes the owner's references from its dependents, as the garbage collector does for an Orphan delete.
  std::optional<Reply> orphan_dependents(const std::string& owner_uid);
  // The update of a stored object to `next` (already decoded), shared by update and patch.
  Reply replace(const Resource& resource, const std::string& namespace_, const std::string& name,
                const std::string& subresource, nlohmann::json next, const StoredObject& current,
                const UserInfo& requester, const WriteOptions& options);

  EtcdStore& store_;
  ObjectCache cache_;
  std::optional<Cidr> service_range_;
  std::mutex service_ips_;  // one allocation at a time: two Services never get one address
  AdmissionHook admit_;
};

}  // namespace ks::standin

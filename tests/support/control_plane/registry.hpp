#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/ip.hpp"
#include "tests/support/control_plane/admission.hpp"
#include "tests/support/control_plane/authorizer.hpp"
#include "tests/support/control_plane/etcd_store.hpp"
#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

// An HTTP answer: the status code and a JSON body (an object, a list or a Status).
struct Reply {
  int status = 200;
  nlohmann::json body;
};

Reply status_reply(int code, const std::string& reason, const std::string& message,
                   const nlohmann::json& details = nullptr);
// "configmaps" for the core group, "clusterroles.rbac.authorization.k8s.io" otherwise, as in real messages.
std::string qualified_name(const Resource& resource);

// Create, read, update, patch and delete over the etcd store with kube-apiserver's semantics:
// resourceVersion from etcd revisions, 404/409/422 Status bodies, namespaces that must exist, status
// subresources, Service cluster IPs from --service-cluster-ip-range, and CSR requester identity.
// kube-apiserver's own identity, for the writes it makes itself (seeding) and callers that act as it.
const UserInfo& api_server_user();

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
               const UserInfo& requester);
  Reply update(const Resource& resource, const std::string& namespace_, const std::string& name,
               const std::string& subresource, nlohmann::json object,
               const UserInfo& requester = api_server_user());
  Reply patch(const Resource& resource, const std::string& namespace_, const std::string& name,
              const std::string& subresource, const std::string& content_type, const nlohmann::json& patch,
              const UserInfo& requester = api_server_user());
  Reply remove(const Resource& resource, const std::string& namespace_, const std::string& name,
               const UserInfo& requester = api_server_user());

  // Where a collection lives in etcd (a namespace's, or all of them when namespace_ is empty), and whether an
  // object passes a list's label and field selectors: what a watch needs.
  std::string collection_prefix(const Resource& resource, const std::string& namespace_) const;
  static bool selected(const nlohmann::json& object, const std::string& label_selector,
                       const std::string& field_selector);

  // Every stored object of a resource, across namespaces (RBAC evaluation, token lookup).
  std::vector<nlohmann::json> all(const std::string& resource_name);
  // What kube-apiserver creates at start: namespaces, the kubernetes Service, bootstrap RBAC.
  Status seed(int secure_port);

 private:
  std::string key(const Resource& resource, const std::string& namespace_, const std::string& name) const;
  std::optional<Reply> check_namespace(const Resource& resource, const std::string& namespace_);
  std::optional<Reply> validate(const Resource& resource, const std::string& namespace_,
                                nlohmann::json& object);

  EtcdStore& store_;
  std::optional<Cidr> service_range_;
  AdmissionHook admit_;
};

}  // namespace ks::standin

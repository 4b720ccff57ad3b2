#include "tests/support/control_plane/admission.hpp"

#include <algorithm>

#include "base/json_access.hpp"

#include "base/strings.hpp"
#include "tests/support/control_plane/csr_request.hpp"
#include "tests/support/control_plane/mirror_pod_references.hpp"
#include "tests/support/control_plane/node_authorizer.hpp"
#include "tests/support/control_plane/registry.hpp"

namespace ks::standin {

namespace {

// kube-apiserver 1.32's admission plugins (pkg/kubeapiserver/options/plugins.go): all it knows, and those on
// unless disabled.
const std::set<std::string> kKnownPlugins = {"AlwaysAdmit",
                                             "AlwaysDeny",
                                             "AlwaysPullImages",
                                             "CertificateApproval",
                                             "CertificateSigning",
                                             "CertificateSubjectRestriction",
                                             "ClusterTrustBundleAttest",
                                             "DefaultIngressClass",
                                             "DefaultStorageClass",
                                             "DefaultTolerationSeconds",
                                             "DenyServiceExternalIPs",
                                             "EventRateLimit",
                                             "ExtendedResourceToleration",
                                             "ImagePolicyWebhook",
                                             "LimitPodHardAntiAffinityTopology",
                                             "LimitRanger",
                                             "MutatingAdmissionPolicy",
                                             "MutatingAdmissionWebhook",
                                             "NamespaceAutoProvision",
                                             "NamespaceExists",
                                             "NamespaceLifecycle",
                                             "NodeRestriction",
                                             "OwnerReferencesPermissionEnforcement",
                                             "PersistentVolumeClaimResize",
                                             "PodNodeSelector",
                                             "PodSecurity",
                                             "PodTolerationRestriction",
                                             "Priority",
                                             "ResourceQuota",
                                             "RuntimeClass",
                                             "ServiceAccount",
                                             "StorageObjectInUseProtection",
                                             "TaintNodesByCondition",
                                             "ValidatingAdmissionPolicy",
                                             "ValidatingAdmissionWebhook"};
const std::set<std::string> kDefaultPlugins = {"NamespaceLifecycle",
                                               "LimitRanger",
                                               "ServiceAccount",
                                               "TaintNodesByCondition",
                                               "PodSecurity",
                                               "Priority",
                                               "DefaultTolerationSeconds",
                                               "DefaultStorageClass",
                                               "StorageObjectInUseProtection",
                                               "PersistentVolumeClaimResize",
                                               "RuntimeClass",
                                               "CertificateApproval",
                                               "CertificateSigning",
                                               "ClusterTrustBundleAttest",
                                               "CertificateSubjectRestriction",
                                               "DefaultIngressClass",
                                               "MutatingAdmissionWebhook",
                                               "ValidatingAdmissionPolicy",
                                               "ValidatingAdmissionWebhook",
                                               "ResourceQuota"};

// apiequality.Semantic.DeepEqual treats a missing, null and empty list or map alike.
nlohmann::json normalised(const nlohmann::json& value) {
  return value.is_null() || (value.is_array() && value.empty()) || (value.is_object() && value.empty())
             ? nlohmann::json()
             : value;
}

bool kubernetes_label(const std::string& domain) {
  return domain == "kubernetes.io" || domain.ends_with(".kubernetes.io") || domain == "k8s.io" ||
         domain.ends_with(".k8s.io");
}

// staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go IsKubeletLabel.
bool kubelet_label(const std::string& key, const std::string& domain) {
  static const std::set<std::string> kKubeletLabels = {"kubernetes.io/hostname",
                                                       "topology.kubernetes.io/zone",
                                                       "topology.kubernetes.io/region",
                                                       "failure-domain.beta.kubernetes.io/zone",
                                                       "failure-domain.beta.kubernetes.io/region",
                                                       "beta.kubernetes.io/instance-type",
                                                       "node.kubernetes.io/instance-type",
                                                       "kubernetes.io/os",
                                                       "kubernetes.io/arch",
                                                       "beta.kubernetes.io/os",
                                                       "beta.kubernetes.io/arch"};
  if (kKubeletLabels.contains(key)) return true;
  for (const std::string allowed : {"kubelet.kubernetes.io", "node.kubernetes.io"})
    if (domain == allowed || domain.ends_with("." + allowed)) return true;
  return false;
}

// The labels a node may not add, change or remove on itself, sorted as Go's sets.String lists them.
std::vector<std::string> forbidden_labels(const nlohmann::json& now, const nlohmann::json& before) {
  std::set<std::string> modified;
  auto compare = [&](const nlohmann::json& a, const nlohmann::json& b) {
    if (!a.is_object()) return;
    for (const auto& [key, value] : a.items())
      if (!b.is_object() || !b.contains(key) || b[key] != value) modified.insert(key);
  };
  compare(now, before);
  compare(before, now);
  std::vector<std::string> forbidden;
  for (const auto& key : modified) {
    auto slash = key.find('/');
    auto domain = slash == std::string::npos ? "" : key.substr(0, slash);
    bool restriction =
        domain == "node-restriction.kubernetes.io" || domain.ends_with(".node-restriction.kubernetes.io");
    if (restriction || (kubernetes_label(domain) && !kubelet_label(key, domain))) forbidden.push_back(key);
  }
  return forbidden;
}

const nlohmann::json& labels_of(const nlohmann::json* object) {
  static const nlohmann::json kNull;
  return object ? member(member(*object, "metadata"), "labels") : kNull;
}

// plugin/pkg/admission/noderestriction/admission.go, for the objects a kubelet writes here.
std::optional<Reply> node_restriction(const AdmissionRequest& request, const std::string& node,
                                      const ObjectSource& objects) {
  const auto& resource = request.resource;
  if (resource.group.empty() && resource.name == "nodes") {
    auto name = request.name.empty() && request.object
                    ? string_member(member(*request.object, "metadata"), "name")
                    : request.name;
    if (name != node)
      return forbidden_write(request, "node \"" + node + "\" is not allowed to modify node \"" + name + "\"");
    if (request.operation == "CREATE") {
      if (auto labels = forbidden_labels(labels_of(request.object), nullptr); !labels.empty())
        return forbidden_write(request, "node \"" + node + "\" is not allowed to set the following labels: " +
                                            join(labels, ", "));
    }
    if (request.operation == "UPDATE" && request.object && request.old_object) {
      if (normalised(member(member(*request.object, "spec"), "taints")) !=
          normalised(member(member(*request.old_object, "spec"), "taints")))
        return forbidden_write(request, "node \"" + node + "\" is not allowed to modify taints");
      if (auto labels = forbidden_labels(labels_of(request.object), labels_of(request.old_object));
          !labels.empty())
        return forbidden_write(request, "is not allowed to modify labels: " + join(labels, ", "));
    }
    return std::nullopt;
  }
  if (resource.group.empty() && resource.name == "pods") {
    if (request.subresource == "status") {
      if (request.operation != "UPDATE")
        return forbidden_write(request, "unexpected operation \"" + request.operation + "\"");
      if (!request.old_object || string_member(member(*request.old_object, "spec"), "nodeName") != node)
        return forbidden_write(
            request,
            "node \"" + node + "\" can only update pod status for pods with spec.nodeName set to itself");
      if (normalised(labels_of(request.object)) != normalised(labels_of(request.old_object)))
        return forbidden_write(request, "node \"" + node + "\" cannot update labels through pod status");
      return std::nullopt;
    }
    if (!request.subresource.empty())
      return forbidden_write(request, "unexpected pod subresource \"" + request.subresource +
                                          "\", only 'status' and 'eviction' are allowed");
    if (request.operation == "DELETE") {
      if (!request.old_object || string_member(member(*request.old_object, "spec"), "nodeName") != node)
        return forbidden_write(request,
                               "node \"" + node + "\" can only delete pods with spec.nodeName set to itself");
      return std::nullopt;
    }
    if (request.operation != "CREATE")
      return forbidden_write(request, "unexpected operation \"" + request.operation + "\", node \"" + node +
                                          "\" can only create and delete mirror pods");
    const auto& pod = *request.object;
    if (!member(member(pod, "metadata"), "annotations").contains("kubernetes.io/config.mirror"))
      return forbidden_write(request,
                             "pod does not have \"kubernetes.io/config.mirror\" annotation, node \"" + node +
                                 "\" can only create mirror pods");
    if (string_member(member(pod, "spec"), "nodeName") != node)
      return forbidden_write(request,
                             "node \"" + node + "\" can only create pods with spec.nodeName set to itself");
    const auto& owners = member(member(pod, "metadata"), "ownerReferences");
    if (owners.is_array() && owners.size() > 1)
      return forbidden_write(
          request, "node \"" + node + "\" can only create pods with a single owner reference set to itself");
    if (!owners.is_array() || owners.empty() || string_member(owners[0], "apiVersion") != "v1" ||
        string_member(owners[0], "kind") != "Node" || string_member(owners[0], "name") != node)
      return forbidden_write(
          request, "node \"" + node + "\" can only create pods with an owner reference set to itself");
    if (member(owners[0], "controller") != true)
      return forbidden_write(
          request,
          "node \"" + node + "\" can only create pods with a controller owner reference set to itself");
    if (member(owners[0], "blockOwnerDeletion") == true)
      return forbidden_write(request,
                             "node \"" + node + "\" must not set blockOwnerDeletion on an owner reference");
    // The owner must be the Node as stored, by uid: a mirror Pod cannot outlive a Node of the same name.
    std::optional<nlohmann::json> stored;
    for (const auto& each : objects("nodes"))
      if (string_member(member(each, "metadata"), "name") == node) stored = each;
    if (!stored)
      return status_reply(404, "NotFound", "nodes \"" + node + "\" not found",
                          {{"name", node}, {"kind", "nodes"}});
    auto uid = string_member(member(*stored, "metadata"), "uid");
    if (string_member(owners[0], "uid") != uid)
      return forbidden_write(request, "node " + node + " UID mismatch: expected " +
                                          string_member(owners[0], "uid") + " got " + uid);
    if (auto reference = forbidden_mirror_pod_reference(pod))
      return forbidden_write(request,
                             "node \"" + node + "\" can not create pods that reference " + *reference);
    return std::nullopt;
  }
  if (resource.group == "coordination.k8s.io" && resource.name == "leases") {
    if (request.namespace_ != "kube-node-lease")
      return forbidden_write(request, "can only access leases in the \"kube-node-lease\" system namespace");
    auto name = request.operation == "CREATE" && request.object
                    ? string_member(member(*request.object, "metadata"), "name")
                    : request.name;
    if (name != node)
      return forbidden_write(request, "can only access node lease with the same name as the requesting node");
  }
  return std::nullopt;
}

// plugin/pkg/admission/certificates/util.go IsAuthorizedForSignerName: the signer itself, or <domain>/*.
bool may_act_for_signer(const std::function<bool(const UserInfo&, const Attributes&)>& allowed,
                        const UserInfo& user, const std::string& verb, const std::string& signer) {
  Attributes attributes{verb, true, "certificates.k8s.io", "signers", "", "", signer, "", ""};
  if (allowed(user, attributes)) return true;
  attributes.name = signer.substr(0, signer.find('/')) + "/*";
  return allowed(user, attributes);
}

}  // namespace

Reply forbidden_write(const AdmissionRequest& request, const std::string& why) {
  auto name = request.name;
  if (name.empty() && request.object) name = string_member(member(*request.object, "metadata"), "name");
  auto head = qualified_name(request.resource) + (name.empty() ? "" : " \"" + name + "\"");
  return status_reply(403, "Forbidden", head + " is forbidden: " + why,
                      {{"name", name}, {"group", request.resource.group}, {"kind", request.resource.name}});
}

Result<Admission> Admission::from_flags(const std::string& enable, const std::string& disable) {
  Admission admission;
  admission.enabled_ = kDefaultPlugins;
  auto enabled = split(enable, ','), disabled = split(disable, ',');
  for (const auto& plugin : enabled)
    if (!plugin.empty() && !kKnownPlugins.contains(plugin))
      return invalid("--enable-admission-plugins",
                     "enable-admission-plugins plugin \"" + plugin + "\" is unknown");
  for (const auto& plugin : disabled)
    if (!plugin.empty() && !kKnownPlugins.contains(plugin))
      return invalid("--disable-admission-plugins",
                     "disable-admission-plugins plugin \"" + plugin + "\" is unknown");
  for (const auto& plugin : enabled)
    if (!plugin.empty() && std::ranges::find(disabled, plugin) != disabled.end())
      return invalid("--enable-admission-plugins",
                     "[" + plugin + "] in enable-admission-plugins and disable-admission-plugins overlapped");
  for (const auto& plugin : enabled)
    if (!plugin.empty()) admission.enabled_.insert(plugin);
  for (const auto& plugin : disabled) admission.enabled_.erase(plugin);
  return admission;
}

std::optional<Reply> Admission::admit(const AdmissionRequest& request,
                                      const std::function<bool(const UserInfo&, const Attributes&)>& allowed,
                                      const ObjectSource& objects) const {
  if (enabled("NodeRestriction"))
    if (auto node = node_name_of(request.user)) {
      if (node->empty())
        return forbidden_write(request, "could not determine node from user \"" + request.user.name + "\"");
      if (auto refused = node_restriction(request, *node, objects)) return refused;
    }
  if (request.resource.name != "certificatesigningrequests" || !request.object) return std::nullopt;
  auto signer = string_member(member(*request.object, "spec"), "signerName");
  if (enabled("CertificateApproval") && request.subresource == "approval" &&
      !may_act_for_signer(allowed, request.user, "approve", signer))
    return forbidden_write(request,
                           "user not permitted to approve requests with signerName \"" + signer + "\"");
  if (enabled("CertificateSigning") && request.subresource == "status" && request.old_object &&
      string_member(member(*request.object, "status"), "certificate") !=
          string_member(member(*request.old_object, "status"), "certificate") &&
      !may_act_for_signer(allowed, request.user, "sign", signer))
    return forbidden_write(request, "user not permitted to sign requests with signerName \"" + signer + "\"");
  if (enabled("CertificateSubjectRestriction") && request.operation == "CREATE" &&
      signer == "kubernetes.io/kube-apiserver-client")
    if (auto requested = read_certificate_request(*request.object);
        requested &&
        std::ranges::find(requested->organizations, "system:masters") != requested->organizations.end())
      return forbidden_write(
          request,
          "use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed");
  return std::nullopt;
}

}  // namespace ks::standin

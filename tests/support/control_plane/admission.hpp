#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "base/error.hpp"
#include "tests/support/control_plane/authorizer.hpp"
#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

struct Reply;

// One write as admission plugins see it: the operation, what it writes and the object before and after.
struct AdmissionRequest {
  std::string operation;  // CREATE, UPDATE, DELETE
  const Resource& resource;
  std::string subresource, namespace_, name;
  const nlohmann::json* object = nullptr;      // the new object (CREATE, UPDATE)
  const nlohmann::json* old_object = nullptr;  // the stored object (UPDATE, DELETE)
  const UserInfo& user;
};

// A write refused, as admission.NewForbidden words it: `<resource> "<name>" is forbidden: <why>` (403).
Reply forbidden_write(const AdmissionRequest& request, const std::string& why);

// The admission plugins of the stand-in that refuse requests a real 1.32 kube-apiserver refuses:
// NodeRestriction (off unless enabled, as kubeadm enables it), CertificateApproval, CertificateSigning and
// CertificateSubjectRestriction (on by default).
class Admission {
 public:
  // --enable-admission-plugins / --disable-admission-plugins over 1.32's default set; an unknown name is
  // refused as kube-apiserver refuses it.
  static Result<Admission> from_flags(const std::string& enable, const std::string& disable);
  bool enabled(const std::string& plugin) const { return enabled_.contains(plugin); }

  // A Forbidden reply when a plugin refuses the write. `allowed` answers authorization questions (the
  // certificate plugins ask whether the user may approve or sign for a signer); `objects` gives the stored
  // objects a plugin looks up (NodeRestriction, the Node a mirror Pod names as its owner).
  std::optional<Reply> admit(const AdmissionRequest& request,
                             const std::function<bool(const UserInfo&, const Attributes&)>& allowed,
                             const ObjectSource& objects) const;

 private:
  std::set<std::string> enabled_;
};

}  // namespace ks::standin

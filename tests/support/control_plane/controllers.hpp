#pragma once

#include <string>

#include "base/error.hpp"
#include "kube/api_client.hpp"

namespace ks::standin {

// The kube-controller-manager controllers kubeadm relies on, each one reconcile pass over the API:
// bootstrapsigner (jws-kubeconfig-<id> entries in kube-public/cluster-info), tokencleaner (expired
// bootstrap-token Secrets), csrapproving (kubelet client CSRs allowed by RBAC, checked with a
// SubjectAccessReview as the real approver does) and csrsigning (with --cluster-signing-cert/key-file); and
// two every cluster shows its users: serviceaccount (a `default` ServiceAccount in every namespace) and
// root-ca-certificate-publisher (the `kube-root-ca.crt` ConfigMap with --root-ca-file in every namespace);
// and clusterrole-aggregation (admin, edit and view filled from the roles labelled to aggregate into them).
struct Controllers {
  kube::ApiClient& api;
  std::string signing_cert_pem;
  std::string signing_key_pem;
  std::string root_ca_pem;

  Status sign_cluster_info();
  Status clean_tokens();
  Status approve_csrs();
  Status sign_csrs();
  Status create_default_service_accounts();
  Status publish_root_ca();
  Status aggregate_cluster_roles();
};

}  // namespace ks::standin

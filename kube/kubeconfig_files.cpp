#include "kube/kubeconfig_files.hpp"

#include "base/rfc3339.hpp"
#include "base/strings.hpp"
#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "config/constants.hpp"
#include "config/derived.hpp"
#include "kube/kubeconfig.hpp"

namespace ks::kube {

std::vector<KubeconfigSpec> kubeconfig_specs(const config::InitConfiguration& config) {
  using namespace constants;
  return {
      {"admin",
       std::string(kAdminKubeconfig),
       "a kubeconfig for the cluster administrator (kubeadm:cluster-admins)",
       "kubernetes-admin",
       {std::string(kClusterAdminsGroup)}},
      {"super-admin",
       std::string(kSuperAdminKubeconfig),
       "a break-glass kubeconfig in system:masters, which RBAC cannot limit",
       "kubernetes-super-admin",
       {std::string(kSystemMastersGroup)}},
      {"kubelet",
       std::string(kKubeletKubeconfig),
       "the kubelet's kubeconfig, used until its TLS bootstrap rotates it",
       std::string(kNodeUserPrefix) + config.node_registration.name,
       {std::string(kNodesGroup)},
       // kubeadm's ControlPlaneKubeletLocalMode (on by default from 1.33): the kubelet of a control-plane
       // node talks to its own API server, never through a load balancer to another, maybe older, one.
       config::feature_enabled(config, "ControlPlaneKubeletLocalMode")},
      {"controller-manager",
       std::string(kControllerManagerKubeconfig),
       "the controller manager's kubeconfig",
       "system:kube-controller-manager",
       {},
       true},
      {"scheduler",
       std::string(kSchedulerKubeconfig),
       "the scheduler's kubeconfig",
       "system:kube-scheduler",
       {},
       true},
  };
}

std::string kubeconfig_path(const KubeconfigSpec& spec) {
  return std::string(constants::kKubernetesDir) + "/" + spec.file;
}

Status ensure_kubeconfig(const KubeconfigSpec& spec, const config::InitConfiguration& config, certs::Pki& pki,
                         const host::Host& host, workflow::Reporter& reporter) {
  auto path = kubeconfig_path(spec);
  auto server = spec.local_endpoint ? config::local_api_url(config) : config::control_plane_url(config);
  auto ca = KS_TRY(pki.signer("ca"));
  if (host.files.exists(path)) {
    auto existing = parse_kubeconfig(KS_TRY(host.files.read(path, constants::kKubeconfigLimit)));
    if (!existing)
      return conflict(path + " exists but cannot be read as a kubeconfig", existing.error().message(),
                      "remove it and run again to have kubestrap write it");
    auto existing_ca = certs::parse_certificate(existing->ca_pem);
    if (!existing_ca || X509_cmp(existing_ca->get(), ca->certificate.get()) != 0)
      return conflict(path + " exists but trusts a different CA than " + pki.path("ca", "crt"),
                      "it belongs to another cluster, or the CA was replaced",
                      "remove it (or run 'kubestrap reset') and run again");
    if (existing->server != server)
      reporter.warning("kubeconfig",
                       path + " points at " + existing->server + " rather than " + server + "; keeping it");
    // It holds a private key: others must not read it, whoever made it so.
    if (auto info = host.files.stat(path); info && (info->mode & 077)) {
      reporter.warning("kubeconfig", path + " was readable by other users; its mode is now 0600");
      KS_CHECK(host.files.set_mode(path, constants::kKubeconfigMode));
    }
    reporter.line("kubeconfig", "Using the existing \"" + spec.file + "\" kubeconfig file");
    return {};
  }
  reporter.line("kubeconfig", "Writing \"" + spec.file + "\" kubeconfig file");
  auto issued = KS_TRY(pki.issue_client(spec.common_name, spec.organizations));
  Kubeconfig kubeconfig{config.cluster.cluster_name,
                        server,
                        KS_TRY(certs::certificate_pem(ca->certificate.get())),
                        spec.common_name,
                        KS_TRY(certs::certificate_pem(issued.certificate.get())),
                        KS_TRY(certs::private_key_pem(issued.key.get()))};
  KS_CHECK(host.files.make_dirs(constants::kKubernetesDir, 0755));
  return host.files.write_atomic(path, render_kubeconfig(kubeconfig), constants::kKubeconfigMode);
}

Result<UserKubeconfig> user_kubeconfig(const UserCredentials& user, const config::InitConfiguration& config,
                                       const host::Host& host, workflow::Reporter& reporter) {
  certs::KeyPool keys(config::key_algorithm(config), 1);
  certs::Pki pki(host, config, keys, reporter);
  auto ca_crt = pki.path("ca", "crt"), ca_key = pki.path("ca", "key");
  if (!host.files.exists(ca_crt))
    return failure(
        "cannot read the cluster CA " + ca_crt, "the file does not exist",
        "run this on a control-plane node of the cluster (--root-dir if its files are under another "
        "directory), or give --config with the cluster's certificatesDir");
  // A token needs only the CA certificate the user's client will trust; a client certificate needs the key.
  if (user.token.empty() && pki.external_ca())
    return failure("cannot sign a client certificate for " + quote(user.name),
                   ca_key + " is not on this node (external CA mode: the CA's key is kept elsewhere)",
                   "run this where " + ca_key + " is, have your CA sign a client certificate with CN=" +
                       user.name + (user.groups.empty() ? "" : " and O=" + join(user.groups, ",")) +
                       ", or give --token to hand out a token instead");
  auto ca = KS_TRY(pki.signer("ca"));
  UserKubeconfig result;
  auto& kubeconfig = result.kubeconfig;
  kubeconfig.cluster_name = config.cluster.cluster_name;
  kubeconfig.server = config::control_plane_url(config);
  kubeconfig.ca_pem = KS_TRY(certs::certificate_pem(ca->certificate.get()));
  kubeconfig.user_name = user.name;
  if (!user.token.empty()) {
    kubeconfig.token = user.token;
    return result;
  }
  auto issued = KS_TRY(pki.issue_client(user.name, user.groups));
  kubeconfig.client_certificate_pem = KS_TRY(certs::certificate_pem(issued.certificate.get()));
  kubeconfig.client_key_pem = KS_TRY(certs::private_key_pem(issued.key.get()));
  // The issued leaf is not decoded in memory (issue_certificate): read it back from its PEM.
  result.certificate =
      certs::inspect(KS_TRY(certs::parse_certificate(kubeconfig.client_certificate_pem)).get());
  // kubeadm signs past the CA's end without a word; the API server stops trusting the pair when the CA ends.
  auto ca_ends = certs::inspect(ca->certificate.get()).not_after;
  if (result.certificate && result.certificate->not_after > ca_ends)
    reporter.warning("kubeconfig",
                     "the certificate is valid until " + format_rfc3339(result.certificate->not_after) +
                         " but the cluster CA " + ca_crt + " ends at " + format_rfc3339(ca_ends) +
                         ": the kubeconfig stops working then unless the CA is renewed first");
  return result;
}

}  // namespace ks::kube

#include "cli/init_flags.hpp"

namespace ks::cli {

Result<config::InitFlags> read_init_flags(const Context& context) {
  const auto& given = context.flags;
  config::InitFlags flags;
  for (auto [name, field] : {std::pair{"pod-network-cidr", &flags.pod_network_cidr},
                             {"service-cidr", &flags.service_cidr},
                             {"service-dns-domain", &flags.service_dns_domain},
                             {"apiserver-advertise-address", &flags.apiserver_advertise_address},
                             {"control-plane-endpoint", &flags.control_plane_endpoint},
                             {"cert-dir", &flags.cert_dir},
                             {"kubernetes-version", &flags.kubernetes_version},
                             {"image-repository", &flags.image_repository},
                             {"node-name", &flags.node_name},
                             {"cri-socket", &flags.cri_socket},
                             {"feature-gates", &flags.feature_gates},
                             {"config", &flags.config_path},
                             {"token", &flags.token},
                             {"token-ttl", &flags.token_ttl}})
    *field = given.text(name);
  if (auto port = given.text("apiserver-bind-port"))
    flags.apiserver_bind_port = KS_TRY(parse_port_flag("--apiserver-bind-port", *port));
  flags.apiserver_cert_extra_sans = given.list("apiserver-cert-extra-sans");
  flags.skip_phases = given.list("skip-phases");
  flags.ignore_preflight_errors = given.list("ignore-preflight-errors");
  flags.dry_run = context.dry_run;
  flags.given = given.given;
  return flags;
}

}  // namespace ks::cli

#include "config/decode.hpp"

#include <nlohmann/json.hpp>

#include "base/strings.hpp"
#include "base/yaml_reader.hpp"
#include "config/decode_parts.hpp"
#include "config/fields.hpp"
#include "config/kubelet_configuration.hpp"

namespace ks::config {

namespace {

Status read_envs(Fields& fields, std::vector<EnvVar>& out) {
  auto items = KS_TRY(fields.objects("extraEnvs"));
  for (auto& item : items) {
    EnvVar env;
    KS_CHECK(item.string("name", env.name));
    KS_CHECK(item.string("value", env.value));
    item.raw("valueFrom");  // accepted, not supported for static pods by kubestrap
    item.finish();
    out.push_back(env);
  }
  return {};
}

Status read_component(Fields& fields, bool v1beta3, ControlPlaneComponent& out) {
  KS_CHECK(read_args(fields, "extraArgs", v1beta3, out.extra_args));
  auto volumes = KS_TRY(fields.objects("extraVolumes"));
  for (auto& v : volumes) {
    HostPathMount mount;
    KS_CHECK(v.string("name", mount.name));
    KS_CHECK(v.string("hostPath", mount.host_path));
    KS_CHECK(v.string("mountPath", mount.mount_path));
    KS_CHECK(v.boolean("readOnly", mount.read_only));
    KS_CHECK(v.string("pathType", mount.path_type));
    v.finish();
    out.extra_volumes.push_back(mount);
  }
  if (!v1beta3) KS_CHECK(read_envs(fields, out.extra_envs));
  return {};
}

Result<KeyAlgorithm> parse_algorithm(const std::string& path, const std::string& text) {
  if (text == "RSA-2048" || text == "RSA") return KeyAlgorithm::RSA2048;
  if (text == "RSA-3072") return KeyAlgorithm::RSA3072;
  if (text == "RSA-4096") return KeyAlgorithm::RSA4096;
  if (text == "ECDSA-P256" || text == "ECDSA") return KeyAlgorithm::ECDSAP256;
  if (text == "ECDSA-P384") return KeyAlgorithm::ECDSAP384;
  return invalid(path + ": unknown encryption algorithm " + quote(text),
                 "expected one of RSA-2048, RSA-3072, RSA-4096, ECDSA-P256, ECDSA-P384");
}

Status read_cluster(Fields& f, bool v1beta3, ClusterConfiguration& c, Timeouts& timeouts) {
  if (auto etcd = KS_TRY(f.object("etcd"))) {
    if (auto local = KS_TRY(etcd->object("local"))) {
      LocalEtcd l;
      KS_CHECK(local->string("imageRepository", l.image_repository));
      KS_CHECK(local->string("imageTag", l.image_tag));
      KS_CHECK(local->string("dataDir", l.data_dir));
      KS_CHECK(read_args(*local, "extraArgs", v1beta3, l.extra_args));
      if (!v1beta3) KS_CHECK(read_envs(*local, l.extra_envs));
      KS_CHECK(local->strings("serverCertSANs", l.server_cert_sans));
      KS_CHECK(local->strings("peerCertSANs", l.peer_cert_sans));
      local->finish();
      c.etcd.local = l;
    }
    if (auto external = KS_TRY(etcd->object("external"))) {
      ExternalEtcd e;
      KS_CHECK(external->strings("endpoints", e.endpoints));
      KS_CHECK(external->string("caFile", e.ca_file));
      KS_CHECK(external->string("certFile", e.cert_file));
      KS_CHECK(external->string("keyFile", e.key_file));
      external->finish();
      c.etcd.external = e;
    }
    if (c.etcd.local && c.etcd.external)
      return invalid("ClusterConfiguration etcd", "local and external are mutually exclusive",
                     "keep only one of them");
    etcd->finish();
  }
  if (auto net = KS_TRY(f.object("networking"))) {
    KS_CHECK(net->string("serviceSubnet", c.networking.service_subnet));
    KS_CHECK(net->string("podSubnet", c.networking.pod_subnet));
    KS_CHECK(net->string("dnsDomain", c.networking.dns_domain));
    net->finish();
  }
  KS_CHECK(f.string("kubernetesVersion", c.kubernetes_version));
  KS_CHECK(f.string("controlPlaneEndpoint", c.control_plane_endpoint));
  if (auto api = KS_TRY(f.object("apiServer"))) {
    KS_CHECK(read_component(*api, v1beta3, c.api_server));
    KS_CHECK(api->strings("certSANs", c.api_server.cert_sans));
    if (v1beta3)
      KS_CHECK(api->duration("timeoutForControlPlane", timeouts.control_plane_component_health_check));
    api->finish();
  }
  for (auto [key, component] :
       {std::pair{"controllerManager", &c.controller_manager}, {"scheduler", &c.scheduler}}) {
    if (auto part = KS_TRY(f.object(key))) {
      KS_CHECK(read_component(*part, v1beta3, *component));
      part->finish();
    }
  }
  if (auto dns = KS_TRY(f.object("dns"))) {
    KS_CHECK(dns->string("imageRepository", c.dns.image_repository));
    KS_CHECK(dns->string("imageTag", c.dns.image_tag));
    KS_CHECK(dns->boolean("disabled", c.dns.disabled));
    dns->raw("type");  // v1beta2 leftover; CoreDNS is the only choice
    dns->finish();
  }
  if (auto proxy = KS_TRY(f.object("proxy"))) {
    KS_CHECK(proxy->boolean("disabled", c.proxy_disabled));
    proxy->finish();
  }
  KS_CHECK(f.string("certificatesDir", c.certificates_dir));
  KS_CHECK(f.string("imageRepository", c.image_repository));
  if (auto* gates = f.raw("featureGates")) {
    if (!gates->is_object())
      return std::unexpected(f.type_error("featureGates", "a mapping of gate names to true/false"));
    for (const auto& [name, value] : gates->items()) {
      if (!value.is_boolean())
        return invalid("ClusterConfiguration featureGates." + printable(name), "expected true or false");
      c.feature_gates.emplace_back(name, value.get<bool>());
    }
  }
  KS_CHECK(f.string("clusterName", c.cluster_name));
  if (!v1beta3) {
    std::string algorithm;
    KS_CHECK(f.string("encryptionAlgorithm", algorithm));
    if (!algorithm.empty())
      c.encryption_algorithm = KS_TRY(parse_algorithm(f.path_of("encryptionAlgorithm"), algorithm));
    KS_CHECK(f.duration("certificateValidityPeriod", c.certificate_validity_period));
    KS_CHECK(f.duration("caCertificateValidityPeriod", c.ca_certificate_validity_period));
  }
  f.finish();
  return {};
}

Status read_init(Fields& f, bool v1beta3, InitConfiguration& c) {
  auto tokens = KS_TRY(f.objects("bootstrapTokens"));
  for (auto& t : tokens) {
    BootstrapToken token;
    KS_CHECK(t.string("token", token.token));
    KS_CHECK(t.string("description", token.description));
    KS_CHECK(t.optional_duration("ttl", token.ttl));
    KS_CHECK(t.string("expires", token.expires));
    KS_CHECK(t.strings("usages", token.usages));
    KS_CHECK(t.strings("groups", token.groups));
    t.finish();
    c.bootstrap_tokens.push_back(token);
  }
  if (auto node = KS_TRY(f.object("nodeRegistration")))
    KS_CHECK(read_node_registration(*node, v1beta3, c.node_registration));
  if (auto endpoint = KS_TRY(f.object("localAPIEndpoint"))) {
    KS_CHECK(endpoint->string("advertiseAddress", c.local_api_endpoint.advertise_address));
    KS_CHECK(endpoint->integer("bindPort", c.local_api_endpoint.bind_port));
    endpoint->finish();
  }
  KS_CHECK(f.string("certificateKey", c.certificate_key));
  KS_CHECK(f.strings("skipPhases", c.skip_phases));
  if (auto* patches = f.raw("patches"); patches && !patches->empty())
    return invalid("InitConfiguration patches", "patches are not supported by this version of kubestrap",
                   "remove the patches field and use extraArgs/extraVolumes instead");
  if (!v1beta3) {
    KS_CHECK(f.boolean("dryRun", c.dry_run));
    if (auto timeouts = KS_TRY(f.object("timeouts"))) KS_CHECK(read_timeouts(*timeouts, c.timeouts));
  }
  f.finish();
  return {};
}

}  // namespace

Result<DecodedInit> decode_init_config(std::string_view text) {
  DecodedInit result;
  auto documents = KS_TRY(parse_yaml_documents(text, &result.warnings));
  bool seen_init = false, seen_cluster = false;
  for (size_t i = 0; i < documents.size(); ++i) {
    const auto& doc = documents[i];
    auto where = "document " + std::to_string(i + 1);
    auto header = KS_TRY(read_document_header(doc, where, "InitConfiguration or ClusterConfiguration"));
    const auto& [api_version, kind] = header;
    if (kind == "KubeletConfiguration") {
      if (api_version != kKubeletConfigAPIVersion)
        return invalid(where + ": unsupported apiVersion " + quote(api_version) + " for KubeletConfiguration",
                       "expected " + std::string(kKubeletConfigAPIVersion));
      KS_CHECK(check_kubelet_configuration(doc, where, result.warnings));
      result.config.kubelet_configuration = doc;
      continue;
    }
    if (kind == "KubeProxyConfiguration") {
      if (api_version != kKubeProxyConfigAPIVersion)
        return invalid(
            where + ": unsupported apiVersion " + quote(api_version) + " for KubeProxyConfiguration",
            "expected " + std::string(kKubeProxyConfigAPIVersion));
      result.config.kube_proxy_configuration = doc;
      continue;
    }
    if (!is_kubeadm_kind(kind))
      return invalid(
          where + ": unknown kind " + quote(kind),
          "expected InitConfiguration, ClusterConfiguration, KubeletConfiguration or KubeProxyConfiguration");
    bool v1beta3 = KS_TRY(read_kubeadm_api_version(header, where));
    auto copy = doc;
    copy.erase("apiVersion");
    copy.erase("kind");
    auto fields = KS_TRY(Fields::open(copy, kind, result.warnings));
    if (kind == "InitConfiguration") {
      if (seen_init)
        return invalid(where, "a second InitConfiguration", "keep one InitConfiguration per file");
      seen_init = true;
      KS_CHECK(read_init(fields, v1beta3, result.config));
    } else if (kind == "ClusterConfiguration") {
      if (seen_cluster)
        return invalid(where, "a second ClusterConfiguration", "keep one ClusterConfiguration per file");
      seen_cluster = true;
      KS_CHECK(read_cluster(fields, v1beta3, result.config.cluster, result.config.timeouts));
    } else {
      result.warnings.push_back(ignored_document_warning(where, kind, "init"));
    }
  }
  if (!seen_init && !seen_cluster)
    return invalid("the config file has no InitConfiguration or ClusterConfiguration",
                   "kubestrap init needs at least one of them");
  return result;
}

}  // namespace ks::config

// decode_join_config: the JoinConfiguration document of a kubeadm config file, read with the same strict
// field rules as init's documents (decode_parts.hpp).
#include <nlohmann/json.hpp>

#include "base/strings.hpp"
#include "base/yaml_reader.hpp"
#include "config/decode_parts.hpp"
#include "config/join_load.hpp"

namespace ks::config {

namespace {

Status read_bootstrap_token_discovery(Fields& f, BootstrapTokenDiscovery& out) {
  KS_CHECK(f.string("token", out.token));
  KS_CHECK(f.string("apiServerEndpoint", out.api_server_endpoint));
  KS_CHECK(f.strings("caCertHashes", out.ca_cert_hashes));
  KS_CHECK(f.boolean("unsafeSkipCAVerification", out.unsafe_skip_ca_verification));
  f.finish();
  return {};
}

// Which of bootstrapToken and file is present is kept as given: validation names a file with both or
// neither, rather than the decoder picking one.
Status read_discovery(Fields& f, bool v1beta3, Discovery& out, Timeouts& timeouts) {
  if (auto token = KS_TRY(f.object("bootstrapToken")))
    KS_CHECK(read_bootstrap_token_discovery(*token, out.bootstrap_token.emplace()));
  if (auto file = KS_TRY(f.object("file"))) {
    KS_CHECK(file->string("kubeConfigPath", out.file.emplace().kube_config_path));
    file->finish();
  }
  KS_CHECK(f.string("tlsBootstrapToken", out.tls_bootstrap_token));
  // v1beta4 moved the discovery timeout to timeouts.discovery.
  if (v1beta3) KS_CHECK(f.duration("timeout", timeouts.discovery));
  f.finish();
  return {};
}

Status read_join_control_plane(Fields& f, JoinControlPlane& out) {
  if (auto endpoint = KS_TRY(f.object("localAPIEndpoint"))) {
    KS_CHECK(endpoint->string("advertiseAddress", out.local_api_endpoint.advertise_address));
    KS_CHECK(endpoint->integer("bindPort", out.local_api_endpoint.bind_port));
    endpoint->finish();
  }
  KS_CHECK(f.string("certificateKey", out.certificate_key));
  f.finish();
  return {};
}

Status read_join(Fields& f, bool v1beta3, JoinConfiguration& c) {
  if (auto node = KS_TRY(f.object("nodeRegistration")))
    KS_CHECK(read_node_registration(*node, v1beta3, c.node_registration));
  KS_CHECK(f.string("caCertPath", c.ca_cert_path));
  if (auto discovery = KS_TRY(f.object("discovery")))
    KS_CHECK(read_discovery(*discovery, v1beta3, c.discovery, c.timeouts));
  // Present, even as {}, means a control-plane join.
  if (auto control_plane = KS_TRY(f.object("controlPlane")))
    KS_CHECK(read_join_control_plane(*control_plane, c.control_plane.emplace()));
  KS_CHECK(f.strings("skipPhases", c.skip_phases));
  if (auto* patches = f.raw("patches"); patches && !patches->empty())
    return invalid("JoinConfiguration patches", "patches are not supported by this version of kubestrap",
                   "remove the patches field; a joining node takes its control-plane settings from the "
                   "cluster and its kubelet flags from nodeRegistration.kubeletExtraArgs");
  if (!v1beta3) {
    KS_CHECK(f.boolean("dryRun", c.dry_run));
    if (auto timeouts = KS_TRY(f.object("timeouts"))) KS_CHECK(read_timeouts(*timeouts, c.timeouts));
  }
  f.finish();
  return {};
}

}  // namespace

Result<LoadedJoin> decode_join_config(std::string_view text) {
  LoadedJoin result;
  auto documents = KS_TRY(parse_yaml_documents(text, &result.warnings));
  bool seen_join = false;
  for (size_t i = 0; i < documents.size(); ++i) {
    const auto& doc = documents[i];
    auto where = "document " + std::to_string(i + 1);
    auto header = KS_TRY(read_document_header(doc, where, "JoinConfiguration"));
    const auto& kind = header.kind;
    // A joining node takes the cluster's component configuration from the cluster itself.
    if (kind == "KubeletConfiguration" || kind == "KubeProxyConfiguration") {
      result.warnings.push_back(ignored_document_warning(where, kind, "join"));
      continue;
    }
    if (!is_kubeadm_kind(kind))
      return invalid(where + ": unknown kind " + quote(kind), "expected JoinConfiguration");
    bool v1beta3 = KS_TRY(read_kubeadm_api_version(header, where));
    if (kind != "JoinConfiguration") {
      result.warnings.push_back(ignored_document_warning(where, kind, "join"));
      continue;
    }
    if (seen_join) return invalid(where, "a second JoinConfiguration", "keep one JoinConfiguration per file");
    seen_join = true;
    auto copy = doc;
    copy.erase("apiVersion");
    copy.erase("kind");
    auto fields = KS_TRY(Fields::open(copy, kind, result.warnings));
    KS_CHECK(read_join(fields, v1beta3, result.config));
  }
  if (!seen_join)
    return invalid("the config file has no JoinConfiguration",
                   "kubestrap join takes its settings from a JoinConfiguration document",
                   "add a document that starts with apiVersion: kubeadm.k8s.io/v1beta4 and "
                   "kind: JoinConfiguration");
  return result;
}

}  // namespace ks::config

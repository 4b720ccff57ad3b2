#include "config/config_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "base/strings.hpp"
#include "base/yaml_reader.hpp"
#include "config/constants.hpp"
#include "config/decode.hpp"
#include "config/decode_parts.hpp"
#include "config/encode.hpp"
#include "config/join_load.hpp"
#include "config/load.hpp"
#include "config/validate_parts.hpp"

namespace ks::config {

namespace {

bool reads_as_init(std::string_view kind) {
  return kind == "InitConfiguration" || kind == "ClusterConfiguration";
}

// Component configurations are read by init only.
bool init_reads(std::string_view kind) {
  return reads_as_init(kind) || kind == "KubeletConfiguration" || kind == "KubeProxyConfiguration";
}

void add_once(std::vector<std::string>& list, const std::vector<std::string>& more) {
  for (const auto& item : more)
    if (std::ranges::find(list, item) == list.end()) list.push_back(item);
}

// A warning about a document that one of init and join ignores while the other reads it says nothing here.
std::vector<std::string> read_elsewhere(const std::vector<nlohmann::json>& documents, bool has_init,
                                        bool has_join) {
  std::vector<std::string> skip;
  for (size_t i = 0; i < documents.size(); ++i) {
    const auto& document = documents[i];
    if (!document.is_object() || !document.contains("kind") || !document["kind"].is_string()) continue;
    auto kind = document["kind"].get<std::string>();
    auto where = "document " + std::to_string(i + 1);
    if (has_join && kind == "JoinConfiguration")
      skip.push_back(ignored_document_warning(where, kind, "init"));
    if (has_init && init_reads(kind)) skip.push_back(ignored_document_warning(where, kind, "join"));
  }
  return skip;
}

}  // namespace

ConfigFileCheck check_config_file(const std::string& path, const host::Host& host) {
  ConfigFileCheck check;
  auto fail = [&](Error error) {
    check.problems = problem_items(error);
    check.error = std::move(error);
    return check;
  };
  auto text = host::read_local_file(path, constants::kConfigFileLimit);
  if (!text)
    return fail(Error{ErrorKind::InvalidInput, "cannot read the config file " + quote(path), text.error().why,
                      "check the path given to --config"});
  auto documents = parse_yaml_documents(*text);  // its warnings come again from init's and join's reading
  if (!documents) return fail(std::move(documents.error()).context("config file " + path));
  bool has_init = false, has_join = false;
  for (size_t i = 0; i < documents->size(); ++i) {
    const auto& document = (*documents)[i];
    // init and join both refuse a document without apiVersion and kind, in these words.
    auto header = read_document_header(document, "document " + std::to_string(i + 1),
                                       "InitConfiguration, ClusterConfiguration or JoinConfiguration");
    if (!header) return fail(std::move(header.error()).context("config file " + path));
    check.kinds.push_back(header->kind);
    has_init = has_init || reads_as_init(header->kind);
    has_join = has_join || header->kind == "JoinConfiguration";
    // kubeadm 1.31+ still reads v1beta3 but calls it deprecated when init or join reads it
    // (common.go, validateSupportedVersion).
    if (header->api_version == kV1Beta3 && is_kubeadm_kind(header->kind))
      check.deprecations.push_back("document " + std::to_string(i + 1) + ": " + header->kind + " uses " +
                                   std::string(kV1Beta3) +
                                   ", which is deprecated; 'kubestrap config migrate --old-config " +
                                   quote(path) + "' writes it as " + std::string(kV1Beta4));
  }
  if (!has_init && !has_join)
    return fail(
        Error{ErrorKind::InvalidInput,
              "config file " + path + " has no InitConfiguration, ClusterConfiguration or JoinConfiguration",
              "those are the documents kubestrap init and join read",
              "add a document that starts with apiVersion: kubeadm.k8s.io/v1beta4 and one of those "
              "kinds ('kubestrap config print init-defaults' prints an example)"});

  std::vector<Error> errors;
  std::vector<std::string> warnings;
  if (has_init) {
    InitFlags flags;
    flags.config_path = path;
    flags.given = {"config"};
    if (auto loaded = load_init_config(flags, host)) {
      check.init = std::move(loaded->config);
      add_once(warnings, loaded->warnings);
    } else {
      errors.push_back(std::move(loaded.error()));
    }
  }
  if (has_join) {
    JoinFlags flags;
    flags.config_path = path;
    flags.given = {"config"};
    if (auto loaded = load_join_config(flags, host)) {
      check.join = std::move(loaded->config);
      add_once(warnings, loaded->warnings);
    } else {
      errors.push_back(std::move(loaded.error()));
    }
  }
  auto skip = read_elsewhere(*documents, has_init, has_join);
  for (const auto& warning : warnings)
    if (std::ranges::find(skip, warning) == skip.end()) check.warnings.push_back(warning);

  if (errors.empty()) return check;
  if (errors.size() == 1) return fail(std::move(errors.front()));
  Problems both;
  for (const auto& error : errors) add_once(both.items, problem_items(error));
  return fail(both.result().error());
}

std::vector<nlohmann::json> migrated_documents(const ConfigFileCheck& check) {
  std::vector<nlohmann::json> documents;
  if (check.init) {
    documents = encode_init_configuration(*check.init);
    for (const auto* component : {&check.init->kubelet_configuration, &check.init->kube_proxy_configuration})
      if ((*component)->is_object() && !(*component)->empty()) documents.push_back(**component);
  }
  if (check.join) documents.push_back(encode_join_configuration(*check.join));
  return documents;
}

}  // namespace ks::config

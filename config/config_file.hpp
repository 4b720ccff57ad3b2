// `kubestrap config validate` and `config migrate`: one kubeadm config file read exactly as `init --config`
// and `join --config` read it (load_init_config, load_join_config) — the init documents when the file has
// an InitConfiguration or ClusterConfiguration, the JoinConfiguration when it has one, both when it has
// both — as kubeadm's ValidateConfig and MigrateOldConfig do (cmd/kubeadm/app/util/config/common.go).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"
#include "host/host.hpp"

namespace ks::config {

struct ConfigFileCheck {
  std::vector<std::string> kinds;         // each document's kind, in file order
  std::optional<InitConfiguration> init;  // defaulted and validated, when the init documents are valid
  std::optional<JoinConfiguration> join;  // the same for the JoinConfiguration
  // init's and join's warnings, each once (a document one of them ignores because the other reads it is
  // not mentioned).
  std::vector<std::string> warnings;
  // One for each document still in kubeadm.k8s.io/v1beta3: kubeadm warns when init or join reads one
  // (`config validate` says so too); `config migrate` is what rewrites them.
  std::vector<std::string> deprecations;
  // InvalidInput: the error init or join reports for the file, both listed in one when both fail.
  std::optional<Error> error;
  std::vector<std::string> problems;  // the error's problems, one by one
};

// Reads the file at `path` (on this machine, not under the node's root), never failing: what is wrong is
// in the result.
ConfigFileCheck check_config_file(const std::string& path, const host::Host& host);

// What `config migrate` writes for a valid file: the InitConfiguration and ClusterConfiguration (kubeadm
// v1beta4, defaulted as init defaults them), the file's KubeletConfiguration and KubeProxyConfiguration as
// given, then the JoinConfiguration (v1beta4, defaulted as join defaults it).
std::vector<nlohmann::json> migrated_documents(const ConfigFileCheck& check);

}  // namespace ks::config

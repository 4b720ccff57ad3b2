// Readers shared by the decoders of kubeadm's documents (decode.cpp for init, decode_join.cpp for join):
// the parts that InitConfiguration and JoinConfiguration have in common, read the same way for both so
// that a nodeRegistration means the same thing in either file. Internal to config/.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "config/fields.hpp"
#include "config/types.hpp"

namespace ks::config {

// apiVersion and kind of one document of a config file.
struct DocumentHeader {
  std::string api_version;
  std::string kind;
};

// Both are required strings; `expected_kinds` completes the fix ("kind: JoinConfiguration").
Result<DocumentHeader> read_document_header(const nlohmann::json& document, const std::string& where,
                                            std::string_view expected_kinds);
// The kinds of kubeadm.k8s.io (Init, Cluster, Join, Reset, Upgrade configuration).
bool is_kubeadm_kind(std::string_view kind);
// The warning about a document the command does not read: "document 3: JoinConfiguration is not used by
// init (ignored)". `config validate` reads one file as both init and join, and leaves out the ones about
// documents the other of the two reads.
std::string ignored_document_warning(const std::string& where, std::string_view kind,
                                     std::string_view command);
// A kubeadm kind must be v1beta4 or v1beta3; returns whether it is v1beta3.
Result<bool> read_kubeadm_api_version(const DocumentHeader& header, const std::string& where);

// v1beta4 writes extra arguments as [{name, value}]; v1beta3 as a map.
Status read_args(Fields& fields, const std::string& key, bool v1beta3, std::vector<Arg>& out);
Status read_node_registration(Fields& fields, bool v1beta3, NodeRegistration& out);
Status read_timeouts(Fields& fields, Timeouts& out);

}  // namespace ks::config

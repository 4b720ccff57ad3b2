// Checks shared by the validation of init's and join's configurations (validate.cpp, validate_join.cpp),
// so that a nodeRegistration or a timeout is judged the same way in both. Internal to config/.
#pragma once

#include <chrono>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/text_rules.hpp"
#include "config/types.hpp"

namespace ks::config {

// Every problem found, so that the user sees them all at once.
struct Problems {
  std::vector<std::string> items;
  void add(const std::string& where, const std::string& what) { items.push_back(where + ": " + what); }
  // Text find_unprintable_text refused, except a value a field's own rule already refused.
  void add_unprintable(const std::vector<UnprintableText>& found);
  // One InvalidInput error listing every problem, or success when there is none.
  Status result() const;
};
// The problems an error lists: each item of Problems::result's list, or the error's message when it names
// one problem alone (a file that does not decode).
std::vector<std::string> problem_items(const Error& error);

bool is_absolute(const std::string& path);
void check_args(Problems& p, const std::string& where, const std::vector<Arg>& args);
void check_at_most(Problems& p, const std::string& where, std::chrono::nanoseconds value,
                   std::chrono::nanoseconds limit, const std::string& limit_text);
// Name (--node-name), CRI socket (--cri-socket), image pull policy, taints and kubelet arguments.
void check_node_registration(Problems& p, const NodeRegistration& node);
// featureGates against the gates of the configuration's Kubernetes minor (validate_feature_gates.cpp).
void check_feature_gates(Problems& p, const ClusterConfiguration& cluster);
// Gates accepted as kubeadm accepts them that change nothing or are deprecated: said, not refused.
void warn_about_feature_gates(const ClusterConfiguration& cluster, std::vector<std::string>& warnings);
// Each at most a year.
void check_timeouts(Problems& p, const Timeouts& timeouts);
// nodeRegistration's strings in the document's shape, for find_unprintable_text.
nlohmann::json node_registration_fields(const NodeRegistration& node);

}  // namespace ks::config

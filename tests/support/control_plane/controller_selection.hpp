#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace ks::standin {

// kube-controller-manager's --controllers, as v1.32 reads it:
// - staging/src/k8s.io/controller-manager/options/generic.go (Validate): every name but "*", with or
//   without its "-" prefix, must be a known controller or one of its aliases, else
//   "\"<name>\" is not in the list of known controllers"; ApplyTo turns aliases into canonical names;
// - staging/src/k8s.io/controller-manager/app/helper.go (IsControllerEnabled): the first entry naming the
//   controller decides ("name" on, "-name" off); otherwise "*" turns on every controller not disabled by
//   default, and without "*" nothing runs;
// - cmd/kube-controller-manager/app/controllermanager.go and names/controller_names.go: the v1.32 names,
//   their pre-1.28 aliases, and the controllers disabled by default (bootstrap-signer-controller,
//   token-cleaner-controller, selinux-warning-controller).
class ControllerSelection {
 public:
  // The flag's items; no flag at all is its default, "*".
  static Result<ControllerSelection> from_flag(const std::vector<std::string>& items);
  bool enabled(std::string_view canonical_name) const;

 private:
  std::vector<std::string> entries_;  // canonical, each optionally "-"-prefixed, or "*"
};

}  // namespace ks::standin

#include "preflight/fixes.hpp"

#include <set>

namespace ks::preflight {

Result<int> apply_fixes(const Report& report, const Context& context, workflow::Reporter& reporter) {
  std::set<const Remedy*> applied;
  for (const auto& result : report.results) {
    if (result.status == CheckStatus::Ok || !result.remedy) continue;
    if (!applied.insert(result.remedy.get()).second) continue;  // an earlier check's, already applied
    KS_CHECK(with_context(result.remedy->apply(context, reporter), "fixing " + result.name));
  }
  return static_cast<int>(applied.size());
}

}  // namespace ks::preflight

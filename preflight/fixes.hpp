#pragma once

#include "base/error.hpp"
#include "preflight/check.hpp"
#include "preflight/runner.hpp"

namespace ks::preflight {

// Applies the remedy each failed, warning or ignored check carries (`--fix`), in the order of the checks;
// a remedy that several of them carry is applied once. Returns the number of remedies applied.
Result<int> apply_fixes(const Report& report, const Context& context, workflow::Reporter& reporter);

}  // namespace ks::preflight

#pragma once

#include "base/error.hpp"
#include "cli/scaffold.hpp"
#include "config/flags.hpp"

namespace ks::cli {

// The configuration-shaped flags, read the same way by every command that declares some of them (init,
// join phase preflight, config images); a flag a command does not declare stays unset.
Result<config::InitFlags> read_init_flags(const Context& context);

}  // namespace ks::cli

// load_join_config: kubeadm's order for `join` (cmd/join.go newJoinData): refuse flags mixed with --config,
// read the file or build from flags, default, then validate everything at once.
#include "config/join_load.hpp"

#include "base/strings.hpp"
#include "config/constants.hpp"
#include "config/defaults.hpp"
#include "config/flags.hpp"
#include "config/join_flags.hpp"
#include "config/validate.hpp"

namespace ks::config {

Result<LoadedJoin> load_join_config(const JoinFlags& flags, const host::Host& host) {
  LoadedJoin loaded;
  KS_CHECK(check_config_flag_mix(flags.config_path.has_value(), flags.given));
  if (flags.config_path) {
    auto text = host::read_local_file(*flags.config_path, constants::kConfigFileLimit);
    if (!text)
      return invalid("cannot read the config file " + quote(*flags.config_path), text.error().why,
                     "check the path given to --config");
    auto decoded = decode_join_config(*text);
    if (!decoded)
      return std::unexpected(std::move(decoded.error()).context("config file " + *flags.config_path));
    loaded = std::move(*decoded);
  }
  KS_CHECK(apply_join_flags(flags, loaded.config, loaded.warnings));
  apply_static_defaults(loaded.config);
  KS_CHECK(apply_host_defaults(loaded.config, host, loaded.warnings));
  KS_CHECK(validate(loaded.config, !flags.checks_only));
  return loaded;
}

}  // namespace ks::config

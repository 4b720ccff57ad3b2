#include "config/load.hpp"

#include "base/strings.hpp"
#include "config/constants.hpp"
#include "config/decode.hpp"
#include "config/defaults.hpp"
#include "config/validate.hpp"

namespace ks::config {

Result<LoadedInit> load_init_config(const InitFlags& flags, const host::Host& host, LoadOptions options) {
  LoadedInit loaded;
  KS_CHECK(check_config_flag_mix(flags));
  if (flags.config_path) {
    auto text = host::read_local_file(*flags.config_path, constants::kConfigFileLimit);
    if (!text)
      return invalid("cannot read the config file " + quote(*flags.config_path), text.error().why,
                     "check the path given to --config");
    auto decoded = decode_init_config(*text);
    if (!decoded)
      return std::unexpected(std::move(decoded.error()).context("config file " + *flags.config_path));
    loaded.config = std::move(decoded->config);
    loaded.warnings = std::move(decoded->warnings);
  }
  KS_CHECK(apply_flags(flags, loaded.config));
  apply_static_defaults(loaded.config, loaded.warnings);
  if (!options.detect_cri_socket && loaded.config.node_registration.cri_socket.empty())
    loaded.config.node_registration.cri_socket = constants::kContainerdSocket;
  KS_CHECK(apply_host_defaults(loaded.config, host, loaded.warnings));
  KS_CHECK(validate(loaded.config, loaded.warnings));
  return loaded;
}

}  // namespace ks::config

#include <spdlog/spdlog.h>

#include "cli/command.hpp"

namespace ks::cli {

const CommandTable& command_table() {
  static const CommandTable table = {
      .groups = {join_group(), token_group(), certs_group(), kubeconfig_group(), config_group()},
      .commands = {init_command(), init_phase_command(), join_command(), join_phase_command(),
                   token_create_command(), token_list_command(), token_delete_command(),
                   token_generate_command(), certs_ca_hash_command(), kubeconfig_user_command(),
                   config_images_list_command(), config_images_pull_command(),
                   config_print_init_defaults_command(), config_print_join_defaults_command(),
                   config_validate_command(), config_migrate_command(), version_command()},
  };
  return table;
}

}  // namespace ks::cli

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  spdlog::set_pattern("%H:%M:%S.%e %l %v");
  std::vector<std::string> args(argv + 1, argv + argc);
  return ks::cli::dispatch(ks::cli::command_table(), args);
}

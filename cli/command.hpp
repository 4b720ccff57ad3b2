// cli: the command table and one file per command. A command declares its flags and its work (build the
// configuration, run a workflow) on the scaffold, which parses the flags, builds the real host and turns the
// outcome into output and an exit code. No cluster logic lives here.
#pragma once

#include "cli/scaffold.hpp"

namespace ks::cli {

// Every command and group, in the order the help lists them.
const CommandTable& command_table();

CommandSpec init_command();
CommandSpec init_phase_command();
CommandGroup join_group();
CommandSpec join_command();
CommandSpec join_phase_command();
CommandGroup config_group();
CommandSpec config_images_list_command();
CommandSpec config_images_pull_command();
CommandSpec config_print_init_defaults_command();
CommandSpec config_print_join_defaults_command();
CommandSpec config_validate_command();
CommandSpec config_migrate_command();
CommandSpec version_command();
CommandGroup token_group();
CommandSpec token_generate_command();
CommandSpec token_create_command();
CommandSpec token_list_command();
CommandSpec token_delete_command();
CommandGroup certs_group();
CommandSpec certs_ca_hash_command();
CommandGroup kubeconfig_group();
CommandSpec kubeconfig_user_command();

}  // namespace ks::cli

// kubestrap token generate|create|list|delete: the bootstrap tokens of a cluster, through an admin kubeconfig
// (default the node's admin.conf). Every argument is checked before the first request.
#include <nlohmann/json.hpp>

#include "base/duration.hpp"
#include "cli/command.hpp"
#include "config/constants.hpp"
#include "config/text_rules.hpp"
#include "host/host.hpp"
#include "kube/api_client.hpp"
#include "kube/dry_run_api.hpp"
#include "kube/kubeconfig.hpp"
#include "token/join_command.hpp"
#include "token/token_store.hpp"
#include "workflow/reporter.hpp"

namespace ks::cli {

namespace {

const std::string kAdminKubeconfig = std::string(constants::kKubernetesDir) + "/admin.conf";

Flag kubeconfig_flag() {
  return Flag::text(
      "kubeconfig", "FILE",
      "The kubeconfig to reach the cluster with (default " + kAdminKubeconfig + " of the node)");
}

// The cluster the kubeconfig points at, as its user; a dry run prints the writes instead of sending them.
Result<std::unique_ptr<kube::Api>> connect(Context& context) {
  auto path = context.flags.text("kubeconfig").value_or(kAdminKubeconfig);
  auto text = context.host.files.read(path, constants::kKubeconfigLimit);
  if (!text)
    return failure("reading the kubeconfig " + path, text.error().why,
                   "run this on a control-plane node, or give --kubeconfig");
  auto kubeconfig = KS_TRY(with_context(kube::parse_kubeconfig(*text), path));
  // Credentials kept in files (as after a certificate rotation) are files of the node.
  if (!kubeconfig.client_certificate_file.empty()) {
    kubeconfig.client_certificate_pem =
        KS_TRY(context.host.files.read(kubeconfig.client_certificate_file, constants::kKubeconfigLimit));
    kubeconfig.client_key_pem =
        KS_TRY(context.host.files.read(kubeconfig.client_key_file, constants::kKubeconfigLimit));
  }
  if (context.dry_run)
    return std::unique_ptr<kube::Api>(std::make_unique<kube::DryRunApi>(
        kubeconfig, [&context](const std::string& line) { context.reporter.line("dryrun", line); }));
  return std::unique_ptr<kube::Api>(std::make_unique<kube::ApiClient>(
      kubeconfig, context.host.clock, kube::ClientOptions{.timeout = std::chrono::seconds(15)}));
}

// The token `token create` is asked for, with kubeadm's defaults, checked before anything is sent.
Result<config::BootstrapToken> requested_token(Context& context) {
  config::BootstrapToken token;
  const auto& flags = context.flags;
  if (!flags.arguments.empty()) {
    if (flags.arguments.size() > 1)
      return invalid("token create", "it takes at most one token", "give one token, or none to generate one");
    token.token = KS_TRY(token::TokenString::parse(flags.arguments[0])).str();
  } else {
    token.token = KS_TRY(token::generate_token(context.host.random)).str();
  }
  auto ttl = KS_TRY(with_context(parse_go_duration(flags.text("ttl").value_or("24h0m0s")), "--ttl"));
  using namespace std::chrono_literals;
  if (ttl < 0ns || ttl > 876000h)
    return invalid("--ttl " + flags.text("ttl").value_or(""),
                   "it must be between 0 (never expires) and 876000h",
                   "for example --ttl 24h, or --ttl 0 for a token that never expires");
  token.ttl = ttl;
  token.usages =
      flags.has("usages") ? flags.list("usages") : std::vector<std::string>{"signing", "authentication"};
  token.groups = {std::string(token::kDefaultGroup)};
  if (flags.has("groups")) {
    // --groups "" asks for none, as kubeadm's string slice reads it.
    token.groups.clear();
    for (const auto& group : flags.list("groups"))
      if (!group.empty()) token.groups.push_back(group);
  }
  token.description = flags.text("description").value_or("");
  if (auto problem = config::bootstrap_usages_problem(token.usages); !problem.empty())
    return invalid("--usages", problem, "for example --usages signing,authentication");
  if (auto problem = config::bootstrap_groups_problem(token.groups, token.usages); !problem.empty())
    return invalid("--groups", problem,
                   "for example --groups system:bootstrappers:kubeadm:default-node-token");
  return token;
}

// --certificate-key: only for a printed control-plane join command, and only a key download-certs can use
// (AES-256: 32 bytes, hex).
Result<std::string> certificate_key(const Context& context) {
  auto key = context.flags.text("certificate-key").value_or("");
  if (key.empty()) return key;
  if (!context.flags.has("print-join-command"))
    return invalid("--certificate-key", "it is only used with --print-join-command",
                   "add --print-join-command to print a control-plane join command");
  if (key.size() != 64 || key.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
    return invalid("--certificate-key",
                   "it must be 64 hex digits (the 32-byte key of the uploaded certificates)",
                   "use the key 'kubestrap init' printed with --upload-certs");
  return key;
}

Status create(Context& context) {
  auto token = KS_TRY(requested_token(context));
  auto key = KS_TRY(certificate_key(context));
  auto api = KS_TRY(connect(context));
  KS_CHECK(token::create_token(*api, token, context.host.clock.now()));
  context.result["token"] = token.token;
  if (context.flags.has("print-join-command")) {
    auto command = KS_TRY(token::join_command(api->kubeconfig(), token.token));
    command.certificate_key = key;
    context.result["joinCommand"] = command.one_line();
    context.text_result = command.one_line() + "\n";
  } else {
    context.text_result = token.token + "\n";
  }
  return {};
}

Status list(Context& context) {
  auto api = KS_TRY(connect(context));
  auto listing = KS_TRY(token::list_tokens(*api));
  for (const auto& problem : listing.unreadable)
    context.reporter.warning("token", "Skipped a bootstrap token Secret: " + problem);
  auto now = context.host.clock.now();
  nlohmann::json tokens = nlohmann::json::array();
  for (const auto& each : listing.tokens) tokens.push_back(token::token_json(each, now));
  context.result["tokens"] = tokens;
  context.text_result = token::token_table(listing.tokens, now);
  return {};
}

Status remove(Context& context) {
  // Every argument is checked before the first request: a typo in the third does not leave two deleted.
  std::vector<std::string> ids;
  // A bad argument is named by its place, not echoed: it may be a whole token, a secret.
  const auto& arguments = context.flags.arguments;
  for (size_t i = 0; i < arguments.size(); ++i)
    ids.push_back(
        KS_TRY(with_context(token::token_id_of(arguments[i]), "argument " + std::to_string(i + 1))));
  auto api = KS_TRY(connect(context));
  nlohmann::json deleted = nlohmann::json::array();
  for (const auto& id : ids) {
    KS_CHECK(token::delete_token(*api, id));
    deleted.push_back(id);
    context.result["deleted"] = deleted;
    context.text_result += "bootstrap token \"" + id + "\" deleted\n";
  }
  return {};
}

}  // namespace

CommandGroup token_group() {
  return {
      .path = "token",
      .summary = "Manage the bootstrap tokens that let machines join the cluster",
      .details =
          "Bootstrap tokens are kube-system Secrets of type bootstrap.kubernetes.io/token. A joining\n"
          "machine uses one to trust the cluster (cluster-info's signature) and to get its kubelet's\n"
          "certificate. Lost the join command? `kubestrap token create --print-join-command`.\n",
  };
}

CommandSpec token_generate_command() {
  return {
      .path = "token generate",
      .summary = "Print a new random bootstrap token without creating it in the cluster",
      .run = [](Context& context) -> Status {
        auto token = KS_TRY(token::generate_token(context.host.random)).str();
        context.result["token"] = token;
        context.text_result = token + "\n";
        return {};
      },
  };
}

CommandSpec token_create_command() {
  return {
      .path = "token create",
      .summary = "Create a bootstrap token in the cluster (generated unless given) and print it",
      .flags =
          {
              kubeconfig_flag(),
              Flag::text("ttl", "DURATION", "How long the token is valid (default 24h; 0: never expires)"),
              Flag::list_of("usages", "USAGE,...", "signing, authentication (default both)"),
              Flag::list_of("groups", "GROUP,...",
                            "Extra groups it authenticates as (default "
                            "system:bootstrappers:kubeadm:default-node-token)"),
              Flag::text("description", "TEXT", "What the token is for"),
              Flag::boolean("print-join-command", "Print the whole join command instead of the token"),
              Flag::text("certificate-key", "KEY",
                         "With --print-join-command: print a control-plane join command with this key"),
          },
      .dry_run = true,
      .dry_run_reads_node = true,
      .arguments = "[TOKEN]",
      .run = create,
  };
}

CommandSpec token_list_command() {
  return {
      .path = "token list",
      .summary = "List the bootstrap tokens of the cluster",
      .flags = {kubeconfig_flag()},
      .dry_run = true,
      .dry_run_reads_node = true,
      .run = list,
  };
}

CommandSpec token_delete_command() {
  return {
      .path = "token delete",
      .summary = "Delete bootstrap tokens, given by id or whole",
      .flags = {kubeconfig_flag()},
      .dry_run = true,
      .dry_run_reads_node = true,
      .arguments = "ID|TOKEN...",
      .arguments_required = true,
      .run = remove,
  };
}

}  // namespace ks::cli

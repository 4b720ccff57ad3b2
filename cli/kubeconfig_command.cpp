// kubestrap kubeconfig user: a kubeconfig for another person or program, signed by the cluster CA, printed
// on stdout and written nowhere (kubeadm's `kubeadm kubeconfig user`, cmd/kubeadm/app/cmd/kubeconfig.go).
#include <nlohmann/json.hpp>

#include "base/duration.hpp"
#include "base/rfc3339.hpp"
#include "base/strings.hpp"
#include "base/utf8.hpp"
#include "cli/command.hpp"
#include "cli/file_only_fix.hpp"
#include "config/constants.hpp"
#include "config/load.hpp"
#include "kube/kubeconfig_files.hpp"
#include "workflow/reporter.hpp"

namespace ks::cli {

namespace {

using namespace std::chrono_literals;

// X.509's upper bound for a common name and an organization name (RFC 5280's ub-common-name and
// ub-organization-name); OpenSSL refuses longer ones.
constexpr size_t kMaxNameCharacters = 64;
// Times are 64-bit nanoseconds; the same bound as certificateValidityPeriod in a config file.
constexpr auto kMaxValidity = 876000h;

size_t utf8_characters(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xc0) != 0x80;
  return count;
}

// Why a user or group name would make a bad certificate subject, or "".
std::string subject_name_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (invalid_utf8_at(name) || control_character_at(name, false))
    return "it holds a control character or is not UTF-8";
  if (trim(name).size() != name.size()) return "it starts or ends with a space";
  if (utf8_characters(name) > kMaxNameCharacters)
    return "it is longer than " + std::to_string(kMaxNameCharacters) + " characters (X.509's limit)";
  return "";
}

// The user the flags ask for, every flag checked before anything is read.
Result<kube::UserCredentials> requested_user(const Context& context) {
  const auto& flags = context.flags;
  kube::UserCredentials user;
  auto name = flags.text("client-name");
  if (!name)
    return invalid("--client-name", "it is required: the user's name (the certificate's CN)",
                   "for example --client-name alice");
  if (auto problem = subject_name_problem(*name); !problem.empty())
    return invalid("--client-name " + quote(*name), problem, "for example --client-name alice");
  user.name = *name;
  // --org "" asks for none, as kubeadm's string slice reads it.
  for (const auto& group : flags.list("org")) {
    if (group.empty()) continue;
    if (auto problem = subject_name_problem(group); !problem.empty())
      return invalid("--org " + quote(group), problem, "for example --org dev --org kubeadm:cluster-admins");
    user.groups.push_back(group);
  }
  if (flags.has("token")) {
    // Never echoed: it is a credential.
    auto token = flags.text("token").value_or("");
    if (token.empty())
      return invalid("--token", "it is empty", "give the token the user authenticates with, or drop --token");
    if (invalid_utf8_at(token) || control_character_at(token, false) || token.find(' ') != std::string::npos)
      return invalid("--token", "it holds a space, a control character or bytes that are not UTF-8",
                     "give the token as the API server knows it");
    user.token = token;
  }
  return user;
}

// --validity-period: a Go duration, kubeadm's default 8760h; positive, and warned about above the default.
Result<std::chrono::nanoseconds> requested_validity(const Context& context) {
  auto text = context.flags.text("validity-period");
  if (!text) return std::chrono::nanoseconds(constants::kCertificateValidity);
  auto fix = "for example --validity-period 720h (30 days) or 8760h (a year, the default)";
  auto validity = parse_go_duration(*text);
  if (!validity) return invalid("--validity-period " + quote(*text), validity.error().why, fix);
  if (*validity <= 0ns)
    return invalid("--validity-period " + quote(*text),
                   "it must be positive (the certificate is valid from now for this long)", fix);
  if (*validity > kMaxValidity)
    return invalid("--validity-period " + quote(*text), "it must be at most 876000h (100 years)", fix);
  if (*validity > constants::kCertificateValidity)
    context.reporter.warning("kubeconfig", "the validity period " + format_go_duration(*validity) +
                                               " is longer than the default " +
                                               format_go_duration(constants::kCertificateValidity) +
                                               "; a leaked kubeconfig stays usable that long");
  return *validity;
}

Status print_user_kubeconfig(Context& context) {
  auto user = KS_TRY(requested_user(context));
  auto validity = KS_TRY(requested_validity(context));
  if (!user.token.empty()) {
    // A token's groups and lifetime are the API server's business, not the kubeconfig's.
    if (!user.groups.empty())
      context.reporter.warning("kubeconfig",
                               "--org is ignored with --token: the API server decides the groups "
                               "of a token");
    if (context.flags.has("validity-period"))
      context.reporter.warning("kubeconfig",
                               "--validity-period is ignored with --token: the API server decides "
                               "how long a token is valid");
  }
  config::InitFlags flags;
  flags.config_path = context.flags.text("config");
  auto loaded = config::load_init_config(flags, context.host, {.detect_cri_socket = false});
  if (!loaded) return std::unexpected(with_file_only_fix(std::move(loaded.error())));
  for (const auto& warning : loaded->warnings) context.reporter.warning("config", warning);
  auto& config = loaded->config;
  // The flag decides, whatever the file says: kubeadm sets CertificateValidityPeriod from it.
  config.cluster.certificate_validity_period = validity;

  auto made = KS_TRY(kube::user_kubeconfig(user, config, context.host, context.reporter));
  auto text = kube::render_kubeconfig(made.kubeconfig);
  context.text_result = text;
  auto& result = context.result;
  result["kubeconfig"] = text;
  result["clientName"] = user.name;
  result["context"] = made.kubeconfig.context_name();
  result["server"] = made.kubeconfig.server;
  result["credential"] = user.token.empty() ? "client-certificate" : "token";
  if (made.certificate) {
    result["groups"] = user.groups;
    result["notBefore"] = format_rfc3339(made.certificate->not_before);
    result["notAfter"] = format_rfc3339(made.certificate->not_after);
  }
  return {};
}

}  // namespace

CommandGroup kubeconfig_group() {
  return {
      .path = "kubeconfig",
      .summary = "Make kubeconfig files for the cluster's users",
  };
}

CommandSpec kubeconfig_user_command() {
  return {
      .path = "kubeconfig user",
      .summary = "Print a kubeconfig for another user, with a client certificate the cluster CA signs",
      .flags =
          {
              Flag::text("client-name", "NAME", "The user's name, the certificate's CN (required)"),
              Flag::list_of("org", "GROUP,...",
                            "The user's groups, the certificate's O; repeat or separate with commas"),
              Flag::text("validity-period", "DURATION",
                         "How long the certificate is valid from now (default 8760h)"),
              Flag::text("token", "TOKEN",
                         "Authenticate with this bearer token instead of a client certificate"),
              Flag::text("config", "FILE",
                         "A kubeadm configuration file (v1beta4 or v1beta3): endpoint, cluster name, "
                         "certificatesDir, encryptionAlgorithm"),
          },
      .details =
          [] {
            return std::string(
                "The kubeconfig (with its private key) goes to stdout and nowhere else; keep it like a\n"
                "password. It reaches the cluster at controlPlaneEndpoint, else this node's advertise\n"
                "address, and trusts the cluster CA of certificatesDir (default /etc/kubernetes/pki).\n"
                "What the user may do is up to RBAC, for example:\n"
                "  kubestrap kubeconfig user --client-name alice --org dev > alice.conf\n"
                "  kubectl create clusterrolebinding dev-view --clusterrole view --group dev\n");
          },
      .run = print_user_kubeconfig,
  };
}

}  // namespace ks::cli

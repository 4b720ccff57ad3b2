// The built kubestrap binary, run as a user runs it: exit codes, messages, files, and nothing written on
// bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "base/base64.hpp"
#include "base/yaml_reader.hpp"
#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using testing::kubestrap;
using testing::snapshot;
using testing::TempDir;

const std::vector<std::string> kNodeFlags = {
    "--node-name",  "cp1",          "--apiserver-advertise-address",
    "192.168.1.10", "--cri-socket", "unix:///run/containerd/containerd.sock"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(Cli, VersionInTextAndJson) {
  auto text = kubestrap({"version"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("v1.32.4"), std::string::npos);
  auto json = nlohmann::json::parse(kubestrap({"version", "-o", "json"}).out);
  EXPECT_EQ(json["kubernetesVersion"], "v1.32.4");
  EXPECT_EQ(kubestrap({"version", "-o", "xml"}).exit_code, 3);
}

TEST(Cli, UnknownCommandAndHelp) {
  EXPECT_EQ(kubestrap({"inti"}).exit_code, 3);
  auto help = kubestrap({"init", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("certs"), std::string::npos);
  EXPECT_NE(help.out.find("apiserver-etcd-client"), std::string::npos);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
  auto phase_help = kubestrap({"init", "phase"});
  EXPECT_EQ(phase_help.exit_code, 3);
  EXPECT_NE(phase_help.out.find("kubelet-start"), std::string::npos);
}

TEST(Cli, DryRunWithoutRootWritesIntoAFreshTemporaryDirectory) {
  auto result = kubestrap(with({"init", "--dry-run"}, kNodeFlags));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto marker = std::string("The node's files are under ");
  auto at = result.out.find(marker);
  ASSERT_NE(at, std::string::npos) << result.out;
  auto root = result.out.substr(at + marker.size(), result.out.find('\n', at) - at - marker.size());
  EXPECT_TRUE(host::RootFiles(root).exists("/etc/kubernetes/admin.conf"));
  EXPECT_NE(result.out.find("[dryrun] Would run: systemctl restart kubelet"), std::string::npos);
  std::filesystem::remove_all(root);
}

TEST(Cli, BadInputExitsWithCode3AndWritesNothing) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  TempDir scratch;
  auto config = [&](const std::string& name, const std::string& text) {
    host::RootFiles("/").write_atomic(scratch.path() + "/" + name, text, 0644).value();
    return scratch.path() + "/" + name;
  };
  std::vector<Case> cases = {
      {{"--pod-network-cidr", "10.244.0.0/33"}, "--pod-network-cidr"},
      {{"--pod-network-cidr", "10.96.0.0/16"}, "overlaps the service range"},
      {{"--service-cidr", "not-a-cidr"}, "--service-cidr"},
      {{"--apiserver-advertise-address", "1.2.3.4.5"}, "--apiserver-advertise-address"},
      {{"--apiserver-bind-port", "0"}, "--apiserver-bind-port"},
      {{"--node-name", "Not_Valid"}, "--node-name"},
      {{"--kubernetes-version", "v2"}, "invalid Kubernetes version"},
      {{"--skip-phases", "certz"}, "unknown phase"},
      {{"--apiserver-bind-port", "abc"}, "apiserver-bind-port"},
      {{"--no-such-flag"}, "no-such-flag"},
      {{"--config", "/nonexistent/kubestrap.yaml"}, "cannot read the config file"},
      {{"--config", config("kind.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\nkind: Foo\n")},
       "unknown kind \"Foo\""},
      {{"--config", config("type.yaml",
                           "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  "
                           "podSubnet: 42\n")},
       "networking.podSubnet: expected a string"},
      {{"--config", config("api.yaml", "apiVersion: kubeadm.k8s.io/v1alpha1\nkind: InitConfiguration\n")},
       "unsupported apiVersion"},
      {{"--token", "ABCDEF.0123456789abcdef"}, "abcdef.0123456789abcdef"},
      {{"--token-ttl", "a day"}, "--token-ttl"},
  };
  for (const auto& c : cases) {
    TempDir root;
    host::RootFiles(root.path()).write_atomic("/etc/existing", "keep me", 0644).value();
    auto before = snapshot(root.path());
    // Flags given explicitly come last so that they win over the defaults of kNodeFlags where both appear.
    std::vector<std::string> args = {"init", "--dry-run", "--root-dir", root.path()};
    bool uses_config = c.args.front() == "--config";
    if (!uses_config) args = with(args, kNodeFlags);
    auto result = kubestrap(with(args, c.args));
    EXPECT_EQ(result.exit_code, 3) << c.message << "\n" << result.out << result.err;
    EXPECT_NE(result.err.find(c.message), std::string::npos) << result.err;
    EXPECT_EQ(snapshot(root.path()), before) << c.message;
  }
}

TEST(Cli, ExistingDifferentStateIsAConflictAndIsKept) {
  TempDir root;
  host::RootFiles files(root.path());
  files.write_atomic("/etc/kubernetes/manifests/etcd.yaml", "not ours\n", 0600).value();
  auto result = kubestrap(with({"init", "--dry-run", "--root-dir", root.path()}, kNodeFlags));
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("already exists with different content"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("to fix:"), std::string::npos);
  EXPECT_EQ(files.read("/etc/kubernetes/manifests/etcd.yaml").value(), "not ours\n");
}

TEST(Cli, RunningTwiceReusesEverything) {
  TempDir root;
  auto first = kubestrap(with({"init", "--dry-run", "--root-dir", root.path()}, kNodeFlags));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto before = snapshot(root.path());
  auto second = kubestrap(with({"init", "--dry-run", "--root-dir", root.path()}, kNodeFlags));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(snapshot(root.path()), before);
  EXPECT_EQ(second.out.find("Generating"), std::string::npos) << second.out;
}

TEST(Cli, PhasesRunAloneAndCertDirIsHonoured) {
  TempDir root;
  auto certs = kubestrap(with(
      {"init", "phase", "certs", "all", "--root-dir", root.path(), "--cert-dir", "/tmp/pki"}, kNodeFlags));
  ASSERT_EQ(certs.exit_code, 0) << certs.err;
  host::RootFiles files(root.path());
  EXPECT_TRUE(files.exists("/tmp/pki/ca.crt"));
  EXPECT_TRUE(files.exists("/tmp/pki/etcd/server.key"));
  EXPECT_FALSE(files.exists("/etc/kubernetes"));
  auto admin = kubestrap(
      with({"init", "phase", "kubeconfig", "admin", "--root-dir", root.path(), "--cert-dir", "/tmp/pki"},
           kNodeFlags));
  ASSERT_EQ(admin.exit_code, 0) << admin.err;
  EXPECT_TRUE(files.exists("/etc/kubernetes/admin.conf"));
  EXPECT_FALSE(files.exists("/etc/kubernetes/kubelet.conf"));
  // The addons need admin.conf, which lives under the default /etc/kubernetes only.
  std::filesystem::remove(root.path() + "/etc/kubernetes/admin.conf");
  auto addon = kubestrap(with({"init", "phase", "addon", "--root-dir", root.path()}, kNodeFlags));
  EXPECT_EQ(addon.exit_code, 1);
  EXPECT_NE(addon.err.find("run 'kubestrap init phase kubeconfig' first"), std::string::npos) << addon.err;
}

TEST(Cli, JsonOutputDescribesEveryPhase) {
  TempDir root;
  auto result = kubestrap(
      with({"init", "--dry-run", "--root-dir", root.path(), "-o", "json", "--skip-phases", "kubelet-start"},
           kNodeFlags));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document["rootDir"], root.path());
  std::map<std::string, std::string> status;
  for (const auto& phase : document["phases"]) status[phase["phase"]] = phase["status"];
  EXPECT_EQ(status["certs"], "done");
  EXPECT_EQ(status["kubelet-start"], "skipped");
  EXPECT_EQ(status["addon"], "done");
  // A dry run prints the API requests it would send, and still gives a script the join details.
  EXPECT_EQ(document["token"].get<std::string>().size(), 23u);
  EXPECT_EQ(document["apiServerEndpoint"], "192.168.1.10:6443");
  EXPECT_TRUE(document["caCertHashes"][0].get<std::string>().starts_with("sha256:"));
  EXPECT_NE(result.out.find("Would POST /api/v1/namespaces/kube-system/secrets"), std::string::npos);
  auto token_secret = document["token"].get<std::string>().substr(7);
  EXPECT_EQ(result.out.find(base64_encode(token_secret)),
            std::string::npos);  // the Secret's data is withheld
  EXPECT_NE(result.out.find("Would PATCH /api/v1/nodes/cp1"), std::string::npos);
  std::set<std::string> written(document["filesWritten"].begin(), document["filesWritten"].end());
  EXPECT_TRUE(written.contains("/etc/kubernetes/pki/ca.key"));
  EXPECT_TRUE(written.contains("/etc/kubernetes/admin.conf"));
  EXPECT_TRUE(written.contains("/etc/kubernetes/manifests/kube-apiserver.yaml"));
  EXPECT_FALSE(written.contains("/var/lib/kubelet/config.yaml"));  // kubelet-start was skipped
}

TEST(Cli, JoinPreflightRunsAloneAndJoinRefusesAnUnpinnedCluster) {
  TempDir root;
  auto result =
      kubestrap({"join", "phase", "preflight", "--dry-run", "--root-dir", root.path(), "--node-name", "w1",
                 "-o", "json", "--cri-socket", "unix:///run/containerd/containerd.sock"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto document = nlohmann::json::parse(result.out);
  std::set<std::string> names;
  for (const auto& check : document["checks"]) names.insert(check["name"].get<std::string>());
  EXPECT_TRUE(names.contains("FileAvailable--etc-kubernetes-pki-ca.crt"));
  EXPECT_FALSE(names.contains("Port-6443"));
  // Without a CA pin (or the explicit unsafe flag) nothing is even asked of the server.
  auto join = kubestrap({"join", "10.0.0.1:6443", "--token", "abcdef.0123456789abcdef", "--root-dir",
                         root.path(), "--node-name", "w1"});
  EXPECT_EQ(join.exit_code, 3);
  EXPECT_NE(join.err.find("--discovery-token-unsafe-skip-ca-verification"), std::string::npos) << join.err;
  EXPECT_NE(join.err.find("kubestrap certs ca-hash"), std::string::npos) << join.err;
}

// Token arguments are checked before the kubeconfig is even read: each refusal names its flag, exits 3.
TEST(Cli, TokenArgumentsAreRefusedBeforeAnyRequest) {
  TempDir root;  // no admin.conf: a check that passed would fail later, on reading it
  for (const auto& [args, named] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"token", "create", "--ttl", "abc"}, "--ttl"},
           {{"token", "create", "--ttl", "-1h"}, "--ttl"},
           {{"token", "create", "--usages", "signing,admin"}, "\"admin\""},
           {{"token", "create", "--groups", "system:masters"}, "--groups"},
           {{"token", "create", "--usages", "signing"}, "authentication usage"},
           {{"token", "create", "ABCDEF.0123456789abcdef"}, "abcdef.0123456789abcdef"},
           {{"token", "delete", "abcdef", "nope"}, "argument 2"},
           {{"token", "create", "--certificate-key", std::string(64, 'a')}, "--print-join-command"},
           {{"token", "create", "--print-join-command", "--certificate-key", "abc"}, "64 hex digits"}}) {
    auto full = args;
    full.insert(full.end(), {"--root-dir", root.path()});
    auto result = kubestrap(full);
    EXPECT_EQ(result.exit_code, 3) << args[2] << ": " << result.err;
    EXPECT_NE(result.err.find(named), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("admin.conf"), std::string::npos) << result.err;
  }
  EXPECT_EQ(kubestrap({"token", "generate"}).out.size(), 24u);
}

TEST(Cli, PreflightFailureExitsWith2AndNamesTheIgnoreFlag) {
  TempDir root;
  // A root with its own /proc: forwarding off, so a real (not dry) run must stop.
  host::RootFiles files(root.path());
  files.write_atomic("/proc/sys/net/ipv4/ip_forward", "0\n", 0644).value();
  files.write_atomic("/proc/sys/kernel/hostname", "cp1\n", 0644).value();
  auto result = kubestrap(with({"init", "phase", "preflight", "--root-dir", root.path()}, kNodeFlags));
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("[ERROR FileContent--proc-sys-net-ipv4-ip_forward]"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("--ignore-preflight-errors="), std::string::npos);
  auto ignored = kubestrap(
      with({"init", "phase", "preflight", "--root-dir", root.path(), "--ignore-preflight-errors", "all"},
           kNodeFlags));
  EXPECT_EQ(ignored.exit_code, 0) << ignored.err;
}

// Every command, the ones to come included, runs on one scaffold: these pin what they share.
struct CommandLine {
  std::vector<std::string> args;
  std::string path;  // the command's name, as its messages and JSON documents give it
};
const std::vector<CommandLine> kEveryCommand = {
    {{"init"}, "init"},
    {{"init", "phase", "certs"}, "init phase"},
    {{"join", "phase", "preflight"}, "join phase"},
    {{"config", "images", "list"}, "config images list"},
    {{"config", "images", "pull"}, "config images pull"},
    {{"config", "print", "init-defaults"}, "config print init-defaults"},
    {{"config", "print", "join-defaults"}, "config print join-defaults"},
    {{"config", "validate"}, "config validate"},
    {{"config", "migrate"}, "config migrate"},
    {{"version"}, "version"}};

std::set<std::string> keys(const nlohmann::json& object) {
  std::set<std::string> names;
  for (const auto& [key, value] : object.items()) names.insert(key);
  return names;
}

TEST(Cli, EveryCommandAnswersTheSameMistakeWithTheSameJsonErrorDocument) {
  struct Mistake {
    std::vector<std::string> args;
    std::string why;
  };
  std::vector<Mistake> mistakes = {
      {{"--no-such-flag"}, "unknown flag --no-such-flag"},
      {{"--no-such-flag=1"}, "unknown flag --no-such-flag"},
      {{"-v", "9"}, "--verbose \"9\": expected 0 (warnings), 1 (info) or 2 (debug)"},
      {{"--root-dir", ""}, "--root-dir: the root directory is empty"},
  };
  const std::set<std::string> document_keys = {"command",  "error",  "exitCode",
                                               "messages", "phases", "warnings"};
  const std::set<std::string> error_keys = {"what", "why", "fix", "kind", "message", "exitCode"};
  for (const auto& command : kEveryCommand) {
    for (const auto& mistake : mistakes) {
      auto args = with(with(command.args, mistake.args), {"-o", "json"});
      SCOPED_TRACE(command.path + " " + mistake.args.front());
      auto result = kubestrap(args);
      EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
      EXPECT_EQ(result.err, "");
      auto document = nlohmann::json::parse(result.out, nullptr, false);  // one document, nothing else
      ASSERT_FALSE(document.is_discarded()) << result.out;
      EXPECT_EQ(keys(document), document_keys);
      EXPECT_EQ(keys(document["error"]), error_keys);
      EXPECT_EQ(document["command"], command.path);
      EXPECT_EQ(document["exitCode"], 3);
      EXPECT_EQ(document["error"]["exitCode"], 3);
      EXPECT_EQ(document["error"]["kind"], "InvalidInput");
      EXPECT_NE(document["error"]["message"].get<std::string>().find(mistake.why), std::string::npos);
      EXPECT_FALSE(document["error"]["fix"].get<std::string>().empty());
    }
    // The same mistake as text: the error and its fix on stderr, nothing on stdout.
    auto text = kubestrap(with(command.args, {"--no-such-flag"}));
    EXPECT_EQ(text.exit_code, 3);
    EXPECT_EQ(text.out, "");
    EXPECT_NE(text.err.find("error: kubestrap " + command.path +
                            ": unknown flag --no-such-flag\n  to fix: see "
                            "'kubestrap " +
                            command.path + " --help'"),
              std::string::npos)
        << text.err;
  }
}

TEST(Cli, EveryCommandsHelpListsTheCommonFlags) {
  for (const auto& command : kEveryCommand) {
    SCOPED_TRACE(command.path);
    auto help = kubestrap(with(command.args, {"--help"}));
    EXPECT_EQ(help.exit_code, 0) << help.err;
    auto common = help.out.find("\nCommon flags:\n");
    ASSERT_NE(common, std::string::npos) << help.out;
    EXPECT_NE(help.out.find("\nUsage:\n  kubestrap " + command.path + " "), std::string::npos) << help.out;
    for (const auto* flag : {"      --root-dir DIR ", "  -o, --output text|json|yaml ",
                             "  -v, --verbose 0|1|2 ", "  -h, --help ", "\nExit codes: "})
      EXPECT_NE(help.out.find(flag, common), std::string::npos) << flag;
    bool dry_run = command.path.starts_with("init") || command.path.starts_with("join");
    EXPECT_EQ(help.out.find("      --dry-run ", common) != std::string::npos, dry_run);
  }
}

// -o yaml is the same document as -o json, as kubeadm's token list -o yaml is its JSON's.
TEST(Cli, YamlOutputIsTheJsonDocumentAsYaml) {
  auto json = kubestrap({"token", "generate", "-o", "json"});
  auto yaml = kubestrap({"token", "generate", "-o", "yaml"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  ASSERT_EQ(yaml.exit_code, 0) << yaml.err;
  auto from_json = nlohmann::json::parse(json.out);
  auto from_yaml = parse_yaml(yaml.out).value();
  EXPECT_EQ(from_yaml["command"], "token generate");
  EXPECT_EQ(from_yaml["exitCode"], 0);
  EXPECT_EQ(from_yaml["token"].get<std::string>().size(), 23u);
  from_json.erase("token");
  from_yaml.erase("token");
  EXPECT_EQ(from_yaml, from_json);
  auto failed = kubestrap({"token", "delete", "-o", "yaml"});
  EXPECT_EQ(failed.exit_code, 3);
  EXPECT_EQ(parse_yaml(failed.out).value()["error"]["kind"], "InvalidInput") << failed.out;
}

TEST(Cli, AFailedCommandPrintsOneJsonDocumentAndNothingAroundIt) {
  // No container runtime answers on this socket: the pull fails before any image, as one error document.
  TempDir root;
  auto pull = kubestrap({"config", "images", "pull", "--root-dir", root.path(), "--cri-socket",
                         "unix:///run/kubestrap-test-none.sock", "-o", "json"});
  EXPECT_EQ(pull.exit_code, 1) << pull.out << pull.err;
  EXPECT_EQ(pull.err, "");
  auto document = nlohmann::json::parse(pull.out, nullptr, false);
  ASSERT_FALSE(document.is_discarded()) << pull.out;
  EXPECT_EQ(document["exitCode"], 1);
  EXPECT_EQ(document["error"]["kind"], "Failure");
  EXPECT_NE(document["error"]["what"].get<std::string>().find("kubestrap-test-none.sock"), std::string::npos);
}

TEST(Cli, GroupsWithoutACommandSayWhatThereIs) {
  auto config = kubestrap({"config", "-o", "json"});
  EXPECT_EQ(config.exit_code, 3);
  auto document = nlohmann::json::parse(config.out, nullptr, false);
  ASSERT_FALSE(document.is_discarded()) << config.out;
  EXPECT_EQ(document["error"]["exitCode"], 3);
  EXPECT_NE(document["error"]["why"].get<std::string>().find("'kubestrap config images list'"),
            std::string::npos);
  auto help = kubestrap({"config", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("kubestrap config images pull"), std::string::npos) << help.out;
  auto join = kubestrap({"join", "phase"});
  EXPECT_EQ(join.exit_code, 3);
  EXPECT_NE(join.out.find("Phases (in order):"), std::string::npos) << join.out;
  EXPECT_NE(join.out.find("kubelet-start"), std::string::npos) << join.out;
}

TEST(Cli, RootDirComesFromTheEnvironmentWhenNotGiven) {
  TempDir root;
  auto result = testing::run(with(
      {"env", "KUBESTRAP_ROOT_DIR=" + root.path(), KS_BINARY, "init", "phase", "certs", "ca"}, kNodeFlags));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(host::RootFiles(root.path()).exists("/etc/kubernetes/pki/ca.crt"));
}

}  // namespace
}  // namespace ks

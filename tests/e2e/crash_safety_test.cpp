// Crash safety: the kubestrap binary is killed with SIGKILL at spread-out moments of a local init, then the
// same init runs again. It must finish, leave no torn or temporary file, and leave the node in the state an
// uninterrupted init leaves, as the real openssl, kubectl and etcd see it.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/process.hpp>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "base/base64.hpp"
#include "tests/support/run.hpp"
#include "tests/support/static_pod_command.hpp"
#include "tests/support/test_host.hpp"

extern char** environ;

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace ks {
namespace {

using testing::run;
using testing::TempDir;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;

// Every certificate kubestrap writes and the CA that signs it.
const std::map<std::string, std::string> kSigners = {
    {"ca", "ca"},
    {"apiserver", "ca"},
    {"apiserver-kubelet-client", "ca"},
    {"front-proxy-ca", "front-proxy-ca"},
    {"front-proxy-client", "front-proxy-ca"},
    {"etcd/ca", "etcd/ca"},
    {"etcd/server", "etcd/ca"},
    {"etcd/peer", "etcd/ca"},
    {"etcd/healthcheck-client", "etcd/ca"},
    {"apiserver-etcd-client", "etcd/ca"},
};
const std::string kPki = "/etc/kubernetes/pki/";

// A config file outside the node's root; the advertise address is a loopback one so that etcd can start
// from the rendered manifest.
std::string write_config(const std::string& directory, const std::string& algorithm) {
  auto path = directory + "/kubeadm.yaml";
  host::Files("/")
      .write_atomic(path,
                    "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nencryptionAlgorithm: " +
                        algorithm +
                        "\nnetworking:\n  podSubnet: 10.244.0.0/16\n---\napiVersion: kubeadm.k8s.io/v1beta4\n"
                        "kind: InitConfiguration\nnodeRegistration:\n  name: cp1\n  criSocket: "
                        "unix:///run/containerd/containerd.sock\n"
                        "localAPIEndpoint:\n  advertiseAddress: 127.0.0.2\n",
                    0644)
      .value();
  return path;
}

// A local init: every phase runs and writes the node's files (certificates, kubeconfigs, manifests, kubelet
// files, the kubelet unit) under the root; --dry-run prints the commands and API requests instead of running
// them, so no cluster and no root privileges are needed.
std::vector<std::string> init_command(const std::string& root, const std::string& config) {
  return {"init", "--dry-run", "--root-dir", root, "--config", config};
}

// The binary as a child in its own process group, output to a log outside the root.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& log) {
    std::vector<std::string> argv = {KS_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (auto& arg : argv) c_argv.push_back(arg.data());
    c_argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    started_ = Clock::now();
    int error = posix_spawn(&pid_, argv[0].c_str(), &actions, &attributes, c_argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) throw std::runtime_error("posix_spawn " + argv[0] + ": " + std::strerror(error));
  }
  ~Child() {
    if (pid_ > 0) kill_at(Millis(0));
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // SIGKILL to the whole group `delay` after the start (at once if that moment has passed); true when the
  // signal ended it, false when it had already exited.
  bool kill_at(Millis delay) {
    std::this_thread::sleep_until(started_ + std::chrono::duration_cast<Clock::duration>(delay));
    ::kill(-pid_, SIGKILL);
    int status = wait();
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }
  Clock::time_point started() const { return started_; }

 private:
  pid_t pid_ = -1;
  Clock::time_point started_;
};

bool is_temporary(const fs::path& path) {
  static const std::regex temporary(R"(^\..*\.tmp.*$)");
  return std::regex_match(path.filename().string(), temporary);
}

// Files whose bytes are a pure function of the configuration, so the same in every run: all but the PKI
// and the kubeconfigs, which embed keys and certificates.
bool is_deterministic(const std::string& relative) {
  bool kubeconfig = relative.starts_with("/etc/kubernetes/") && relative.ends_with(".conf") &&
                    relative.find('/', std::string("/etc/kubernetes/").size()) == std::string::npos;
  return !relative.starts_with(kPki) && !kubeconfig;
}

std::string relative_to(const std::string& root, const fs::path& path) {
  return path.string().substr(root.size());
}

std::vector<std::string> temporary_files(const std::string& root) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (is_temporary(entry.path())) found.push_back(relative_to(root, entry.path()));
  return found;
}

std::string excerpt(const std::string& text) {
  return text.size() <= 160 ? text : text.substr(0, 160) + "…";
}

// Everything checked about a node, as named facts; a correct node's facts equal an uninterrupted init's.
using Facts = std::map<std::string, std::string>;

// A certificate and its key, both as files, and the CA certificate that must verify it.
struct Pair {
  std::string name, crt, key, ca;
};

// What `openssl storeutl -text` prints about one object of a PEM bundle, line by line, trimmed.
struct StoredObject {
  std::string kind;  // "Certificate", "Pkey", "Public key"
  std::vector<std::string> lines;
};

std::vector<StoredObject> stored_objects(const std::string& text) {
  static const std::regex header(R"(^\d+: (.+)$)");
  std::vector<StoredObject> objects;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, header)) {
      objects.push_back({m[1].str(), {}});
    } else if (!objects.empty() && !line.starts_with("Total found:")) {
      auto first = line.find_first_not_of(' ');
      objects.back().lines.push_back(first == std::string::npos ? "" : line.substr(first));
    }
  }
  return objects;
}

// The public value openssl prints for a key or a certificate: the hex under "pub:" (EC) or "Modulus:" (RSA).
std::string public_value(const StoredObject& object) {
  static const std::regex hex(R"(^[0-9a-f:]+$)");
  std::string value;
  bool in_value = false;
  for (const auto& line : object.lines) {
    if (line == "pub:" || line == "Modulus:" || line == "modulus:") {
      in_value = true;
    } else if (in_value && std::regex_match(line, hex)) {
      value += line;
    } else if (in_value) {
      break;
    }
  }
  return value;
}

long long epoch_seconds(const std::string& openssl_time) {  // "Dec  2 06:14:44 2026 GMT"
  std::tm tm{};
  std::istringstream(openssl_time) >> std::get_time(&tm, "%b %d %H:%M:%S %Y");
  return static_cast<long long>(timegm(&tm));
}

// What a certificate says, without what differs between two correct runs (serial, dates, key and
// signature values, key identifiers): names, key type, validity period, extensions.
std::string certificate_fields(const StoredObject& object) {
  std::string fields;
  long long not_before = 0;
  bool in_extensions = false, in_identifier = false;
  for (const auto& line : object.lines) {
    if (line.starts_with("Not Before: ")) not_before = epoch_seconds(line.substr(12));
    if (line.starts_with("Not After : "))
      fields +=
          "valid for " + std::to_string((epoch_seconds(line.substr(12)) - not_before) / 3600) + " hours\n";
    for (const char* kept : {"Issuer:", "Subject:", "Public-Key:", "NIST CURVE:", "Exponent:"})
      if (line.starts_with(kept)) fields += line + "\n";
    if (line == "X509v3 extensions:") {
      in_extensions = true;
    } else if (in_extensions && line.starts_with("Signature Algorithm:")) {
      in_extensions = false;
    } else if (in_extensions && line.starts_with("X509v3 ")) {
      in_identifier = line.find("Key Identifier") != std::string::npos;  // its value differs every run
      fields += line + "\n";
    } else if (in_extensions && !in_identifier) {
      fields += line + "\n";
    }
  }
  return fields;
}

// The real openssl over every pair: one storeutl call reads every certificate and key, one verify call
// per CA checks the chains.
void pair_facts(const std::vector<Pair>& pairs, const std::string& scratch, Facts& facts) {
  std::string bundle;
  for (const auto& pair : pairs)
    for (const auto& file : {pair.crt, pair.key}) bundle += host::Files("/").read(file).value_or("") + "\n";
  host::Files("/").write_atomic(scratch + "/bundle.pem", bundle, 0600).value();
  auto stored = run({"openssl", "storeutl", "-noout", "-text", scratch + "/bundle.pem"});
  auto objects = stored_objects(stored.out);
  if (stored.exit_code != 0 || objects.size() != 2 * pairs.size()) {
    facts["openssl storeutl"] = "FAILED: " + std::to_string(objects.size()) + " objects in " +
                                std::to_string(2 * pairs.size()) + " files: " + stored.err;
    return;
  }
  std::map<std::string, std::vector<std::string>> by_ca;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto &certificate = objects[2 * i], &key = objects[2 * i + 1];
    facts["openssl fields of " + pairs[i].name] = certificate.kind + "\n" + certificate_fields(certificate);
    auto value = public_value(key);
    facts["openssl key of " + pairs[i].name] =
        key.kind == "Pkey" && !value.empty() && value == public_value(certificate)
            ? "matches its certificate"
            : "FAILED: a " + key.kind + " with another public value";
    by_ca[pairs[i].ca].push_back(pairs[i].crt);
  }
  for (const auto& [ca, certificates] : by_ca) {
    std::vector<std::string> argv = {"openssl", "verify", "-CAfile", ca, "-purpose", "any"};
    argv.insert(argv.end(), certificates.begin(), certificates.end());
    auto verify = run(argv);
    for (size_t i = 0; i < pairs.size(); ++i)
      if (pairs[i].ca == ca)
        facts["openssl verify " + pairs[i].name] =
            verify.out.find(pairs[i].crt + ": OK\n") != std::string::npos
                ? "ok with " + ca.substr(ca.rfind("/pki/") + 5)
                : "FAILED: " + verify.out + verify.err;
  }
}

void service_account_facts(const std::string& root, const std::string& scratch, Facts& facts) {
  auto key = host::Files(root).read(kPki + "sa.key"), pub = host::Files(root).read(kPki + "sa.pub");
  if (!key || !pub) return;  // the path facts already say what is missing
  host::Files("/").write_atomic(scratch + "/sa.pem", *key + "\n" + *pub, 0600).value();
  auto objects = stored_objects(run({"openssl", "storeutl", "-noout", "-text", scratch + "/sa.pem"}).out);
  facts["openssl sa.pub"] = objects.size() == 2 && !public_value(objects[0]).empty() &&
                                    public_value(objects[0]) == public_value(objects[1])
                                ? "belongs to sa.key"
                                : "FAILED: sa.key and sa.pub do not make a pair";
}

// The real kubectl loads every kubeconfig; what it shows must be the reference's, apart from the embedded
// data, which must be the CA on disk and a client certificate of that CA with its key.
std::vector<Pair> kubeconfig_facts(const std::string& root, const std::string& scratch, Facts& facts) {
  std::vector<Pair> clients;
  auto ca = host::Files(root).read(kPki + "ca.crt").value_or("");
  for (const auto& entry : fs::directory_iterator(root + "/etc/kubernetes")) {
    auto name = entry.path().filename().string();
    if (!name.ends_with(".conf")) continue;
    // kubectl's view of bytes it has seen already is known: a copied file need not be read again.
    static std::map<std::string, host::ProcessResult> views;
    auto bytes = host::Files("/").read(entry.path().string()).value_or("");
    if (!views.contains(bytes))
      views[bytes] =
          run({"kubectl", "config", "view", "--raw", "-o", "json", "--kubeconfig", entry.path().string()});
    const auto& view = views[bytes];
    if (view.exit_code != 0) {
      facts["kubectl " + name] = "FAILED: " + view.err;
      continue;
    }
    auto config = nlohmann::json::parse(view.out);
    auto& cluster = config["clusters"][0]["cluster"];
    auto& user = config["users"][0]["user"];
    facts["kubectl " + name + " trusts"] =
        base64_decode(cluster.value("certificate-authority-data", "")) == ca ? "ca.crt"
                                                                             : "FAILED: another CA";
    Pair client{name + " client", scratch + "/" + name + ".crt", scratch + "/" + name + ".key",
                root + kPki + "ca.crt"};
    host::Files("/")
        .write_atomic(client.crt, base64_decode(user.value("client-certificate-data", "")).value_or(""), 0600)
        .value();
    host::Files("/")
        .write_atomic(client.key, base64_decode(user.value("client-key-data", "")).value_or(""), 0600)
        .value();
    clients.push_back(client);
    cluster.erase("certificate-authority-data");
    user.erase("client-certificate-data");
    user.erase("client-key-data");
    facts["kubectl " + name] = config.dump();
  }
  return clients;
}

Facts observe(const std::string& root, const std::string& scratch) {
  Facts facts;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (is_temporary(entry.path())) continue;  // asserted apart, with a clearer message
    auto relative = relative_to(root, entry.path());
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", testing::mode_of(entry.path()));
    if (entry.is_directory()) {
      facts["path " + relative] = std::string("directory ") + mode;
      continue;
    }
    facts["path " + relative] = std::string("file ") + mode + (entry.file_size() == 0 ? " EMPTY" : "");
    if (is_deterministic(relative))
      facts["content " + relative] = host::Files("/").read(entry.path().string()).value_or("<unreadable>");
  }
  auto pairs = kubeconfig_facts(root, scratch, facts);
  for (const auto& [base, ca] : kSigners)
    if (fs::exists(root + kPki + base + ".crt") && fs::exists(root + kPki + base + ".key"))
      pairs.push_back(
          {base, root + kPki + base + ".crt", root + kPki + base + ".key", root + kPki + ca + ".crt"});
  pair_facts(pairs, scratch, facts);
  service_account_facts(root, scratch, facts);
  return facts;
}

std::string differences(const Facts& expected, const Facts& actual) {
  std::string text;
  for (const auto& [name, value] : expected) {
    auto it = actual.find(name);
    if (it == actual.end())
      text += "  missing: " + name + "\n";
    else if (it->second != value)
      text += "  " + name + ": expected \"" + excerpt(value) + "\", got \"" + excerpt(it->second) + "\"\n";
  }
  for (const auto& [name, value] : actual)
    if (!expected.contains(name)) text += "  unexpected: " + name + " (" + excerpt(value) + ")\n";
  return text;
}

// A killed run may leave files missing, never a final file that is empty or cut short: deterministic files
// are the whole reference text and PEM files end with their END line.
std::string torn_files(const std::string& root, const Facts& reference) {
  std::string text;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || is_temporary(entry.path())) continue;
    auto relative = relative_to(root, entry.path());
    auto content = host::Files("/").read(entry.path().string()).value_or("");
    bool pem = relative.starts_with(kPki);
    auto expected = reference.find("content " + relative);
    if (content.empty() || (expected != reference.end() && expected->second != content) ||
        (pem && (!content.starts_with("-----BEGIN ") || !content.ends_with("-----\n"))))
      text += "  " + relative + " (" + std::to_string(content.size()) + " bytes)\n";
  }
  return text;
}

// The directories above `directory` (a node path), made in `root` with the modes they have in `from`.
void copy_parents(const std::string& from, const std::string& root, const fs::path& directory) {
  fs::path node_path = "/";
  for (const auto& part : directory.relative_path()) {
    node_path /= part;
    if (fs::exists(root + node_path.string())) continue;
    fs::create_directory(root + node_path.string());
    fs::permissions(root + node_path.string(), fs::perms(testing::mode_of(from + node_path.string())));
  }
}

size_t regular_files(const std::string& root) {
  size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    count += entry.is_regular_file() && !is_temporary(entry.path());
  return count;
}

// Debian's etcd, started with the command line of the rendered etcd.yaml, serves kubestrap's client
// certificates. Returns what went wrong, or nothing.
std::string etcd_problems(const std::string& root) {
  auto command = testing::static_pod_command(root, "/etc/kubernetes/manifests/etcd.yaml");
  bp::ipstream log;
  bp::child etcd(bp::search_path("etcd"),
                 bp::args(std::vector<std::string>(command.begin() + 1, command.end())),
                 bp::std_out > bp::null, bp::std_err > log, bp::std_in.close());
  std::string output;
  bool ready = false;
  // etcd announces readiness on stderr; wait for that line rather than sleeping.
  for (std::string line; !ready && std::getline(log, line);) {
    output += line + "\n";
    ready = line.find("ready to serve client requests") != std::string::npos;
  }
  if (!ready) return "etcd exited before it was ready:\n" + output;
  std::jthread drain([&log] {  // etcd must never block on a full pipe
    for (std::string line; std::getline(log, line);) {
    }
  });
  struct Stop {  // before the drain is joined, whatever happens
    bp::child& etcd;
    ~Stop() {
      if (etcd.running()) etcd.terminate();
    }
  } stop{etcd};
  auto etcdctl = [&](const std::string& client, std::vector<std::string> args) {
    std::vector<std::string> argv = {"etcdctl",
                                     "--endpoints=https://127.0.0.2:2379",
                                     "--cacert=" + root + kPki + "etcd/ca.crt",
                                     "--cert=" + root + kPki + client + ".crt",
                                     "--key=" + root + kPki + client + ".key",
                                     "--dial-timeout=3s",
                                     "--command-timeout=3s"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  };
  std::string problems;
  auto health = etcdctl("etcd/healthcheck-client", {"endpoint", "health"});
  if (health.exit_code != 0) problems += "endpoint health: " + health.out + health.err;
  auto put = etcdctl("apiserver-etcd-client", {"put", "/registry/kubestrap", "hello"});
  auto get = etcdctl("apiserver-etcd-client", {"get", "/registry/kubestrap", "--print-value-only"});
  if (put.exit_code != 0 || get.out != "hello\n") problems += "put/get: " + put.err + get.err + get.out;
  return problems;
}

class CrashSafety : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"openssl", "kubectl", "etcd", "etcdctl"})
      if (!testing::on_path(tool)) {
        GTEST_FAIL() << tool << " missing: run scripts/install-deps.sh";
      }
  }

  // An uninterrupted init into the reference root: its facts are what every rerun must reach.
  void make_reference(const std::string& algorithm) {
    config = write_config(outside.path(), algorithm);
    auto start = Clock::now();
    auto init = testing::kubestrap(with_json(init_command(reference_root.path(), config)));
    reference_duration = Clock::now() - start;
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    auto document = nlohmann::json::parse(init.out);
    for (const auto& path : document["filesWritten"]) written.push_back(path);
    reference = observe(reference_root.path(), outside.path());
    for (const char* path : {"/etc/kubernetes/pki/etcd/server.key", "/etc/kubernetes/super-admin.conf",
                             "/etc/kubernetes/manifests/kube-apiserver.yaml", "/var/lib/kubelet/config.yaml",
                             "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"})
      ASSERT_TRUE(reference.contains(std::string("path ") + path)) << path;
    for (const auto& [name, value] : reference)
      ASSERT_FALSE(value.starts_with("FAILED")) << name << ": " << value;
    ASSERT_EQ(temporary_files(reference_root.path()), std::vector<std::string>{});
    ASSERT_EQ(regular_files(reference_root.path()), written.size());
  }

  static std::vector<std::string> with_json(std::vector<std::string> args) {
    args.insert(args.end(), {"-o", "json"});
    return args;
  }

  // After an interrupted init in `root`, the same init again must finish and reach the reference.
  void expect_rerun_reaches_reference(const std::string& root) {
    auto torn = torn_files(root, reference);
    EXPECT_TRUE(torn.empty()) << "torn files after the interruption:\n" << torn;
    auto left = temporary_files(root);
    auto rerun = testing::kubestrap(init_command(root, config));
    ASSERT_EQ(rerun.exit_code, 0) << "the init after the interruption failed:\n" << rerun.out << rerun.err;
    EXPECT_EQ(temporary_files(root), std::vector<std::string>{})
        << "temporary files left after the rerun (" << left.size() << " after the interruption)";
    auto differ = differences(reference, observe(root, outside.path()));
    EXPECT_TRUE(differ.empty()) << "the node differs from an uninterrupted init's:\n" << differ;
  }

  // Inits killed at moments spread over `duration`, each followed by the same init again; etcd starts from
  // the result after the kills in `etcd_after`.
  void kill_at_spread_moments(int kills, Millis duration, const std::set<int>& etcd_after) {
    std::string summary;
    int mid_write = 0;
    for (int i = 0; i < kills; ++i) {
      Millis delay = duration * (i + 0.5) / kills;
      char label[96];
      std::snprintf(label, sizeof label, "kill %d/%d at %.1f ms of %.1f", i + 1, kills, delay.count(),
                    duration.count());
      SCOPED_TRACE(label);
      TempDir root;
      bool killed = Child(init_command(root.path(), config), outside.path() + "/killed.log").kill_at(delay);
      auto files = regular_files(root.path());
      mid_write += killed && files > 0 && files < written.size();
      summary += std::string(label) + (killed ? ": killed with " : ": had finished with ") +
                 std::to_string(files) + "/" + std::to_string(written.size()) + " files, " +
                 std::to_string(temporary_files(root.path()).size()) + " temporary\n";
      expect_rerun_reaches_reference(root.path());
      if (etcd_after.contains(i)) {
        EXPECT_EQ(etcd_problems(root.path()), "");
      }
    }
    // The kills must have hit the writing itself, not only the start-up or the finished process.
    if (mid_write >= kills / 5)
      std::cout << summary;
    else
      ADD_FAILURE() << "only " << mid_write << " kills hit the writing:\n" << summary;
  }

  // The shortest of a few uninterrupted inits: what the work takes when other load on the machine does not
  // stretch it, so that a slowed run is killed earlier in its progress rather than not at all.
  Millis fastest_duration(int runs) {
    std::vector<Millis> durations;
    for (int i = 0; i < runs; ++i) {
      TempDir root;
      Child init(init_command(root.path(), config), outside.path() + "/timed.log");
      int status = init.wait();
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
      durations.push_back(Clock::now() - init.started());
    }
    std::sort(durations.begin(), durations.end());
    return durations.front();
  }

  TempDir outside;  // the config file, logs and scratch files, never under a node's root
  TempDir reference_root;
  std::string config;
  std::vector<std::string> written;  // the reference init's files, in the order it wrote them
  Millis reference_duration{};
  Facts reference;
};

// ECDSA keys take microseconds, so the kills land among the file writes themselves.
TEST_F(CrashSafety, EcdsaP256InitKilledAt30MomentsThenRerun) {
  ASSERT_NO_FATAL_FAILURE(make_reference("ECDSA-P256"));
  kill_at_spread_moments(30, fastest_duration(3), {7, 15, 22});
}

// RSA keys take seconds and are generated ahead of use in parallel: a kill during key generation.
TEST_F(CrashSafety, Rsa2048InitKilledHalfwayThenRerun) {
  ASSERT_NO_FATAL_FAILURE(make_reference("RSA-2048"));
  kill_at_spread_moments(1, reference_duration, {});
}

// Every state a kill can leave, made directly rather than by chance: the first k files the uninterrupted
// init wrote, in its order, and half of the next one in a temporary file, as a kill inside that write
// leaves it.
TEST_F(CrashSafety, EveryBoundaryBetweenWritesThenRerun) {
  ASSERT_NO_FATAL_FAILURE(make_reference("ECDSA-P256"));
  for (size_t k = 0; k < written.size(); ++k) {
    SCOPED_TRACE("killed after " + std::to_string(k) + " of " + std::to_string(written.size()) +
                 " files, while writing " + written[k]);
    TempDir root;
    for (size_t i = 0; i <= k; ++i) {
      auto from = reference_root.path() + written[i], to = root.path() + written[i];
      copy_parents(reference_root.path(), root.path(), fs::path(written[i]).parent_path());
      if (i < k) {
        fs::copy_file(from, to);
      } else {
        auto temporary = fs::path(to).parent_path() / ("." + fs::path(to).filename().string() + ".tmpK1ll3d");
        auto content = host::Files("/").read(from).value();
        host::Files("/")
            .write_atomic(temporary.string(), content.substr(0, content.size() / 2), 0600)
            .value();
      }
    }
    expect_rerun_reaches_reference(root.path());
  }
}

}  // namespace
}  // namespace ks

// Crash safety: the kubestrap binary is killed with SIGKILL at spread-out moments of a local init, then the
// same init runs again. It must finish, leave no torn or temporary file, and leave the node in the state an
// uninterrupted init leaves, as the real openssl, kubectl and etcd see it.
#include <limits.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/support/child_process.hpp"
#include "tests/support/daemon.hpp"
#include "tests/support/node_facts.hpp"
#include "tests/support/run.hpp"
#include "tests/support/static_pod_command.hpp"
#include "tests/support/test_host.hpp"

namespace fs = std::filesystem;

namespace ks {
namespace {

using testing::Child;
using testing::differences;
using testing::Facts;
using testing::is_temporary;
using testing::kPki;
using testing::observe;
using testing::relative_to;
using testing::run;
using testing::TempDir;
using Clock = Child::Clock;
using Millis = Child::Millis;

// A config file outside the node's root; the advertise address is a loopback one so that etcd can start
// from the rendered manifest.
std::string write_config(const std::string& directory, const std::string& algorithm) {
  auto path = directory + "/kubeadm.yaml";
  host::RootFiles("/")
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

std::vector<std::string> temporary_files(const std::string& root) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (is_temporary(entry.path())) found.push_back(relative_to(root, entry.path()));
  return found;
}

// A killed run may leave files missing, never a final file that is empty or cut short: deterministic files
// are the whole reference text and PEM files end with their END line.
std::string torn_files(const std::string& root, const Facts& reference) {
  std::string text;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || is_temporary(entry.path())) continue;
    auto relative = relative_to(root, entry.path());
    auto content = host::RootFiles("/").read(entry.path().string()).value_or("");
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
  testing::Daemon etcd(command);
  // etcd announces readiness on stderr; wait for that line rather than sleeping.
  if (!etcd.wait_for("ready to serve client requests"))
    return "etcd exited before it was ready:\n" + etcd.output();
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

  // Inits killed at moments spread from `from` to `to` after their start, each followed by the same init
  // again; etcd starts from the result after the kills in `etcd_after`.
  void kill_at_spread_moments(int kills, Millis from, Millis to, const std::set<int>& etcd_after) {
    std::string summary;
    int mid_write = 0;
    auto duration = to;
    for (int i = 0; i < kills; ++i) {
      Millis delay = from + (to - from) * (i + 0.5) / kills;
      char label[96];
      std::snprintf(label, sizeof label, "kill %d/%d at %.1f ms of %.1f", i + 1, kills, delay.count(),
                    duration.count());
      SCOPED_TRACE(label);
      TempDir root;
      bool killed =
          Child(KS_BINARY, init_command(root.path(), config), outside.path() + "/killed.log").kill_at(delay);
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

  // When an uninterrupted init writes: from its start, the moment its first entry appears under the root
  // (inotify, no polling) and the moment it exits.
  struct Timing {
    Millis first_write{}, duration{};
  };

  // The fastest of a few uninterrupted inits: what the work takes when other load on the machine does not
  // stretch it, so that a slowed run is killed earlier in its progress rather than not at all.
  Timing fastest_timing(int runs) {
    std::vector<Timing> timings;
    for (int i = 0; i < runs; ++i) {
      TempDir root;
      int watch = inotify_init1(IN_CLOEXEC);
      EXPECT_GE(inotify_add_watch(watch, root.path().c_str(), IN_CREATE), 0);
      Child init(KS_BINARY, init_command(root.path(), config), outside.path() + "/timed.log");
      // Blocks until the first file or directory is created under the root: the writing has begun.
      alignas(inotify_event) char event[sizeof(inotify_event) + NAME_MAX + 1];
      EXPECT_GT(::read(watch, event, sizeof event), 0);
      Millis first_write = Clock::now() - init.started();
      ::close(watch);
      int status = init.wait();
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
      timings.push_back({first_write, Clock::now() - init.started()});
    }
    return *std::min_element(timings.begin(), timings.end(),
                             [](const Timing& a, const Timing& b) { return a.duration < b.duration; });
  }

  TempDir outside;  // the config file, logs and scratch files, never under a node's root
  TempDir reference_root;
  std::string config;
  std::vector<std::string> written;  // the reference init's files, in the order it wrote them
  Millis reference_duration{};
  Facts reference;
};

// ECDSA keys take microseconds, so the kills land among the file writes themselves.
// Most of an init's time goes before its first write (starting, reading the configuration, keys), so the
// moments are spread over the writing as the fastest of three inits timed it, starting a little before.
TEST_F(CrashSafety, EcdsaP256InitKilledAt30MomentsThenRerun) {
  ASSERT_NO_FATAL_FAILURE(make_reference("ECDSA-P256"));
  auto timing = fastest_timing(3);
  kill_at_spread_moments(30, timing.first_write * 0.9, timing.duration, {7, 15, 22});
}

// RSA keys take seconds and are generated ahead of use in parallel: a kill during key generation.
TEST_F(CrashSafety, Rsa2048InitKilledHalfwayThenRerun) {
  ASSERT_NO_FATAL_FAILURE(make_reference("RSA-2048"));
  kill_at_spread_moments(1, Millis(0), reference_duration, {});
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
        auto content = host::RootFiles("/").read(from).value();
        host::RootFiles("/")
            .write_atomic(temporary.string(), content.substr(0, content.size() / 2), 0600)
            .value();
      }
    }
    expect_rerun_reaches_reference(root.path());
  }
}

}  // namespace
}  // namespace ks
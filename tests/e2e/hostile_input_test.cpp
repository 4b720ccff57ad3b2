// Hostile and careless input, as a user or an attacker would give it to the real binary: every case of
// tests/support/hostile_inputs.hpp is refused with the documented exit code and a message naming what is
// wrong, and leaves its whole case directory — the root and everything beside it — byte for byte as it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/hostile_inputs.hpp"
#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks {
namespace {

using testing::TempDir;
using testing::tree_snapshot;

void expect_refused_cleanly(const std::string& defect_class) {
  int count = 0;
  for (const auto& input : testing::hostile_inputs()) {
    if (input.defect_class != defect_class) continue;
    ++count;
    SCOPED_TRACE(input.name);
    TempDir dir;
    testing::prepare_case(input, dir.path());
    auto before = tree_snapshot(dir.path());
    auto result = testing::run(testing::command_line(input, KS_BINARY, dir.path()));
    EXPECT_EQ(result.exit_code, input.exit_code) << result.out << result.err;
    bool json = std::ranges::find(input.args, "json") != input.args.end();
    const auto& shown = json ? result.out : result.err;
    EXPECT_NE(shown.find(input.message), std::string::npos) << shown;
    if (json) {
      auto document = nlohmann::json::parse(result.out, nullptr, false);
      ASSERT_FALSE(document.is_discarded()) << result.out;
      EXPECT_EQ(document["error"]["exitCode"], input.exit_code);
      EXPECT_TRUE(result.err.empty()) << result.err;
    }
    // What is echoed stays short and on the lines it belongs to.
    EXPECT_LT(shown.size(), 4000u);
    EXPECT_EQ(tree_snapshot(dir.path()), before);
  }
  EXPECT_GE(count, 4);
}

TEST(HostileInput, CrashesBecomeErrors) {
  expect_refused_cleanly("crash");
}
TEST(HostileInput, ReadsAreBoundedAndNeverBlock) {
  expect_refused_cleanly("unbounded");
}
TEST(HostileInput, BadRootsAndRelativePathsAreInputErrors) {
  expect_refused_cleanly("root");
}
TEST(HostileInput, NothingIsInjectedIntoWrittenFiles) {
  expect_refused_cleanly("injection");
}
TEST(HostileInput, WrongValuesAreNotSilentlyAccepted) {
  expect_refused_cleanly("silent");
}
TEST(HostileInput, MessagesAreShortEscapedAndInTheAskedFormat) {
  expect_refused_cleanly("messages");
}

// Paths that climb out of the root resolve inside it, as in a chroot: the run succeeds and nothing beside
// the root changes.
TEST(HostileInput, PathsResolveInsideTheRoot) {
  struct Case {
    std::string name;
    std::vector<std::string> args;
    std::string config;
    std::string expected;  // inside the root
  };
  std::vector<Case> cases = {
      {"--cert-dir /../escape-pki",
       {"init", "phase", "certs", "ca", "--cert-dir", "/../escape-pki"},
       "",
       "/escape-pki/ca.key"},
      {"certificatesDir: /../x",
       {"init", "phase", "certs", "ca"},
       testing::cluster_document("certificatesDir: /../../x\n"),
       "/x/ca.key"},
      {"etcd.local.dataDir: /../x",
       {"init", "phase", "etcd", "local"},
       testing::cluster_document("etcd:\n  local:\n    dataDir: /../x\n"),
       "/x"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    auto root = dir.path() + "/root";
    std::filesystem::create_directories(root);
    std::ofstream(dir.path() + "/beside") << "keep";
    auto args = c.args;
    args.insert(args.end(), {"--root-dir", root});
    if (c.config.empty()) {
      args.insert(args.end(), testing::node_flags().begin(), testing::node_flags().end());
    } else {
      std::ofstream(dir.path() + "/c.yaml") << c.config;
      args.insert(args.end(), {"--config", dir.path() + "/c.yaml"});
    }
    auto before = tree_snapshot(dir.path());
    auto result = testing::kubestrap(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(std::filesystem::exists(root + c.expected));
    auto after = tree_snapshot(dir.path());
    std::erase_if(after, [&](const auto& entry) { return entry.first.starts_with(root + "/"); });
    std::erase_if(before, [&](const auto& entry) { return entry.first.starts_with(root + "/"); });
    EXPECT_EQ(after, before);
  }
}

// A symlink planted under the root names a place inside the root, whatever it points at.
TEST(HostileInput, SymlinksUnderTheRootStayInIt) {
  TempDir dir;
  auto root = dir.path() + "/root", elsewhere = dir.path() + "/elsewhere";
  std::filesystem::create_directories(root + "/etc/kubernetes");
  std::filesystem::create_directories(elsewhere);
  std::filesystem::create_directory_symlink(elsewhere, root + "/etc/kubernetes/pki");
  auto result = testing::kubestrap({"init", "phase", "certs", "ca", "--root-dir", root});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::is_empty(elsewhere));
  EXPECT_TRUE(std::filesystem::exists(root + elsewhere + "/ca.key"));
}

// kubeadm reuses a key others can read without a word; kubestrap names it and closes it.
TEST(HostileInput, ReadableKeysAreWarnedAboutAndTightened) {
  TempDir dir;
  auto args = std::vector<std::string>{"init", "phase", "certs", "--root-dir", dir.path()};
  args.insert(args.end(), testing::node_flags().begin(), testing::node_flags().end());
  ASSERT_EQ(testing::kubestrap(args).exit_code, 0);
  auto pki = dir.path() + "/etc/kubernetes/pki";
  for (const auto* key : {"/ca.key", "/apiserver.key"})
    std::filesystem::permissions(pki + key, std::filesystem::perms(0644));
  auto again = testing::kubestrap(args);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  for (const auto* key : {"/ca.key", "/apiserver.key"}) {
    EXPECT_NE(
        again.err.find("/etc/kubernetes/pki" + std::string(key) + " was readable by other users (mode 0644)"),
        std::string::npos)
        << again.err;
    EXPECT_EQ(testing::mode_of(pki + key), 0600u);
  }
  EXPECT_EQ(again.err.find("sa.key was readable"), std::string::npos);
}

}  // namespace
}  // namespace ks

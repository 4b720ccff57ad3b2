// The root is a jail: no node path, symlink or ".." reaches outside it, under either resolution; reads
// never block on or swallow something that is not a regular file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "host/files.hpp"
#include "tests/support/test_host.hpp"

namespace ks::host {
namespace {

using testing::TempDir;

class Jail : public ::testing::TestWithParam<Resolution> {
 protected:
  // A case directory holding the root and, beside it, a file the root must never reach.
  TempDir scratch;
  std::string root = scratch.path() + "/root";
  std::string outside = scratch.path() + "/outside";
  RootFiles files{root, GetParam()};

  void SetUp() override {
    std::filesystem::create_directories(root + "/etc");
    std::filesystem::create_directories(outside);
    std::ofstream(outside + "/secret") << "outside";
    std::ofstream(root + "/etc/hosts") << "inside";
  }
  bool outside_unchanged() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(outside))
      names.push_back(entry.path().filename());
    std::ifstream secret(outside + "/secret");
    return names == std::vector<std::string>{"secret"} &&
           std::string(std::istreambuf_iterator<char>(secret), {}) == "outside";
  }
};

TEST_P(Jail, DotDotStopsAtTheRoot) {
  EXPECT_EQ(clean_node_path("/../../etc/./hosts"), "/etc/hosts");
  EXPECT_EQ(clean_node_path("etc//kubernetes/"), "/etc/kubernetes");
  EXPECT_EQ(files.read("/../../etc/hosts").value(), "inside");
  ASSERT_TRUE(files.write_atomic("/../outside/secret", "written", 0600));
  EXPECT_EQ(files.read("/outside/secret").value(), "written");  // inside the root, not beside it
  ASSERT_TRUE(files.make_dirs("/../escape-pki", 0755));
  EXPECT_TRUE(std::filesystem::is_directory(root + "/escape-pki"));
  EXPECT_FALSE(std::filesystem::exists(scratch.path() + "/escape-pki"));
  EXPECT_TRUE(outside_unchanged());
}

TEST_P(Jail, SymlinksResolveInsideTheRoot) {
  // An absolute link to the outside directory names <root>/<that path> instead.
  std::filesystem::create_directory_symlink(outside, root + "/etc/kubernetes");
  ASSERT_TRUE(files.write_atomic("/etc/kubernetes/pki/ca.key", "key", 0600));
  EXPECT_TRUE(std::filesystem::exists(root + outside + "/pki/ca.key"));
  EXPECT_TRUE(outside_unchanged());
  EXPECT_FALSE(files.read("/etc/kubernetes/secret"));
  // Relative links climb no higher than the root either.
  std::filesystem::create_symlink("../../../../../../../outside/secret", root + "/etc/relative");
  EXPECT_FALSE(files.read("/etc/relative"));
  std::filesystem::create_symlink("hosts", root + "/etc/alias");
  EXPECT_EQ(files.read("/etc/alias").value(), "inside");
  EXPECT_EQ(files.stat("/etc/alias")->type, FileType::Regular);
  // A loop ends with an error instead of hanging.
  std::filesystem::create_symlink("/etc/loop", root + "/etc/loop");
  EXPECT_FALSE(files.read("/etc/loop"));
}

TEST_P(Jail, WritingOverASymlinkReplacesTheLinkItself) {
  std::filesystem::create_symlink(outside + "/secret", root + "/etc/admin.conf");
  ASSERT_TRUE(files.write_atomic("/etc/admin.conf", "new", 0600));
  EXPECT_FALSE(std::filesystem::is_symlink(root + "/etc/admin.conf"));
  std::ifstream secret(outside + "/secret");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(secret), {}), "outside");
}

TEST_P(Jail, RefusesWhatIsNotARegularFileWithoutBlocking) {
  ASSERT_EQ(::mkfifo((root + "/etc/fifo").c_str(), 0600), 0);
  auto fifo = files.read("/etc/fifo");  // would block forever without O_NONBLOCK
  ASSERT_FALSE(fifo);
  EXPECT_EQ(fifo.error().kind, ErrorKind::Conflict);
  EXPECT_NE(fifo.error().why.find("a FIFO, not a regular file"), std::string::npos) << fifo.error().why;
  auto directory = files.read("/etc");
  ASSERT_FALSE(directory);
  EXPECT_NE(directory.error().why.find("a directory"), std::string::npos);
  // A link to a device resolves under the root, where there is none.
  std::filesystem::create_symlink("/dev/zero", root + "/etc/zero");
  EXPECT_FALSE(files.read("/etc/zero"));
}

TEST_P(Jail, EnforcesTheReadLimit) {
  ASSERT_TRUE(files.write_atomic("/big", std::string(5000, 'x'), 0644));
  auto big = files.read("/big", ReadLimit{4096, "a test file"});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, ErrorKind::Conflict);
  EXPECT_NE(big.error().why.find("larger than 4 KiB, the limit for a test file"), std::string::npos);
  EXPECT_TRUE(files.read("/big", ReadLimit{5000, "a test file"}));
}

INSTANTIATE_TEST_SUITE_P(Resolutions, Jail, ::testing::Values(Resolution::Kernel, Resolution::Portable),
                         [](const auto& info) {
                           return info.param == Resolution::Kernel ? "Kernel" : "Portable";
                         });

TEST(Files, RemovesTemporaryFilesAKilledRunLeftBehind) {
  TempDir dir;
  RootFiles files(dir.path());
  ASSERT_TRUE(files.make_dirs("/pki", 0755));
  std::ofstream(dir.path() + "/pki/.ca.key.tmpabc123") << "half a key";
  std::ofstream(dir.path() + "/pki/.ca.crt.tmpabc123") << "another file's";
  ASSERT_TRUE(files.write_atomic("/pki/ca.key", "key", 0600));
  EXPECT_EQ(files.list("/pki").value(), (std::vector<std::string>{".ca.crt.tmpabc123", "ca.key"}));
}

TEST(Files, TightensAMode) {
  TempDir dir;
  RootFiles files(dir.path());
  ASSERT_TRUE(files.write_atomic("/ca.key", "key", 0644));
  ASSERT_TRUE(files.set_mode("/ca.key", 0600));
  EXPECT_EQ(files.stat("/ca.key")->mode, 0600u);
}

TEST(Files, CreatesAMissingRootOnTheFirstWrite) {
  TempDir dir;
  RootFiles files(dir.path() + "/a/b/root");
  EXPECT_FALSE(files.exists("/etc"));
  ASSERT_TRUE(files.write_atomic("/etc/hosts", "x", 0644));
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/a/b/root/etc/hosts"));
}

TEST(RootDirectory, MustBeANonEmptyDirectoryName) {
  TempDir dir;
  EXPECT_TRUE(check_root_directory(dir.path()));
  EXPECT_TRUE(check_root_directory(dir.path() + "/not-yet"));
  auto empty = check_root_directory("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::InvalidInput);
  std::ofstream(dir.path() + "/file") << "x";
  auto file = check_root_directory(dir.path() + "/file");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(file.error().why.find("a regular file, not a directory"), std::string::npos);
}

TEST(LocalFile, IsReadRelativeToTheWorkingDirectoryWithTheSameRules) {
  TempDir dir;
  std::ofstream(dir.path() + "/kubeadm.yaml") << "kind: x";
  auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  auto relative = read_local_file("kubeadm.yaml", kAnyFileLimit);
  std::filesystem::current_path(cwd);
  EXPECT_EQ(relative.value(), "kind: x");
  auto device = read_local_file("/dev/zero", kAnyFileLimit);
  ASSERT_FALSE(device);
  EXPECT_NE(device.error().why.find("a character device"), std::string::npos);
}

}  // namespace
}  // namespace ks::host

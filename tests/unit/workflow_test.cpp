#include <gtest/gtest.h>

#include "host/clock.hpp"
#include "tests/support/recording_reporter.hpp"
#include "workflow/runner.hpp"

namespace ks::workflow {
namespace {

using testing::RecordingReporter;

struct Tree {
  std::vector<std::string> ran;
  std::vector<Phase> phases() {
    auto leaf = [this](std::string path) {
      return [this, path]() -> Status {
        ran.push_back(path);
        return {};
      };
    };
    Phase certs{"certs", "certs", leaf("certs")};
    certs.children = {{"ca", "ca", leaf("certs/ca")}, {"apiserver", "apiserver", leaf("certs/apiserver")}};
    certs.children[1].needs = {"certs/ca"};
    Phase kubeconfig{"kubeconfig", "kubeconfig", {}, {{"admin", "admin", leaf("kubeconfig/admin")}}};
    Phase later{"addon", "addon"};
    later.unavailable = "not built yet";
    return {certs, kubeconfig, later};
  }
};

class RunnerTest : public ::testing::Test {
 protected:
  Tree tree;
  RecordingReporter reporter;
  host::FakeClock clock{std::chrono::system_clock::time_point{}};
  Runner runner{tree.phases(), reporter, clock};
};

TEST_F(RunnerTest, RunsTheWholeTreeInOrder) {
  ASSERT_TRUE(runner.run({}));
  EXPECT_EQ(tree.ran, (std::vector<std::string>{"certs", "certs/ca", "certs/apiserver", "kubeconfig/admin"}));
  EXPECT_TRUE(reporter.said("[addon] not available yet: not built yet"));
}

TEST_F(RunnerTest, RunsOnlyTheSelectedSubtree) {
  ASSERT_TRUE(runner.run({"certs/apiserver", {}}));
  EXPECT_EQ(tree.ran, std::vector<std::string>{"certs/apiserver"});
  tree.ran.clear();
  ASSERT_TRUE(runner.run({"certs/all", {}}));
  EXPECT_EQ(tree.ran, (std::vector<std::string>{"certs", "certs/ca", "certs/apiserver"}));
}

TEST_F(RunnerTest, SkipsSubtrees) {
  ASSERT_TRUE(runner.run({"", {"certs/ca", "kubeconfig"}}));
  EXPECT_EQ(tree.ran, (std::vector<std::string>{"certs", "certs/apiserver"}));
  EXPECT_TRUE(reporter.said("[kubeconfig] skipped (--skip-phases)"));
}

TEST_F(RunnerTest, RejectsUnknownPhasesBeforeRunningAnything) {
  auto status = runner.run({"", {"cert"}});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(status.error().why.find("certs/apiserver"), std::string::npos);
  EXPECT_TRUE(tree.ran.empty());
  EXPECT_FALSE(runner.run({"nope", {}}));
}

TEST_F(RunnerTest, AnUnavailablePhaseAskedForByNameIsAnError) {
  auto status = runner.run({"addon", {}});
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().what.find("not available yet"), std::string::npos);
}

// The plan is the one place the selection rules live: what it says runs is exactly what runs.
TEST_F(RunnerTest, ThePlanDecidesEachPhaseOnceAndTheRunFollowsIt) {
  auto decisions = [&](const Selection& selection) {
    std::vector<std::string> out;
    for (const auto& planned : runner.plan(selection)) {
      static const char* kNames[] = {"run", "walk", "skip", "unavailable", "disabled", "outside"};
      out.push_back(planned.path + "=" + kNames[static_cast<int>(planned.decision)]);
    }
    return out;
  };
  EXPECT_EQ(decisions({"certs/apiserver", {}}),
            (std::vector<std::string>{"certs=walk", "certs/ca=outside", "certs/apiserver=run",
                                      "kubeconfig=outside", "kubeconfig/admin=outside", "addon=outside"}));
  EXPECT_EQ(decisions({"", {"certs", "kubeconfig/admin"}}),
            (std::vector<std::string>{"certs=skip", "certs/ca=outside", "certs/apiserver=outside",
                                      "kubeconfig=run", "kubeconfig/admin=skip", "addon=unavailable"}));
  for (const auto& selection :
       {Selection{}, Selection{"certs", {"certs/ca"}}, Selection{"kubeconfig/all", {}}}) {
    tree.ran.clear();
    std::vector<std::string> planned;
    for (const auto& p : runner.plan(selection))
      if (p.decision == Decision::Run && p.phase->run) planned.push_back(p.path);
    ASSERT_TRUE(runner.run(selection));
    EXPECT_EQ(tree.ran, planned) << selection.only;
  }
}

TEST(Runner, APhaseDisabledByConfigurationTakesItsSubtreeWithIt) {
  int ran = 0;
  Phase etcd{"etcd", "", [&]() -> Status {
               ++ran;
               return {};
             }};
  etcd.enabled = [] { return false; };
  etcd.children = {{"local", "", [&]() -> Status {
                      ++ran;
                      return {};
                    }}};
  RecordingReporter reporter;
  host::FakeClock clock{std::chrono::system_clock::time_point{}};
  Runner runner({etcd}, reporter, clock);
  EXPECT_EQ(runner.plan({})[0].decision, Decision::Disabled);
  EXPECT_EQ(runner.plan({})[1].decision, Decision::Outside);
  ASSERT_TRUE(runner.run({}));
  EXPECT_EQ(ran, 0);
  EXPECT_EQ(reporter.finished, std::vector<std::string>{"etcd:skipped"});
}

TEST(Runner, WrapsAFailureOnceWithThePhasePathAndStops) {
  std::vector<std::string> ran;
  std::vector<Phase> phases = {
      {"certs", "", {}, {{"ca", "", [] { return failure("writing ca.crt", "disk full"); }}}},
      {"kubeconfig", "", [&]() -> Status {
         ran.push_back("kubeconfig");
         return {};
       }}};
  RecordingReporter reporter;
  host::FakeClock clock{std::chrono::system_clock::time_point{}};
  Runner runner(phases, reporter, clock);
  auto status = runner.run({});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message(), "phase certs/ca: writing ca.crt: disk full");
  EXPECT_TRUE(ran.empty());
  EXPECT_EQ(runner.timings().back().outcome, PhaseOutcome::Failed);
}

TEST(Runner, TimesPhasesWithTheInjectedClock) {
  host::FakeClock clock{std::chrono::system_clock::time_point{}};
  std::vector<Phase> phases = {{"slow", "", [&]() -> Status {
                                  clock.advance(std::chrono::milliseconds(1500));
                                  return {};
                                }}};
  RecordingReporter reporter;
  Runner runner(phases, reporter, clock);
  ASSERT_TRUE(runner.run({}));
  EXPECT_EQ(runner.timings().front().elapsed, std::chrono::milliseconds(1500));
  EXPECT_EQ(reporter.finished, std::vector<std::string>{"slow:done"});
}

TEST(Runner, RejectsATreeWhoseDependenciesComeLater) {
  RecordingReporter reporter;
  host::FakeClock clock{std::chrono::system_clock::time_point{}};
  Phase a{"a", ""};
  a.needs = {"b"};
  EXPECT_THROW(Runner({a, {"b", ""}}, reporter, clock), std::logic_error);
  EXPECT_THROW(Runner({{"a", ""}, {"a", ""}}, reporter, clock), std::logic_error);
}

}  // namespace
}  // namespace ks::workflow

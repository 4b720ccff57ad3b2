// How fast bad input is refused: every case of tests/support/hostile_inputs.hpp run through the real binary
// (medians of N rounds, each in a fresh case directory), side by side with the floor of starting the
// binary at all (`kubestrap version`). Prints each case, the slowest, and slowest / floor.
// Usage: reject_bench [rounds]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "host/processes.hpp"
#include "tests/support/hostile_inputs.hpp"
#include "tests/support/test_host.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double milliseconds_to_run(const std::vector<std::string>& argv, int expected_exit) {
  ks::host::SystemProcesses processes;
  auto start = Clock::now();
  auto result = processes.run({argv});
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!result || result->exit_code != expected_exit) {
    std::fprintf(stderr, "unexpected result for %s\n", argv.back().c_str());
    std::exit(1);
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 11;
  const auto& inputs = ks::testing::hostile_inputs();
  std::vector<std::vector<double>> times(inputs.size());
  std::vector<double> floor;
  for (int round = 0; round < rounds; ++round) {
    // Through env, as every case runs.
    floor.push_back(milliseconds_to_run({"env", KS_BINARY, "version"}, 0));
    for (size_t i = 0; i < inputs.size(); ++i) {
      ks::testing::TempDir dir;
      ks::testing::prepare_case(inputs[i], dir.path());
      times[i].push_back(milliseconds_to_run(ks::testing::command_line(inputs[i], KS_BINARY, dir.path()),
                                             inputs[i].exit_code));
    }
  }
  size_t slowest = 0;
  std::printf("%-10s %-45s %10s\n", "class", "input", "median ms");
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::printf("%-10s %-45s %10.1f\n", inputs[i].defect_class.c_str(), inputs[i].name.c_str(),
                median(times[i]));
    if (median(times[i]) > median(times[slowest])) slowest = i;
  }
  std::printf("\n%zu bad inputs, %d rounds each\n", inputs.size(), rounds);
  std::printf("floor: `kubestrap version` %.1f ms\n", median(floor));
  std::printf("slowest refusal: %s, %.1f ms (target < 200 ms); %.2f x the floor\n",
              inputs[slowest].name.c_str(), median(times[slowest]), median(times[slowest]) / median(floor));
  return 0;
}

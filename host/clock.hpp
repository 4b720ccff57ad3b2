#pragma once

#include <chrono>
#include <thread>
#include <vector>

namespace ks::host {

// Wall time for certificate validity, monotonic time for measuring phases.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;
  virtual std::chrono::steady_clock::time_point monotonic() const = 0;
  // Waiting between retries goes through the clock, so that a fake clock waits without sleeping.
  virtual void sleep_for(std::chrono::nanoseconds duration) = 0;
};

class SystemClock : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point monotonic() const override {
    return std::chrono::steady_clock::now();
  }
  void sleep_for(std::chrono::nanoseconds duration) override { std::this_thread::sleep_for(duration); }
};

// A clock that only moves when told to.
class FakeClock : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start) : wall_(start) {}
  std::chrono::system_clock::time_point now() const override { return wall_; }
  std::chrono::steady_clock::time_point monotonic() const override { return steady_; }
  void sleep_for(std::chrono::nanoseconds duration) override {
    slept.push_back(duration);
    advance(duration);
  }
  std::vector<std::chrono::nanoseconds> slept;  // every wait asked for, in order
  void advance(std::chrono::nanoseconds by) {
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
    steady_ += by;
  }

 private:
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point steady_{};
};

}  // namespace ks::host

#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "base/error.hpp"
#include "certs/openssl_ptr.hpp"
#include "config/types.hpp"

namespace ks::certs {

// Generates keys ahead of use on every core. The run asks for the number of keys it will need before the
// first phase starts; phases then take finished keys in order while the rest are still being made. A
// take() beyond what was asked for generates on the calling thread.
class KeyPool {
 public:
  KeyPool(config::KeyAlgorithm algorithm, unsigned threads);
  ~KeyPool();
  KeyPool(const KeyPool&) = delete;
  KeyPool& operator=(const KeyPool&) = delete;

  void prefetch(size_t count);
  Result<PKeyPtr> take();
  config::KeyAlgorithm algorithm() const { return algorithm_; }
  // Generations begun so far for prefetched keys (for tests: a pool going away stops beginning more).
  size_t generations_begun();

 private:
  void work();

  config::KeyAlgorithm algorithm_;
  unsigned max_threads_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Result<PKeyPtr>> finished_;
  size_t wanted_ = 0;   // keys asked for in advance and not yet taken
  size_t started_ = 0;  // of those, generations begun
  size_t active_ = 0;   // worker threads still looping
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};  // aborts generations in flight when the pool goes away
  std::vector<std::jthread> workers_;
};

}  // namespace ks::certs

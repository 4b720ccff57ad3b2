#include "certs/key_pool.hpp"

#include <algorithm>

#include "certs/key.hpp"

namespace ks::certs {

KeyPool::KeyPool(config::KeyAlgorithm algorithm, unsigned threads)
    : algorithm_(algorithm), max_threads_(std::max(1u, threads)) {}

KeyPool::~KeyPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cancel_ = true;  // keys no one will take: a run that failed early exits now
  ready_.notify_all();
  workers_.clear();  // joins; a generation in flight stops at its next callback
}

void KeyPool::prefetch(size_t count) {
  std::lock_guard lock(mutex_);
  wanted_ += count;
  size_t threads = std::min<size_t>(max_threads_, wanted_ - started_);
  for (; active_ < threads; ++active_) workers_.emplace_back([this] { work(); });
}

void KeyPool::work() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_ || started_ >= wanted_) {
        --active_;
        return;
      }
      ++started_;
    }
    auto key = generate_key(algorithm_, &cancel_);
    {
      std::lock_guard lock(mutex_);
      finished_.push_back(std::move(key));
    }
    ready_.notify_one();
  }
}

Result<PKeyPtr> KeyPool::take() {
  std::unique_lock lock(mutex_);
  if (wanted_ == 0 && finished_.empty()) {
    lock.unlock();
    return generate_key(algorithm_);
  }
  ready_.wait(lock, [&] { return !finished_.empty(); });
  auto key = std::move(finished_.front());
  finished_.pop_front();
  --wanted_;
  --started_;
  return key;
}

size_t KeyPool::generations_begun() {
  std::lock_guard lock(mutex_);
  return started_;
}

}  // namespace ks::certs

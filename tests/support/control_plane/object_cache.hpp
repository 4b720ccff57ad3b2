#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/control_plane/etcd_store.hpp"

namespace ks::standin {

// What kube-apiserver's authorizers read on every request (RBAC's roles and bindings, the node authorizer's
// Pods) kept in memory, as its informers keep them: every object under /registry/ listed once, then kept
// current by one etcd watch, instead of a range read of etcd per request. A read waits until the watch has
// delivered the newest write this server made, so a request sees the RoleBinding the previous one created.
class ObjectCache {
 public:
  explicit ObjectCache(EtcdStore& store);
  ~ObjectCache();
  ObjectCache(const ObjectCache&) = delete;
  ObjectCache& operator=(const ObjectCache&) = delete;

  // The objects whose key starts with `prefix`, as current as etcd was after `at_least` (a revision this
  // server wrote). Read from etcd instead while the watch is not running or does not catch up in time.
  std::vector<nlohmann::json> list(const std::string& prefix, int64_t at_least);
  // The revision the cache holds (0 before its first list).
  int64_t revision();

 private:
  void run(std::stop_token stop);
  // Applies one etcd WatchResponse; false when it cannot be read (the cache then lists again).
  bool apply(const nlohmann::json& response);

  EtcdStore& store_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, nlohmann::json> objects_;  // by etcd key, so that a prefix is a contiguous range
  int64_t revision_ = 0;
  bool synced_ = false;
  std::jthread watcher_;  // last: stopped and joined before the members it uses go
};

}  // namespace ks::standin

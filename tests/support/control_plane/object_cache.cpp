#include "tests/support/control_plane/object_cache.hpp"

#include <chrono>
#include <iostream>

#include "base/base64.hpp"
#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "tests/support/control_plane/etcd_watch.hpp"

namespace ks::standin {

namespace {

const std::string kRegistryPrefix = "/registry/";
// How long a read waits for the watch to deliver a write before it asks etcd itself; a write that makes no
// event under /registry/ would otherwise hold it forever.
constexpr auto kCatchUpWait = std::chrono::seconds(1);

// The revision an event's key-value was written (or deleted) at.
int64_t revision_of(const nlohmann::json& kv) {
  return parse_integer<int64_t>(string_member(kv, "mod_revision")).value_or(0);
}

}  // namespace

ObjectCache::ObjectCache(EtcdStore& store)
    : store_(store), watcher_([this](std::stop_token stop) { run(stop); }) {}

ObjectCache::~ObjectCache() {
  watcher_.request_stop();
  changed_.notify_all();
}

int64_t ObjectCache::revision() {
  std::lock_guard lock(mutex_);
  return revision_;
}

bool ObjectCache::wait_for(int64_t revision, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return synced_ && revision_ >= revision; });
}

std::vector<nlohmann::json> ObjectCache::list(const std::string& prefix, int64_t at_least) {
  {
    std::unique_lock lock(mutex_);
    if (changed_.wait_for(lock, kCatchUpWait, [&] { return synced_ && revision_ >= at_least; })) {
      std::vector<nlohmann::json> objects;
      for (auto it = objects_.lower_bound(prefix); it != objects_.end() && it->first.starts_with(prefix);
           ++it)
        objects.push_back(it->second);
      return objects;
    }
  }
  std::vector<nlohmann::json> objects;
  if (auto listed = store_.list(prefix))
    for (auto& stored : *listed) objects.push_back(std::move(stored.object));
  return objects;
}

// The cache's revision advances with the events themselves, never with a response's header: the answer that
// confirms the watch carries etcd's current revision before the events since the list have come.
bool ObjectCache::apply(const nlohmann::json& response) {
  std::lock_guard lock(mutex_);
  for (const auto& event : member(response, "events")) {
    const auto& kv = member(event, "kv");
    revision_ = std::max(revision_, revision_of(kv));
    if (string_member(event, "type") == "DELETE") {
      auto key = base64_decode(string_member(kv, "key"));
      if (!key) return false;
      objects_.erase(*key);
      continue;
    }
    // PUT is the enum's zero value, which the gateway leaves out.
    auto stored = decode_etcd_kv(kv);
    if (!stored) return false;
    objects_[stored->key] = std::move(stored->object);
  }
  changed_.notify_all();
  return true;
}

void ObjectCache::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    // List, then watch from just after the listed revision: no write falls between the two.
    auto snapshot = store_.snapshot(kRegistryPrefix, 0);
    if (snapshot) {
      {
        std::lock_guard lock(mutex_);
        objects_.clear();
        for (auto& stored : snapshot->objects) objects_[stored.key] = std::move(stored.object);
        revision_ = snapshot->revision;
        synced_ = true;
      }
      changed_.notify_all();
      bool readable = true;
      auto watched = stream_etcd_watch(
          store_.endpoint(), kRegistryPrefix, snapshot->revision + 1,
          [&](const nlohmann::json& response) { return readable = apply(response); }, stop);
      if (stop.stop_requested()) return;
      std::cerr << "kube-apiserver stand-in: object cache watch ended ("
                << (watched ? std::string(readable ? "stream closed" : "unreadable event")
                            : watched.error().message())
                << "), listing again\n";
    }
    {
      std::lock_guard lock(mutex_);
      synced_ = false;
    }
    // etcd not up yet, or gone for a moment: try again shortly, unless stopped.
    std::mutex pause;
    std::unique_lock lock(pause);
    std::condition_variable_any().wait_for(lock, stop, std::chrono::milliseconds(200), [] { return false; });
  }
}

}  // namespace ks::standin

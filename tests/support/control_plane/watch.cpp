#include "tests/support/control_plane/watch.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <thread>

#include "base/strings.hpp"
#include "tests/support/control_plane/registry.hpp"
#include "tests/support/control_plane/table.hpp"

namespace ks::standin {

namespace {

using Objects = std::map<std::string, StoredObject>;  // by etcd key

Objects selected(const std::vector<StoredObject>& objects, const WatchRequest& request) {
  Objects out;
  for (const auto& stored : objects)
    if (request.selects(stored.object)) out.emplace(stored.key, stored);
  return out;
}

struct Event {
  int64_t revision;
  std::string type;
  nlohmann::json object;
};

// What changed between two views of the collection, in revision order.
std::vector<Event> changes(const Objects& before, const Objects& now, int64_t revision) {
  std::vector<Event> events;
  for (const auto& [key, stored] : now) {
    auto old = before.find(key);
    if (old == before.end())
      events.push_back({stored.revision, "ADDED", stored.object});
    else if (old->second.revision != stored.revision)
      events.push_back({stored.revision, "MODIFIED", stored.object});
  }
  for (const auto& [key, stored] : before)
    if (!now.contains(key)) {
      auto gone = stored.object;
      gone["metadata"]["resourceVersion"] = std::to_string(revision);
      events.push_back({revision, "DELETED", gone});
    }
  std::ranges::stable_sort(events, {}, &Event::revision);
  return events;
}

bool send(httplib::DataSink& sink, const Event& event, const WatchRequest& request) {
  auto object = request.present ? request.present(event.object) : event.object;
  auto line = nlohmann::json{{"type", event.type}, {"object", object}}.dump(
                  -1, ' ', false, nlohmann::json::error_handler_t::replace) +
              "\n";
  return sink.is_writable() && sink.write(line.data(), line.size());
}

}  // namespace

std::function<nlohmann::json(const nlohmann::json&)> watch_table_rows(const Resource& resource,
                                                                      std::string include_object) {
  // One watch is served by one thread, event after event: the flag needs no lock.
  auto headers_sent = std::make_shared<bool>(false);
  return [resource, include_object = std::move(include_object), headers_sent](const nlohmann::json& object) {
    auto table = to_table(resource, object, include_object, std::chrono::system_clock::now());
    if (*headers_sent) table.erase("columnDefinitions");
    *headers_sent = true;
    return table;
  };
}

void serve_watch(const httplib::Request& raw, httplib::Response& response, EtcdStore& store,
                 WatchRequest request) {
  // httplib picks the response's encoding from this header after the handler returns; the Request object
  // is httplib's own, handed to handlers as const only.
  const_cast<httplib::Request&>(raw).headers.erase("Accept-Encoding");
  int64_t start = 0;
  if (!request.resource_version.empty() && request.resource_version != "0") {
    auto parsed = parse_integer<int64_t>(request.resource_version);
    if (!parsed || *parsed < 0) {
      auto reply =
          status_reply(400, "BadRequest", "invalid resource version: \"" + request.resource_version + "\"");
      response.status = 400;
      response.set_content(reply.body.dump(), "application/json");
      return;
    }
    start = *parsed;
  }
  auto base = store.snapshot(request.prefix, start);
  if (!base) {
    bool compacted = base.error().message().find("compacted") != std::string::npos;
    auto reply = compacted
                     ? status_reply(410, "Expired", "too old resource version: " + request.resource_version)
                     : status_reply(500, "InternalError", base.error().message());
    response.status = reply.status;
    response.set_content(reply.body.dump(), "application/json");
    return;
  }
  response.status = 200;
  response.set_chunked_content_provider("application/json", [&store, request, start, base = *base](
                                                                size_t, httplib::DataSink& sink) {
    auto deadline = std::chrono::steady_clock::now() + request.timeout;
    auto seen = selected(base.objects, request);
    if (request.resource_version.empty() || request.resource_version == "0") {
      // No starting point: the current state first, as synthetic ADDED events.
      for (const auto& [key, stored] : seen)
        if (!send(sink, {stored.revision, "ADDED", stored.object}, request)) return false;
    }
    // Every revision since the last one seen is read back from etcd's history, so that nothing that happened
    // between two polls (a create and a delete) is lost or folded.
    // (etcd answers a read at a past revision with its current revision in the header: start from the asked
    // one.)
    for (auto last = start > 0 ? start : base.revision;
         sink.is_writable() && (request.timeout.count() == 0 || std::chrono::steady_clock::now() < deadline);
         std::this_thread::sleep_for(std::chrono::milliseconds(100))) {
      auto head = store.snapshot(request.prefix, 0);
      if (!head) continue;
      for (auto revision = last + 1; revision <= head->revision; ++revision) {
        auto at = revision == head->revision ? head : store.snapshot(request.prefix, revision);
        if (!at) break;
        auto current = selected(at->objects, request);
        for (const auto& event : changes(seen, current, revision))
          if (!send(sink, event, request)) return false;
        seen = std::move(current);
        last = revision;
      }
    }
    sink.done();
    return true;
  });
}

}  // namespace ks::standin

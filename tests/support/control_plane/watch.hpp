#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/control_plane/etcd_store.hpp"

namespace ks::standin {

// One watch request (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go): the etcd prefix of the
// collection, which objects it selects, where it starts and how long it lasts.
struct WatchRequest {
  std::string prefix;               // /registry/<resource>/[<namespace>/]
  std::string resource_version;     // "" or "0": every current object first (ADDED); N: changes after N
  std::chrono::seconds timeout{0};  // timeoutSeconds; 0: until the client leaves
  std::function<bool(const nlohmann::json&)> selects;  // label and field selectors
};

// Streams `{"type":"ADDED|MODIFIED|DELETED","object":…}` lines, one JSON document a line, as kube-apiserver
// does for ?watch=true. An object that stops matching the selectors is DELETED from the watcher's view, one
// that starts matching is ADDED. Changes are read back from etcd's history revision by revision (every 100
// ms), so none is lost or folded; a start revision etcd has compacted is answered 410 Gone, as kube-apiserver
// answers "too old resource version".
void serve_watch(httplib::Response& response, EtcdStore& store, WatchRequest request);

}  // namespace ks::standin

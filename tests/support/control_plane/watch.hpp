#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/control_plane/etcd_store.hpp"
#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

// One watch request (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go): the etcd prefix of the
// collection, which objects it selects, where it starts and how long it lasts.
struct WatchRequest {
  std::string prefix;               // /registry/<resource>/[<namespace>/]
  std::string resource_version;     // "" or "0": every current object first (ADDED); N: changes after N
  std::chrono::seconds timeout{0};  // timeoutSeconds; 0: until the client leaves
  std::function<bool(const nlohmann::json&)> selects;  // label and field selectors
  // How each event's object is written: as stored when unset; a one-row Table for a client that asked for
  // as=Table (watch_table_rows).
  std::function<nlohmann::json(const nlohmann::json& object)> present = nullptr;
};

// Each event's object as a meta.k8s.io/v1 Table of one row (kubectl get -w asks for that), the column
// definitions only in the first event (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go,
// watchEmbeddedEncoder: NoHeaders after the first object; kubectl reuses the last columns it saw).
std::function<nlohmann::json(const nlohmann::json&)> watch_table_rows(const Resource& resource,
                                                                      std::string include_object);

// Streams `{"type":"ADDED|MODIFIED|DELETED","object":…}` lines, one JSON document a line, as kube-apiserver
// does for ?watch=true. An object that stops matching the selectors is DELETED from the watcher's view, one
// that starts matching is ADDED. Changes are read back from etcd's history revision by revision (every 100
// ms), so none is lost or folded; a start revision etcd has compacted is answered 410 Gone, as kube-apiserver
// answers "too old resource version".
//
// The stream is never compressed, as kube-apiserver never compresses a watch: httplib would gzip (or brotli)
// an application/json body for a client that accepts it (Go's and Node's HTTP clients do), holding small
// events in the compressor until the stream ends, so the request's Accept-Encoding is dropped first.
void serve_watch(const httplib::Request& raw, httplib::Response& response, EtcdStore& store,
                 WatchRequest request);

}  // namespace ks::standin

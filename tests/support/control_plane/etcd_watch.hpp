#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <string>

#include "base/error.hpp"
#include "kube/kubeconfig.hpp"

namespace ks::standin {

// One watch of every key under `prefix` from `start_revision`, through etcd's v3 JSON gateway (POST
// /v3/watch: a stream of {"result": WatchResponse} documents, one a line), with the client certificate of
// `endpoint`. Calls on_response with each WatchResponse; returns when on_response returns false, when `stop`
// is requested, or with the error that ended the stream (connection lost, or a watch etcd cancelled, e.g.
// compacted).
Status stream_etcd_watch(const kube::Kubeconfig& endpoint, const std::string& prefix, int64_t start_revision,
                         const std::function<bool(const nlohmann::json&)>& on_response, std::stop_token stop);

}  // namespace ks::standin

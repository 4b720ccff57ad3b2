#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace ks::standin {

// kubectl sends typed objects as application/vnd.kubernetes.protobuf ("k8s\0" + runtime.Unknown) and has
// no JSON fallback on 415, so the stand-in reads that encoding for the kinds kubectl creates that way here
// (protobuf_schema.hpp lists them) and answers in JSON, which kubectl also accepts. nullopt: not protobuf,
// malformed, or a kind not listed.
std::optional<nlohmann::json> decode_protobuf_object(std::string_view body);

}  // namespace ks::standin

#pragma once

#include <string>
#include <vector>

namespace ks::standin {

// How one protobuf field of k8s.io/api's generated.proto maps to its JSON form.
enum class ProtoType {
  String,         // dropped when empty: Go's zero value, which JSON omits
  Bytes,          // base64 in JSON
  Bool,           // an optional (pointer) field: false is kept
  BoolOmitFalse,  // a plain bool, always on the wire: false is Go's zero value, which JSON omits
  Int,            // an optional (pointer) int32 or int64: 0 is kept
  IntOmitZero,    // a plain int32 or int64, always on the wire: 0 is omitted
  Time,           // metav1.Time {1 seconds, 2 nanos} → RFC 3339
  IntOrString,    // intstr.IntOrString {1 type, 2 intVal, 3 strVal} → a number or a string
  Message,
  StringMap,  // map<string, string>: entries {1 key, 2 value}
  BytesMap,
};

struct ProtoField;
using ProtoSchema = std::vector<ProtoField>;
struct ProtoField {
  int number;
  const char* name;
  ProtoType type;
  const ProtoSchema* message = nullptr;
  bool repeated = false;  // a JSON list, one wire entry per element
};

// The schema of a kind kubectl sends as protobuf, or nullptr for one the stand-in does not read that way.
// Fields not listed are skipped.
const ProtoSchema* protobuf_kind_schema(const std::string& kind);

}  // namespace ks::standin

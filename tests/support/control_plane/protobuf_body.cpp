#include "tests/support/control_plane/protobuf_body.hpp"

#include <map>
#include <vector>

#include "base/base64.hpp"

namespace ks::standin {

namespace {

enum class Type { String, Bytes, Bool, Message, StringMap, BytesMap };

struct Field;
using Schema = std::vector<Field>;
struct Field {
  int number;
  const char* name;
  Type type;
  const Schema* message = nullptr;
};

// Field numbers of k8s.io/api's generated.proto for the parts used here.
const Schema kObjectMeta = {{1, "name", Type::String},
                            {2, "generateName", Type::String},
                            {3, "namespace", Type::String},
                            {11, "labels", Type::StringMap},
                            {12, "annotations", Type::StringMap}};
const Schema kResourceAttributes = {{1, "namespace", Type::String}, {2, "verb", Type::String},
                                    {3, "group", Type::String},     {4, "version", Type::String},
                                    {5, "resource", Type::String},  {6, "subresource", Type::String},
                                    {7, "name", Type::String}};
const Schema kNonResourceAttributes = {{1, "path", Type::String}, {2, "verb", Type::String}};
const Schema kAccessReviewSpec = {{1, "resourceAttributes", Type::Message, &kResourceAttributes},
                                  {2, "nonResourceAttributes", Type::Message, &kNonResourceAttributes}};
const Schema kMetadataOnly = {{1, "metadata", Type::Message, &kObjectMeta}};
const Schema kRulesReviewSpec = {{1, "namespace", Type::String}};
const std::map<std::string, Schema> kKinds = {
    {"ConfigMap",
     {{1, "metadata", Type::Message, &kObjectMeta},
      {2, "data", Type::StringMap},
      {3, "binaryData", Type::BytesMap},
      {4, "immutable", Type::Bool}}},
    {"Secret",
     {{1, "metadata", Type::Message, &kObjectMeta},
      {2, "data", Type::BytesMap},
      {3, "type", Type::String},
      {4, "stringData", Type::StringMap},
      {5, "immutable", Type::Bool}}},
    {"Namespace", kMetadataOnly},
    {"ServiceAccount", kMetadataOnly},
    {"SelfSubjectAccessReview",
     {{1, "metadata", Type::Message, &kObjectMeta}, {2, "spec", Type::Message, &kAccessReviewSpec}}},
    // kubectl auth can-i --list and kubectl auth whoami.
    {"SelfSubjectRulesReview",
     {{1, "metadata", Type::Message, &kObjectMeta}, {2, "spec", Type::Message, &kRulesReviewSpec}}},
    {"SelfSubjectReview", kMetadataOnly},
};

// The protobuf wire format: tag varints, then a varint or a length-prefixed payload.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool done() const { return at_ >= data_.size(); }
  bool ok() const { return ok_; }
  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64 && at_ < data_.size(); shift += 7) {
      auto byte = static_cast<uint8_t>(data_[at_++]);
      value |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return value;
    }
    ok_ = false;
    return 0;
  }
  std::string_view bytes() {
    auto size = varint();
    if (!ok_ || size > data_.size() - at_) {
      ok_ = false;
      return {};
    }
    auto out = data_.substr(at_, size);
    at_ += size;
    return out;
  }
  void skip(int wire_type) {
    if (wire_type == 0)
      varint();
    else if (wire_type == 2)
      bytes();
    else if (wire_type == 1)
      at_ += 8;
    else if (wire_type == 5)
      at_ += 4;
    else
      ok_ = false;
  }

 private:
  std::string_view data_;
  size_t at_ = 0;
  bool ok_ = true;
};

std::optional<nlohmann::json> decode(std::string_view data, const Schema& schema) {
  nlohmann::json out = nlohmann::json::object();
  Reader reader(data);
  while (!reader.done() && reader.ok()) {
    auto tag = reader.varint();
    int number = static_cast<int>(tag >> 3), wire_type = static_cast<int>(tag & 7);
    const Field* field = nullptr;
    for (const auto& candidate : schema)
      if (candidate.number == number) field = &candidate;
    if (!field) {
      reader.skip(wire_type);
      continue;
    }
    if (field->type == Type::Bool) {
      out[field->name] = reader.varint() != 0;
      continue;
    }
    auto payload = reader.bytes();
    switch (field->type) {
      case Type::String:
        out[field->name] = std::string(payload);
        break;
      case Type::Bytes:
        out[field->name] = base64_encode(payload);
        break;
      case Type::Message: {
        auto inner = decode(payload, *field->message);
        if (!inner) return std::nullopt;
        out[field->name] = *inner;
        break;
      }
      case Type::StringMap:
      case Type::BytesMap: {
        // A map entry is a message {1: key, 2: value}.
        Reader entry(payload);
        std::string key, value;
        while (!entry.done() && entry.ok()) {
          auto entry_tag = entry.varint();
          if ((entry_tag >> 3) == 1)
            key = entry.bytes();
          else if ((entry_tag >> 3) == 2)
            value = entry.bytes();
          else
            entry.skip(static_cast<int>(entry_tag & 7));
        }
        out[field->name][key] = field->type == Type::BytesMap ? base64_encode(value) : value;
        break;
      }
      case Type::Bool:
        break;
    }
  }
  if (!reader.ok()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<nlohmann::json> decode_protobuf_object(std::string_view body) {
  if (body.size() < 4 || body.substr(0, 4) != std::string_view("k8s\0", 4)) return std::nullopt;
  // runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType.
  static const Schema kTypeMeta = {{1, "apiVersion", Type::String}, {2, "kind", Type::String}};
  static const Schema kUnknown = {{1, "typeMeta", Type::Message, &kTypeMeta}, {2, "raw", Type::Bytes}};
  auto unknown = decode(body.substr(4), kUnknown);
  if (!unknown || !unknown->contains("typeMeta") || !unknown->contains("raw")) return std::nullopt;
  auto kind = (*unknown)["typeMeta"].value("kind", "");
  auto schema = kKinds.find(kind);
  if (schema == kKinds.end()) return std::nullopt;
  auto raw = base64_decode((*unknown)["raw"].get<std::string>());
  if (!raw) return std::nullopt;
  auto object = decode(*raw, schema->second);
  if (!object) return std::nullopt;
  (*object)["kind"] = kind;
  (*object)["apiVersion"] = (*unknown)["typeMeta"].value("apiVersion", "");
  return object;
}

}  // namespace ks::standin

#include "tests/support/control_plane/protobuf_body.hpp"

#include <chrono>
#include <cstdint>

#include "base/base64.hpp"
#include "base/rfc3339.hpp"
#include "tests/support/control_plane/protobuf_schema.hpp"

namespace ks::standin {

namespace {

// The protobuf wire format: tag varints, then a varint or a length-prefixed payload.
class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}
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
    else if (wire_type == 1 && data_.size() - at_ >= 8)
      at_ += 8;
    else if (wire_type == 5 && data_.size() - at_ >= 4)
      at_ += 4;
    else
      ok_ = false;
  }

 private:
  std::string_view data_;
  size_t at_ = 0;
  bool ok_ = true;
};

// The fields {1: varint, 2: varint, 3: bytes} of a small message (Time, IntOrString), zero when absent.
struct SmallMessage {
  int64_t first = 0, second = 0;
  std::string third;
};

std::optional<SmallMessage> small_message(std::string_view payload) {
  SmallMessage out;
  WireReader reader(payload);
  while (!reader.done() && reader.ok()) {
    auto tag = reader.varint();
    auto number = tag >> 3;
    if (number == 1 && (tag & 7) == 0)
      out.first = static_cast<int64_t>(reader.varint());
    else if (number == 2 && (tag & 7) == 0)
      out.second = static_cast<int64_t>(reader.varint());
    else if (number == 3 && (tag & 7) == 2)
      out.third = reader.bytes();
    else
      reader.skip(static_cast<int>(tag & 7));
  }
  if (!reader.ok()) return std::nullopt;
  return out;
}

std::optional<nlohmann::json> decode_message(std::string_view data, const ProtoSchema& schema);

// One field's value, or null when it is Go's zero value that JSON leaves out.
std::optional<nlohmann::json> value_of(const ProtoField& field, WireReader& reader) {
  switch (field.type) {
    case ProtoType::Bool:
      return nlohmann::json(reader.varint() != 0);
    case ProtoType::BoolOmitFalse:
      return reader.varint() != 0 ? nlohmann::json(true) : nlohmann::json();
    case ProtoType::Int:
      return nlohmann::json(static_cast<int64_t>(reader.varint()));
    case ProtoType::IntOmitZero: {
      auto value = static_cast<int64_t>(reader.varint());
      return value != 0 ? nlohmann::json(value) : nlohmann::json();
    }
    default:
      break;
  }
  auto payload = reader.bytes();
  switch (field.type) {
    case ProtoType::String:
      // An element of a repeated string is kept even when empty (apiGroups: [""]).
      return payload.empty() && !field.repeated ? nlohmann::json() : nlohmann::json(std::string(payload));
    case ProtoType::Bytes:
      return nlohmann::json(base64_encode(payload));
    case ProtoType::Time: {
      auto time = small_message(payload);
      if (!time) return std::nullopt;
      if (payload.empty()) return nlohmann::json();  // the zero Time, which JSON writes as null
      return nlohmann::json(
          format_rfc3339(std::chrono::system_clock::time_point(std::chrono::seconds(time->first))));
    }
    case ProtoType::IntOrString: {
      auto value = small_message(payload);
      if (!value) return std::nullopt;
      return value->first == 1 ? nlohmann::json(value->third) : nlohmann::json(value->second);
    }
    case ProtoType::Message:
      return decode_message(payload, *field.message);
    default:
      return std::nullopt;
  }
}

// A map entry is a message {1: key, 2: value}.
bool add_map_entry(nlohmann::json& map, const ProtoField& field, std::string_view payload) {
  WireReader entry(payload);
  std::string key, value;
  while (!entry.done() && entry.ok()) {
    auto tag = entry.varint();
    if ((tag >> 3) == 1)
      key = entry.bytes();
    else if ((tag >> 3) == 2)
      value = entry.bytes();
    else
      entry.skip(static_cast<int>(tag & 7));
  }
  if (!entry.ok()) return false;
  map[key] = field.type == ProtoType::BytesMap ? base64_encode(value) : value;
  return true;
}

std::optional<nlohmann::json> decode_message(std::string_view data, const ProtoSchema& schema) {
  nlohmann::json out = nlohmann::json::object();
  WireReader reader(data);
  while (!reader.done() && reader.ok()) {
    auto tag = reader.varint();
    int number = static_cast<int>(tag >> 3), wire_type = static_cast<int>(tag & 7);
    const ProtoField* field = nullptr;
    for (const auto& candidate : schema)
      if (candidate.number == number) field = &candidate;
    if (!field) {
      reader.skip(wire_type);
      continue;
    }
    if (field->type == ProtoType::StringMap || field->type == ProtoType::BytesMap) {
      auto& map = out[field->name];
      if (map.is_null()) map = nlohmann::json::object();
      if (!add_map_entry(map, *field, reader.bytes())) return std::nullopt;
      continue;
    }
    auto value = value_of(*field, reader);
    if (!value || !reader.ok()) return std::nullopt;
    if (field->repeated)
      out[field->name].push_back(std::move(*value));
    else if (!value->is_null())
      out[field->name] = std::move(*value);
  }
  if (!reader.ok()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<nlohmann::json> decode_protobuf_object(std::string_view body) {
  if (body.size() < 4 || body.substr(0, 4) != std::string_view("k8s\0", 4)) return std::nullopt;
  // runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType.
  static const ProtoSchema kTypeMeta = {{1, "apiVersion", ProtoType::String}, {2, "kind", ProtoType::String}};
  static const ProtoSchema kUnknown = {{1, "typeMeta", ProtoType::Message, &kTypeMeta},
                                       {2, "raw", ProtoType::Bytes}};
  auto unknown = decode_message(body.substr(4), kUnknown);
  if (!unknown || !unknown->contains("typeMeta") || !unknown->contains("raw")) return std::nullopt;
  auto kind = (*unknown)["typeMeta"].value("kind", "");
  const auto* schema = protobuf_kind_schema(kind);
  if (!schema) return std::nullopt;
  auto raw = base64_decode((*unknown)["raw"].get<std::string>());
  if (!raw) return std::nullopt;
  auto object = decode_message(*raw, *schema);
  if (!object) return std::nullopt;
  (*object)["kind"] = kind;
  (*object)["apiVersion"] = (*unknown)["typeMeta"].value("apiVersion", "");
  return object;
}

}  // namespace ks::standin

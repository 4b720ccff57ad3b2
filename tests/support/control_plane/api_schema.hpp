#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ks::standin {

// What kube-apiserver's Go types tell it about one JSON field: which type its value decodes into (empty
// for a value taken as it is: scalars, free-form maps, types not described here), whether it is a list of
// that type, and its strategic-merge-patch strategy (`patchStrategy:"merge"` with `patchMergeKey`).
struct FieldSchema {
  std::string type;
  bool list = false;
  bool merge = false;     // patchStrategy "merge": lists merge instead of being replaced
  std::string merge_key;  // patchMergeKey; empty for a merged list of scalars
};

// The fields of one Go struct, by JSON name.
struct TypeSchema {
  std::string name;
  std::map<std::string, FieldSchema, std::less<>> fields;

  const FieldSchema* field(std::string_view json_name) const;
};

// The struct of a type name ("Container", or a kind: "ConfigMap"), or nullptr when the stand-in does not
// describe it (its values are then taken as they are: no unknown fields, lists replaced).
const TypeSchema* schema_type(std::string_view name);
// The type a field's value decodes into, or nullptr.
const TypeSchema* field_type(const FieldSchema* field);

}  // namespace ks::standin

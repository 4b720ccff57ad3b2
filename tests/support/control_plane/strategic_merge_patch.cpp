#include "tests/support/control_plane/strategic_merge_patch.hpp"

#include <algorithm>
#include <climits>
#include <set>

#include "base/error.hpp"
#include "tests/support/control_plane/field_errors.hpp"

namespace ks::standin {

namespace {

using nlohmann::json;
using Merged = std::expected<json, PatchError>;
using Done = std::expected<void, PatchError>;

const std::string kDirective = "$patch";
const std::string kRetainKeys = "$retainKeys";
const std::string kDeletePrefix = "$deleteFromPrimitiveList";
const std::string kOrderPrefix = "$setElementOrder";

std::unexpected<PatchError> fail(int status, std::string message) {
  return std::unexpected(PatchError{status, std::move(message)});
}
// mergepatch.ErrNoMergeKey, a plain error: 500.
std::unexpected<PatchError> no_merge_key(const json& map, const std::string& key) {
  return fail(500, "map: " + go_value(map) + " does not contain declared merge key: " + key);
}

// The list's element kind (object or scalar), all elements alike; lists of lists are refused.
std::expected<bool, PatchError> elements_are_maps(const json& a, const json& b) {
  std::optional<json::value_t> kind;
  for (const auto* list : {&a, &b})
    for (const auto& item : *list) {
      auto type = item.type();
      if (type == json::value_t::number_integer || type == json::value_t::number_unsigned)
        type = json::value_t::number_float;  // one numeric type once decoded
      if (!kind) {
        if (item.is_array()) return fail(422, "lists of lists are not supported");
        kind = type;
      } else if (*kind != type) {
        return fail(500, "list element types are not identical: [" + go_value(a) + " " + go_value(b) + "]");
      }
    }
  if (!kind) return fail(500, "no elements in any of the given slices");
  return *kind == json::value_t::object;
}

// Where `item` sits in `list`: by merge key for maps, by value for scalars; -1 when absent.
int index_of(const json& list, const json& item, const std::string& merge_key, bool maps) {
  auto value_of = [&](const json& v) -> json {
    if (!maps) return v;
    return v.is_object() && v.contains(merge_key) ? v[merge_key] : json();
  };
  auto wanted = value_of(item);
  for (size_t i = 0; i < list.size(); ++i)
    if (value_of(list[i]) == wanted) return static_cast<int>(i);
  return -1;
}

bool is_delete_directive(const json& item) {
  return item.is_object() && item.contains(kDirective) && item[kDirective] == "delete";
}

// normalizeSliceOrder: sorted by `order`, elements with a delete directive last.
std::expected<json, PatchError> order_by(json items, const json& order, const std::string& key, bool maps) {
  json deletions = json::array();
  if (maps) {
    for (const json* list : std::initializer_list<const json*>{&items, &order})
      for (const auto& item : *list)
        if (!item.is_object() || !item.contains(key)) return no_merge_key(item, key);
    json kept = json::array();
    for (auto& item : items) (is_delete_directive(item) ? deletions : kept).push_back(std::move(item));
    items = std::move(kept);
  }
  std::vector<std::pair<int, json>> keyed;
  for (auto& item : items) {
    int at = index_of(order, item, key, maps);
    keyed.emplace_back(at < 0 ? INT_MAX : at, std::move(item));
  }
  std::ranges::stable_sort(keyed, {}, &std::pair<int, json>::first);
  json sorted = json::array();
  for (auto& [at, item] : keyed) sorted.push_back(std::move(item));
  for (auto& item : deletions) sorted.push_back(std::move(item));
  return sorted;
}

// normalizeElementOrder + mergeSortedSlice: patch items keep the patch's order, server-only items the
// server's, and a server item goes first only when both are in the server list and it precedes.
Merged normalize_order(const json& patch_items, const json& server_only, const json& patch_order,
                       const json& server_order, const std::string& key, bool maps) {
  auto right = KS_TRY(order_by(patch_items, patch_order, key, maps));
  auto left = KS_TRY(order_by(server_only, server_order, key, maps));
  json all = json::array();
  size_t i = 0, j = 0;
  while (i < left.size() || j < right.size()) {
    if (i >= left.size()) {
      all.push_back(right[j++]);
    } else if (j >= right.size()) {
      all.push_back(left[i++]);
    } else {
      int li = index_of(server_order, left[i], key, maps), ri = index_of(server_order, right[j], key, maps);
      all.push_back(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return all;
}

// Splits `merged` into the items present in `by` and the others.
std::expected<std::pair<json, json>, PatchError> partition(const json& merged, const json& by,
                                                           const std::string& key, bool maps) {
  json in = json::array(), out = json::array();
  for (const auto& item : merged) {
    if (maps && (!item.is_object() || !item.contains(key))) return no_merge_key(item, key);
    (index_of(by, item, key, maps) >= 0 ? in : out).push_back(item);
  }
  return std::pair{in, out};
}

Merged merge_map(json original, json patch, const TypeSchema* type);

Merged merge_slice(json original, json patch, const TypeSchema* element, const std::string& key,
                   bool delete_list) {
  if (original.empty() && patch.empty()) return original;
  bool maps = KS_TRY(elements_are_maps(original, patch));
  json merged = json::array();
  if (!maps) {
    if (delete_list) {
      for (const auto& item : original)
        if (std::ranges::find(patch, item) == patch.end()) merged.push_back(item);
      return merged;
    }
    for (const auto* list : {&original, &patch})
      for (const auto& item : *list)
        if (std::ranges::find(merged, item) == merged.end()) merged.push_back(item);
  } else {
    // The elements with a directive: `$patch: delete` removes by key, `$patch: replace` drops the server
    // list. `$patch: merge` is not implemented by Kubernetes either.
    json plain = json::array();
    bool replace = false;
    for (const auto& item : patch) {
      if (!item.contains(kDirective)) {
        plain.push_back(item);
        continue;
      }
      const auto& directive = item[kDirective];
      if (directive == "delete") {
        if (!item.contains(key)) return no_merge_key(item, key);
        json kept = json::array();
        for (auto& existing : original)
          if (!(existing.is_object() && existing.contains(key) && existing[key] == item[key]))
            kept.push_back(std::move(existing));
        original = std::move(kept);
      } else if (directive == "replace") {
        replace = true;
      } else if (directive == "merge") {
        return fail(500, "merging lists cannot yet be specified in the patch");
      } else {
        return fail(500, "unknown patch type: " + go_value(directive) + " in map: " + go_value(item));
      }
    }
    if (replace) {
      original = std::move(plain);
      plain = json::array();
    }
    merged = original;
    for (const auto& item : plain) {
      if (!item.contains(key)) return no_merge_key(item, key);
      auto at = index_of(merged, item, key, true);
      if (at >= 0)
        merged[at] = KS_TRY(merge_map(merged[at], item, element));
      else
        merged.push_back(item);
    }
    patch = std::move(plain);
  }
  auto [patch_items, server_only] = KS_TRY(partition(merged, patch, key, maps));
  return normalize_order(patch_items, server_only, patch, original, key, maps);
}

// mergeSliceHandler: a list merges only when its field has the merge strategy.
Merged merge_list_field(json original, json patch, const FieldSchema* field, bool delete_list) {
  if (!field || !field->merge) return patch;
  return merge_slice(std::move(original), std::move(patch), field_type(field), field->merge_key, delete_list);
}

// The list name after "<prefix>/", or the directive's format error (400).
std::expected<std::string, PatchError> directive_target(const std::string& key, const std::string& prefix) {
  auto slash = key.find('/');
  if (slash == std::string::npos || key.substr(0, slash) != prefix)
    return fail(400, prefix == kDeletePrefix ? "invalid patch format of primitive list"
                                             : "invalid patch format of setElementOrder list");
  return key.substr(slash + 1);
}

// applyRetainKeysDirective: the server's keys not listed are cleared; the patch may set only listed keys.
Done apply_retain_keys(json& original, json& patch) {
  if (!patch.contains(kRetainKeys)) return {};
  auto retain = patch[kRetainKeys];
  patch.erase(kRetainKeys);
  if (!retain.is_array()) return fail(400, "invalid patch format of retainKeys");
  std::set<std::string> keep;
  for (const auto& key : retain)
    if (key.is_string()) keep.insert(key.get<std::string>());
  for (const auto& [key, value] : patch.items())
    if (!value.is_null() && !key.starts_with(kDeletePrefix) && !key.starts_with(kOrderPrefix) &&
        !keep.contains(key))
      return fail(400, "invalid patch format of retainKeys");
  for (auto it = original.begin(); it != original.end();)
    it = keep.contains(it.key()) ? std::next(it) : original.erase(it);
  return {};
}

// validatePatchWithSetOrderList: the patch list's items appear in the order list, in its order.
Done check_order_list(const json& patch_list, const json& order, const std::string& key) {
  if (order.empty() || patch_list.empty()) return {};
  json items = json::array();
  for (const auto& item : patch_list) {
    if (!key.empty() && !item.is_object()) return fail(500, "expected a map, but received " + go_value(item));
    if (key.empty() || !is_delete_directive(item)) items.push_back(item);
  }
  size_t p = 0, o = 0;
  while (p < items.size() && o < order.size()) {
    if (items[p].is_object() && items[p].contains(kDirective)) {
      ++p;
      continue;
    }
    if (!key.empty()) {
      if (!items[p].contains(key)) return no_merge_key(items[p], key);
      if (!order[o].is_object() || !order[o].contains(key)) return no_merge_key(order[o], key);
    }
    if (key.empty() ? items[p] == order[o] : items[p][key] == order[o][key]) ++p;
    ++o;
  }
  if (p < items.size() && o >= order.size())
    return fail(500, "The order in patch list:\n" + go_value(patch_list) + "\n doesn't match " +
                         kOrderPrefix + " list:\n" + go_value(order) + "\n");
  return {};
}

// mergePatchIntoOriginal: each `$setElementOrder/<list>` merges its list and then orders it.
Done apply_element_orders(json& original, json& patch, const TypeSchema* type) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : patch.items())
    if (key.starts_with(kOrderPrefix)) keys.push_back(key);
  for (const auto& directive : keys) {
    auto order = patch[directive];
    patch.erase(directive);
    if (!order.is_array()) return fail(500, "expected a []interface {}, but received " + go_value(order));
    auto name = KS_TRY(directive_target(directive, kOrderPrefix));
    bool in_original = original.contains(name), in_patch = patch.contains(name);
    if ((in_original && !original[name].is_array()) || (in_patch && !patch[name].is_array()))
      return fail(500, "expected a []interface {} for " + name);
    const auto* field = type ? type->field(name) : nullptr;
    std::string key = field ? field->merge_key : "";
    KS_CHECK(check_order_list(in_patch ? patch[name] : json::array(), order, key));
    json merged;
    if (in_original && in_patch)
      merged = KS_TRY(merge_list_field(original[name], patch[name], field, false));
    else if (in_original)
      merged = original[name];
    else if (in_patch)
      merged = patch[name];
    else
      continue;
    auto server = in_original ? original[name] : json::array();
    bool maps = KS_TRY(elements_are_maps(server, in_patch ? patch[name] : json::array()));
    auto [patch_items, server_only] = KS_TRY(partition(merged, order, key, maps));
    original[name] = KS_TRY(normalize_order(patch_items, server_only, order, server, key, maps));
    patch.erase(name);
  }
  return {};
}

Merged merge_map(json original, json patch, const TypeSchema* type) {
  if (patch.contains(kDirective)) {
    const auto& directive = patch[kDirective];
    if (directive == "replace") {
      patch.erase(kDirective);
      return patch;
    }
    if (directive == "delete") return json::object();
    return fail(500, "unknown patch type: " + go_value(directive) + " in map: " + go_value(patch));
  }
  if (!original.is_object()) original = json::object();
  KS_CHECK(apply_retain_keys(original, patch));
  KS_CHECK(apply_element_orders(original, patch, type));
  for (auto& [patch_key, value] : patch.items()) {
    std::string key = patch_key;
    bool delete_list = key.starts_with(kDeletePrefix);
    if (delete_list) key = KS_TRY(directive_target(key, kDeletePrefix));
    if (value.is_null()) {
      original.erase(key);
      continue;
    }
    if (!original.contains(key) || original[key].type() != value.type() ||
        !(value.is_object() || value.is_array())) {
      original[key] = value;
      continue;
    }
    const auto* field = type ? type->field(key) : nullptr;
    if (value.is_object())
      original[key] = KS_TRY(merge_map(original[key], value, field_type(field)));
    else
      original[key] = KS_TRY(merge_list_field(original[key], value, field, delete_list));
  }
  return original;
}

}  // namespace

std::expected<nlohmann::json, PatchError> strategic_merge_patch(nlohmann::json original, nlohmann::json patch,
                                                                const TypeSchema* type) {
  if (!patch.is_object())
    return fail(400, "json: cannot unmarshal " + std::string(patch.type_name()) +
                         " into Go value of type map[string]interface {}");
  return merge_map(std::move(original), std::move(patch), type);
}

}  // namespace ks::standin

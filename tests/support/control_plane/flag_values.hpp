#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/control_plane/flag_set.hpp"
#include "tests/support/control_plane/go_strconv.hpp"

namespace ks::standin {

// The parse rule of each kind of flag value, failing with the text its Go Set method returns; pflag
// wraps that text as `invalid argument "<value>" for "--<name>" flag: <text>`. The rules come from
// spf13/pflag (bool.go, int*.go, float*.go, duration.go, ip.go, string_slice.go, string_to_string.go),
// Go's strconv and time.ParseDuration, k8s.io/component-base/cli/flag (map_string_string.go,
// map_string_bool.go, langle_separated_map_string_string.go,
// colon_separated_multimap_string_string.go), component-base/logs/api/v1
// (verbosity and vmodule), apimachinery's resource.ParseQuantity, pkg/util/flag/flags.go (the kubelet's
// IPVar and RegisterWithTaintsVar) and pkg/util/taints/taints.go.
std::optional<std::string> value_error(FlagType type, std::string_view value);

// pflag's stringSlice reading of one use of the flag: one CSV record (empty text is no item).
std::expected<std::vector<std::string>, std::string> read_csv_record(std::string_view text);

}  // namespace ks::standin

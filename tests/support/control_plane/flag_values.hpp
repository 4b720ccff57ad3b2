#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/control_plane/flag_set.hpp"

namespace ks::standin {

// The parse rule of each kind of flag value, failing with the text its Go Set method returns; pflag
// wraps that text as `invalid argument "<value>" for "--<name>" flag: <text>`. The rules come from
// spf13/pflag (bool.go, int*.go, float*.go, duration.go, ip.go, string_slice.go, string_to_string.go),
// Go's strconv and time.ParseDuration, k8s.io/component-base/cli/flag (map_string_string.go,
// map_string_bool.go, colon_separated_multimap_string_string.go), component-base/logs/api/v1
// (verbosity and vmodule), apimachinery's resource.ParseQuantity, pkg/util/flag/flags.go (the kubelet's
// IPVar and RegisterWithTaintsVar) and pkg/util/taints/taints.go.
std::optional<std::string> value_error(FlagType type, std::string_view value);

// Go's strconv.Quote, which %q uses for a string.
std::string go_quote(std::string_view text);
// Go's strconv.ParseBool: 1, t, T, TRUE, true, True and their false twins.
std::optional<bool> go_parse_bool(std::string_view text);
// Go's strconv.ParseInt(text, 0, bits): the value, or strconv's error text.
std::expected<int64_t, std::string> go_parse_int(std::string_view text, int bits);
// pflag's stringSlice reading of one use of the flag: one CSV record (empty text is no item).
std::expected<std::vector<std::string>, std::string> read_csv_record(std::string_view text);

}  // namespace ks::standin

#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace ks::standin {

// Go's strconv as pflag's values call it, failing with strconv's own texts (strconv.NumError:
// `strconv.ParseInt: parsing "x": invalid syntax`, `strconv.ParseInt: parsing "x": value out of range`).
std::string go_syntax_error(std::string_view function, std::string_view text);
std::string go_range_error(std::string_view function, std::string_view text);

// strconv.Quote, which %q uses for a string.
std::string go_quote(std::string_view text);
// strconv.ParseBool: 1, t, T, TRUE, true, True and their false twins.
std::optional<bool> go_parse_bool(std::string_view text);
// strconv.ParseInt(text, 0, bits): Go's base prefixes (0x, 0o, 0b, a leading 0) and "_" between digits.
std::expected<int64_t, std::string> go_parse_int(std::string_view text, int bits);
// strconv.ParseUint(text, base, bits).
std::expected<uint64_t, std::string> go_parse_uint(std::string_view text, int base, int bits);
// strconv.ParseFloat(text, bits) for decimal text, Inf and NaN (hexadecimal floats are refused as syntax).
std::optional<std::string> go_float_error(std::string_view text, int bits);

}  // namespace ks::standin

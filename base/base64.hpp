#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ks {

std::string base64_encode(std::string_view bytes);
// Standard alphabet with padding; whitespace is ignored. nullopt for malformed input.
std::optional<std::string> base64_decode(std::string_view text);
// URL-safe alphabet without padding (RFC 4648 §5), as JWS uses.
std::string base64url_encode(std::string_view bytes);

}  // namespace ks

#include "tests/support/control_plane/bootstrap_secret.hpp"

#include <algorithm>

#include "base/base64.hpp"
#include "base/json_access.hpp"

namespace ks::standin {

namespace {

int digits(std::string_view text, size_t at, size_t count) {
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

bool lower_alphanumeric(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

std::string secret_data(const nlohmann::json& secret, const char* key) {
  return base64_decode(string_member(member(secret, "data"), key)).value_or("");
}

std::optional<std::chrono::system_clock::time_point> parse_go_rfc3339(std::string_view text) {
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':')
    return std::nullopt;
  int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 59)
    return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!date.ok()) return std::nullopt;
  size_t at = 19;
  if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
    size_t start = ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == start) return std::nullopt;
  }
  std::chrono::seconds offset{0};
  auto zone = text.substr(at);
  if (zone != "Z") {
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return std::nullopt;
    int zone_hours = digits(zone, 1, 2), zone_minutes = digits(zone, 4, 2);
    if (zone_hours < 0 || zone_hours > 23 || zone_minutes < 0 || zone_minutes > 59) return std::nullopt;
    offset = std::chrono::hours(zone_hours) + std::chrono::minutes(zone_minutes);
    if (zone[0] == '-') offset = -offset;
  }
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second) - offset;
}

bool token_expired(const nlohmann::json& secret, std::chrono::system_clock::time_point now) {
  auto expiration = secret_data(secret, "expiration");
  if (expiration.empty()) return false;
  auto expires = parse_go_rfc3339(expiration);
  return !expires || *expires <= now;
}

std::optional<TokenParts> token_parts(const nlohmann::json& secret) {
  if (string_member(secret, "type") != "bootstrap.kubernetes.io/token") return std::nullopt;
  TokenParts parts{secret_data(secret, "token-id"), secret_data(secret, "token-secret")};
  if (parts.id.size() != 6 || parts.secret.size() != 16 || !lower_alphanumeric(parts.id) ||
      !lower_alphanumeric(parts.secret) ||
      string_member(member(secret, "metadata"), "name") != "bootstrap-token-" + parts.id)
    return std::nullopt;
  return parts;
}

}  // namespace ks::standin

#include "preflight/containerd_config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "base/utf8.hpp"

namespace ks::preflight {

bool ContainerdConfig::disables_cri() const {
  return std::ranges::any_of(disabled_plugins, [](const std::string& p) {
    return p == "cri" || p == "io.containerd.grpc.v1.cri" || p.starts_with("io.containerd.cri.v1.");
  });
}

namespace {

// TOML allows non-ASCII characters only inside strings and comments. toml++ 3.3 reaches an unreachable
// branch on some of them elsewhere (U+0349 at the start of a line), so they are refused here first.
std::optional<size_t> non_ascii_outside_strings(std::string_view text) {
  enum class In { Code, Comment, Basic, Literal, MultiBasic, MultiLiteral } in = In::Code;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    auto at = [&](std::string_view token) { return text.substr(i, token.size()) == token; };
    switch (in) {
      case In::Code:
        if (c == '#')
          in = In::Comment;
        else if (at("\"\"\""))
          in = In::MultiBasic, i += 2;
        else if (at("'''"))
          in = In::MultiLiteral, i += 2;
        else if (c == '"')
          in = In::Basic;
        else if (c == '\'')
          in = In::Literal;
        else if (static_cast<unsigned char>(c) >= 0x80)
          return i;
        break;
      case In::Comment:
        if (c == '\n') in = In::Code;
        break;
      case In::Basic:
      case In::MultiBasic:
        if (c == '\\')
          ++i;
        else if (in == In::Basic && (c == '"' || c == '\n'))
          in = In::Code;
        else if (in == In::MultiBasic && at("\"\"\""))
          in = In::Code, i += 2;
        break;
      case In::Literal:
        if (c == '\'' || c == '\n') in = In::Code;
        break;
      case In::MultiLiteral:
        if (at("'''")) in = In::Code, i += 2;
        break;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<ContainerdConfig> parse_containerd_config(const std::string& text) {
  // TOML is UTF-8; toml++ reaches an unreachable branch on some broken sequences, so they stop here.
  if (auto at = invalid_utf8_at(text))
    return invalid("cannot read " + std::string(kContainerdConfigPath),
                   "byte " + std::to_string(*at + 1) + " is not valid UTF-8");
  if (auto at = non_ascii_outside_strings(text))
    return invalid(
        "cannot read " + std::string(kContainerdConfigPath),
        "line " + std::to_string(std::count(text.begin(), text.begin() + static_cast<long>(*at), '\n') + 1) +
            ": a non-ASCII character outside a string or comment");
  toml::table table;
  try {
    table = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return invalid("cannot read " + std::string(kContainerdConfigPath),
                   std::string(e.description()) + " at line " + std::to_string(e.source().begin.line));
  }
  ContainerdConfig config;
  if (auto* disabled = table["disabled_plugins"].as_array())
    for (const auto& item : *disabled)
      if (auto name = item.value<std::string>()) config.disabled_plugins.push_back(*name);
  // containerd 1.x (config version 2) and 2.x (version 3) keep runc's options under different plugins;
  // containerd reads the one its file's version names, so preflight does too.
  auto version = table["version"].value<int64_t>().value_or(1);
  const char* plugin = version >= 3 ? "io.containerd.cri.v1.runtime" : "io.containerd.grpc.v1.cri";
  if (auto value = table["plugins"][plugin]["containerd"]["runtimes"]["runc"]["options"]["SystemdCgroup"]
                       .value<bool>())
    config.systemd_cgroup = *value;
  return config;
}

}  // namespace ks::preflight

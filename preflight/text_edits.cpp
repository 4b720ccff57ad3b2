#include "preflight/text_edits.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <sstream>

#include "base/strings.hpp"
#include "preflight/containerd_config.hpp"

namespace ks::preflight {

std::string comment_out_swap_lines(const std::string& fstab) {
  std::string out;
  for (const auto& line : split(fstab, '\n')) {
    std::istringstream fields(line);
    std::string device, mount, type;
    bool swap = !trim(line).starts_with("#") && (fields >> device >> mount >> type) && type == "swap";
    out += (swap ? "# disabled by kubestrap (the kubelet needs swap off): " + line : line) + "\n";
  }
  if (!fstab.ends_with('\n') && out.ends_with('\n')) out.pop_back();
  if (fstab.ends_with('\n') && out.ends_with("\n\n")) out.pop_back();
  return out;
}

std::string ensure_line(const std::string& text, const std::string& line, const std::string& key) {
  std::string out;
  bool found = false;
  for (const auto& existing : split(text, '\n')) {
    auto trimmed = std::string(trim(existing));
    bool same_key =
        !key.empty() && trimmed.starts_with(key) &&
        (trimmed.size() == key.size() || trimmed[key.size()] == ' ' || trimmed[key.size()] == '=');
    if (trimmed == line || same_key) {
      if (!found) out += line + "\n";
      found = true;
    } else if (!existing.empty()) {
      out += existing + "\n";
    }
  }
  if (!found) out += line + "\n";
  return out;
}

std::string add_kernel_arguments(const std::string& cmdline, const std::vector<std::string>& arguments) {
  auto line = std::string(trim(cmdline));
  auto words = split(line, ' ');
  for (const auto& argument : arguments)
    if (std::ranges::find(words, argument) == words.end()) line += (line.empty() ? "" : " ") + argument;
  return line + "\n";
}

Result<std::string> containerd_config_for_kubernetes(const std::string& text) {
  auto parsed = KS_TRY(parse_containerd_config(text));  // refuses broken UTF-8 before toml++ sees it
  toml::table table;
  try {
    table = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return invalid("cannot edit " + std::string(kContainerdConfigPath), std::string(e.description()),
                   "fix the file by hand, or regenerate it with 'containerd config default'");
  }
  if (!parsed.disables_cri() && parsed.systemd_cgroup.value_or(false)) return text;  // nothing to change
  // containerd 1.x reads version 2 (full plugin names); a version-less file is the old format.
  auto version = table["version"].value<int64_t>().value_or(1);
  if (version < 2) table.insert_or_assign("version", 2);
  if (auto* disabled = table["disabled_plugins"].as_array()) {
    toml::array kept;
    for (const auto& item : *disabled) {
      auto name = item.value<std::string>().value_or("");
      if (name != "cri" && name != "io.containerd.grpc.v1.cri" && !name.starts_with("io.containerd.cri.v1."))
        kept.push_back(name);
    }
    table.insert_or_assign("disabled_plugins", kept);
  }
  std::string plugin = version >= 3 ? "io.containerd.cri.v1.runtime" : "io.containerd.grpc.v1.cri";
  auto ensure = [](toml::table& parent, const std::string& key) -> toml::table& {
    if (!parent[key].is_table()) parent.insert_or_assign(key, toml::table{});
    return *parent[key].as_table();
  };
  auto& runc =
      ensure(ensure(ensure(ensure(ensure(table, "plugins"), plugin), "containerd"), "runtimes"), "runc");
  if (!runc["runtime_type"]) runc.insert_or_assign("runtime_type", "io.containerd.runc.v2");
  ensure(runc, "options").insert_or_assign("SystemdCgroup", true);
  std::ostringstream out;
  out << "# Edited by kubestrap: CRI enabled, runc on the systemd cgroup driver. The original is kept next "
         "to this file.\n"
      << table << "\n";
  return out.str();
}

}  // namespace ks::preflight

#include "tests/support/kubelet/systemd_command_line.hpp"

#include <algorithm>
#include <map>

#include "base/strings.hpp"

namespace ks::standin {

namespace {

const std::vector<std::string> kUnitDirectories = {"/etc/systemd/system", "/usr/lib/systemd/system",
                                                   "/lib/systemd/system"};

// Words of a systemd value: whitespace-separated, double or single quotes group and are removed.
std::vector<std::string> unit_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote_char = 0;
  for (char c : text) {
    if (quote_char) {
      if (c == quote_char)
        quote_char = 0;
      else
        word += c;
    } else if (c == '"' || c == '\'') {
      quote_char = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

// "Key=Value" lines of a unit file, continuation lines joined, comments and section headers dropped.
std::vector<std::pair<std::string, std::string>> unit_settings(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> settings;
  std::string pending;
  for (const auto& raw : split(text, '\n')) {
    auto line = std::string(trim(raw));
    if (pending.empty() && (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '[')) continue;
    if (!line.empty() && line.back() == '\\') {
      pending += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    line = pending + line;
    pending.clear();
    if (auto equals = line.find('='); equals != std::string::npos)
      settings.emplace_back(std::string(trim(line.substr(0, equals))), line.substr(equals + 1));
  }
  return settings;
}

// KEY=VALUE lines of an EnvironmentFile, quotes around the value removed.
void read_environment_file(std::string_view text, std::map<std::string, std::string>& environment) {
  for (const auto& raw : split(text, '\n')) {
    auto line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    auto equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    auto value = std::string(trim(line.substr(equals + 1)));
    if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'') && value.back() == value[0])
      value = value.substr(1, value.size() - 2);
    environment[std::string(trim(line.substr(0, equals)))] = value;
  }
}

std::string substitute_braced(const std::string& word,
                              const std::map<std::string, std::string>& environment) {
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    if (word.compare(i, 2, "${") == 0) {
      auto close = word.find('}', i);
      if (close != std::string::npos) {
        auto it = environment.find(word.substr(i + 2, close - i - 2));
        if (it != environment.end()) out += it->second;
        i = close;
        continue;
      }
    }
    out += word[i];
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> kubelet_arguments(const host::Files& files) {
  std::vector<std::string> unit_texts;
  for (const auto& directory : kUnitDirectories)
    if (auto text = files.read(directory + "/kubelet.service")) {
      unit_texts.push_back(*text);
      break;
    }
  std::map<std::string, std::string> drop_ins;  // file name -> path, the first directory winning
  for (const auto& directory : kUnitDirectories)
    if (auto names = files.list(directory + "/kubelet.service.d"))
      for (const auto& name : *names)
        if (name.ends_with(".conf")) drop_ins.emplace(name, directory + "/kubelet.service.d/" + name);
  for (const auto& [name, path] : drop_ins) unit_texts.push_back(KS_TRY(files.read(path)));
  if (unit_texts.empty())
    unit_texts.push_back(
        "Environment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf "
        "--kubeconfig=/etc/kubernetes/kubelet.conf\"\n"
        "Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\n"
        "EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\n"
        "ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS\n");

  std::map<std::string, std::string> environment;
  std::vector<std::string> environment_files;
  std::string exec_start;
  for (const auto& text : unit_texts)
    for (const auto& [key, value] : unit_settings(text)) {
      if (key == "Environment") {
        for (const auto& assignment : unit_words(value))
          if (auto equals = assignment.find('='); equals != std::string::npos)
            environment[assignment.substr(0, equals)] = assignment.substr(equals + 1);
      } else if (key == "EnvironmentFile") {
        environment_files.push_back(std::string(trim(value)));
      } else if (key == "ExecStart") {
        exec_start = value;  // an empty ExecStart= clears the ones before it
      }
    }
  // Variables from files override Environment= ones (systemd.exec, EnvironmentFile=).
  for (const auto& entry : environment_files) {
    bool optional = entry.starts_with('-');
    auto path = optional ? entry.substr(1) : entry;
    auto text = files.read(path);
    if (!text && !optional)
      return failure("kubelet.service: reading EnvironmentFile " + path, text.error().message());
    if (text) read_environment_file(*text, environment);
  }
  auto words = unit_words(exec_start);
  if (words.empty()) return failure("kubelet.service", "it has no ExecStart=");
  std::vector<std::string> arguments;
  for (size_t i = 1; i < words.size(); ++i) {
    const auto& word = words[i];
    if (word.size() > 1 && word[0] == '$' && word[1] != '{') {
      if (auto it = environment.find(word.substr(1)); it != environment.end())
        for (const auto& part : unit_words(it->second)) arguments.push_back(part);
      continue;
    }
    arguments.push_back(substitute_braced(word, environment));
  }
  return arguments;
}

}  // namespace ks::standin

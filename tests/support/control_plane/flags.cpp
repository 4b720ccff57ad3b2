#include "tests/support/control_plane/flags.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ks::standin {

Result<Flags> Flags::parse(const std::vector<std::string>& words) {
  Flags flags;
  for (size_t i = 0; i < words.size(); ++i) {
    const auto& word = words[i];
    if (!word.starts_with("--")) return invalid("flag " + word, "expected --name=value");
    auto equals = word.find('=');
    if (equals != std::string::npos) {
      flags.values_[word.substr(2, equals - 2)] = word.substr(equals + 1);
    } else if (i + 1 < words.size() && !words[i + 1].starts_with("--")) {
      flags.values_[word.substr(2)] = words[++i];
    } else {
      flags.values_[word.substr(2)] = "true";
    }
  }
  return flags;
}

std::string Flags::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

Result<std::string> Flags::read_file(const std::string& name, const std::string& what) const {
  auto path = get(name);
  if (path.empty()) return invalid("--" + name, what + " is required");
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure(what, "open " + path + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ks::standin

#include "base/yaml_reader.hpp"

#include <nlohmann/json.hpp>

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

#include "base/strings.hpp"
#include "base/utf8.hpp"

namespace ks {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::ranges::all_of(s, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// [-+]digits[.digits][e[-+]digits] or [-+].digits[...]: what YAML's core schema reads as a float.
bool is_real(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  auto e = s.find_first_of("eE");
  auto mantissa = s.substr(0, e);
  if (e != std::string_view::npos) {
    auto exponent = s.substr(e + 1);
    if (!exponent.empty() && (exponent.front() == '-' || exponent.front() == '+')) exponent.remove_prefix(1);
    if (!all_digits(exponent)) return false;
  }
  auto dot = mantissa.find('.');
  if (dot == std::string_view::npos) return all_digits(mantissa);
  auto whole = mantissa.substr(0, dot), fraction = mantissa.substr(dot + 1);
  return (whole.empty() || all_digits(whole)) && (fraction.empty() || all_digits(fraction)) &&
         !(whole.empty() && fraction.empty());
}

// A number as Go's YAML reads it: an int64 when it fits, else a float when that fits, else the text
// itself (a float out of range stays a string there too).
nlohmann::json number_or_text(const std::string& s) {
  std::string_view digits(s);
  if (digits.front() == '+') digits.remove_prefix(1);
  const char* end = digits.data() + digits.size();
  if (all_digits(digits.front() == '-' ? digits.substr(1) : digits)) {
    int64_t value = 0;
    auto [at, error] = std::from_chars(digits.data(), end, value);
    if (error == std::errc() && at == end) return value;
  }
  double real = 0;
  auto [at, error] = std::from_chars(digits.data(), end, real);
  if (error == std::errc() && at == end) return real;
  return s;
}

nlohmann::json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::string_view unsigned_part(s);
  if (unsigned_part.front() == '-' || unsigned_part.front() == '+') unsigned_part.remove_prefix(1);
  if (all_digits(unsigned_part) || is_real(s)) return number_or_text(s);
  return s;
}

std::string where(const YAML::Mark& mark) {
  return "line " + std::to_string(mark.line + 1);
}

// A limit or rule broken inside a parser callback; caught around the parser, never leaves this file.
struct Refused {
  Error error;
};

[[noreturn]] void refuse(std::string why) {
  throw Refused{Error{ErrorKind::InvalidInput, "invalid YAML", std::move(why), {}}};
}

// yaml-cpp 0.7 decodes the escapes \N and \_ to the single bytes 0x85 and 0xA0 instead of their UTF-8
// forms; the text was valid UTF-8 before parsing, so any broken byte comes from there and is re-encoded.
std::string utf8_escapes(const YAML::Mark& mark, std::string value) {
  while (auto at = invalid_utf8_at(value)) {
    auto byte = static_cast<unsigned char>(value[*at]);
    if (byte != 0x85 && byte != 0xA0) refuse(where(mark) + ": a scalar that is not valid UTF-8");
    value.insert(*at, 1, '\xC2');
  }
  return value;
}

// Builds one document's JSON value straight from the parser's events (yaml-cpp's own node builder is not
// used: its LoadAll can loop forever on a stray ',' and it expands aliases without a bound). Every node,
// aliases expanded, counts against one budget shared by all documents of the text.
class JsonBuilder : public YAML::EventHandler {
 public:
  JsonBuilder(const YamlLimits& limits, std::vector<std::string>* warnings, size_t& nodes)
      : limits_(limits), warnings_(warnings), nodes_(nodes) {}

  bool empty() const { return !has_root_ || root_.is_null(); }
  nlohmann::json take_root() { return std::move(root_); }
  size_t null_position() const { return null_position_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    null_position_ = static_cast<size_t>(mark.pos);
    add(mark, nullptr, anchor, 1, nullptr);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) refuse(where(mark) + ": an alias to an unknown anchor");
    const std::string* text =
        it->second.value.is_string() ? &it->second.value.get_ref<const std::string&>() : nullptr;
    add(mark, it->second.value, 0, it->second.nodes, text);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // yaml-cpp tags quoted scalars "!" and plain ones "?": only plain ones are typed.
    bool quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    auto text = utf8_escapes(mark, value);
    add(mark, quoted ? nlohmann::json(text) : plain_scalar(text), anchor, 1, &text);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, nlohmann::json::array(), anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, nlohmann::json::object(), anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Anchored {
    nlohmann::json value;
    size_t nodes;
  };
  struct Frame {
    nlohmann::json value;
    YAML::anchor_t anchor;
    YAML::Mark mark;
    size_t nodes = 1;
    std::optional<std::string> key;  // a mapping's key waiting for its value
    int key_line = 0;
    std::map<std::string, int> key_lines;
  };

  void count(size_t nodes, const YAML::Mark& mark) {
    nodes_ += nodes;
    if (nodes_ > limits_.max_nodes)
      refuse("more than " + std::to_string(limits_.max_nodes) + " nodes after alias expansion (" +
             where(mark) + ")");
  }

  void open(const YAML::Mark& mark, nlohmann::json container, YAML::anchor_t anchor) {
    if (stack_.size() >= limits_.max_depth)
      refuse("nested deeper than " + std::to_string(limits_.max_depth) + " levels at " + where(mark));
    count(1, mark);
    stack_.push_back(Frame{std::move(container), anchor, mark});
  }

  void close() {
    auto frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.anchor) anchors_[frame.anchor] = Anchored{frame.value, frame.nodes};
    attach(frame.mark, std::move(frame.value), frame.nodes, nullptr);
  }

  // `text`: the scalar as written, for use as a mapping key (a plain 6443 is a number as a value).
  void add(const YAML::Mark& mark, nlohmann::json value, YAML::anchor_t anchor, size_t nodes,
           const std::string* text) {
    count(nodes, mark);
    if (anchor) anchors_[anchor] = Anchored{value, nodes};
    attach(mark, std::move(value), nodes, text);
  }

  void attach(const YAML::Mark& mark, nlohmann::json value, size_t nodes, const std::string* text) {
    if (stack_.empty()) {
      root_ = std::move(value);
      has_root_ = true;
      return;
    }
    auto& top = stack_.back();
    top.nodes += nodes;
    if (top.value.is_array()) {
      top.value.push_back(std::move(value));
      return;
    }
    if (!top.key) {
      if (!text) refuse(where(mark) + ": a mapping key must be a plain value");
      top.key = *text;
      top.key_line = mark.line + 1;
      return;
    }
    auto [seen, fresh] = top.key_lines.emplace(*top.key, top.key_line);
    if (!fresh && warnings_)
      warnings_->push_back("duplicate field " + quote(*top.key) + " at lines " +
                           std::to_string(seen->second) + " and " + std::to_string(top.key_line) +
                           " (the last value is used)");
    top.value[*top.key] = std::move(value);
    top.key.reset();
  }

  const YamlLimits& limits_;
  std::vector<std::string>* warnings_;
  size_t& nodes_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  nlohmann::json root_;
  bool has_root_ = false;
  size_t null_position_ = 0;
};

std::string position(std::string_view text, size_t offset) {
  auto before = text.substr(0, offset);
  auto line = std::ranges::count(before, '\n') + 1;
  auto line_start = before.find_last_of('\n');
  auto column = offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Go's YAML parser refuses these before parsing; so does this one.
Status check_characters(std::string_view text) {
  if (auto at = invalid_utf8_at(text))
    return invalid("invalid YAML", position(text, *at) + ": not valid UTF-8");
  for (size_t from = 0; from < text.size();) {
    auto at = control_character_at(text.substr(from), true);
    if (!at) break;
    size_t offset = from + *at;
    // U+0085 (next line) is the one C1 character YAML allows.
    if (text.substr(offset, 2) != "\xC2\x85")
      return invalid("invalid YAML", position(text, offset) + ": control character " +
                                         quote(text.substr(offset, text[offset] & 0x80 ? 2 : 1)) +
                                         " (write it escaped inside double quotes)");
    from = offset + 2;
  }
  return {};
}

// Whether a quote at text[at] opens a quoted scalar rather than sitting inside a plain one ("it's").
bool starts_scalar(std::string_view text, size_t at, size_t depth) {
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  if (at == 0 || text[at - 1] == '\n') return true;
  char before = text[at - 1];
  return before == ':' || before == '-' || before == '?' ||
         (depth > 0 && (before == ',' || before == '[' || before == '{'));
}

// The bracket depth of flow collections ([ and {) outside quotes and comments, checked before yaml-cpp
// parses: its recursive parser would otherwise give up on thousands of brackets with an unhelpful "bad file".
Status check_flow_depth(std::string_view text, size_t max_depth) {
  size_t depth = 0, line = 1;
  char quote_char = 0;
  bool comment = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote_char) {
      if (c == '\\' && quote_char == '"')
        ++i;
      else if (c == quote_char)
        quote_char = 0;
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n'))
      comment = true;
    else if ((c == '"' || c == '\'') && starts_scalar(text, i, depth))
      quote_char = c;
    // Outside a flow collection a bracket inside a plain scalar ("u{{") is text, not a collection.
    else if ((c == '[' || c == '{') && (depth > 0 || starts_scalar(text, i, depth))) {
      if (++depth > max_depth)
        return invalid("invalid YAML", "nested deeper than " + std::to_string(max_depth) +
                                           " levels at line " + std::to_string(line));
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

}  // namespace

Result<std::vector<nlohmann::json>> parse_yaml_documents(std::string_view text,
                                                         std::vector<std::string>* warnings,
                                                         YamlLimits limits) {
  KS_CHECK(check_characters(text));
  KS_CHECK(check_flow_depth(text, limits.max_depth));
  std::istringstream stream{std::string(text)};
  std::vector<nlohmann::json> documents;
  size_t nodes = 0;
  std::optional<size_t> last_empty;
  try {
    YAML::Parser parser(stream);
    while (true) {
      JsonBuilder builder(limits, warnings, nodes);
      if (!parser.HandleNextDocument(builder)) break;
      if (!builder.empty()) {
        documents.push_back(builder.take_root());
        continue;
      }
      // yaml-cpp 0.7 reports the same empty document forever at a token it cannot place (",,"):
      // an empty document that did not move the parser on ends the text as an error.
      if (last_empty == builder.null_position())
        return invalid("invalid YAML", position(text, builder.null_position()) + ": unexpected text");
      last_empty = builder.null_position();
    }
  } catch (const Refused& refused) {
    return std::unexpected(refused.error);
  } catch (const YAML::Exception& e) {
    return invalid("invalid YAML", "line " + std::to_string(e.mark.line + 1) + ", column " +
                                       std::to_string(e.mark.column + 1) + ": " + e.msg);
  } catch (const std::exception& e) {
    return invalid("invalid YAML", e.what());
  }
  return documents;
}

Result<nlohmann::json> parse_yaml(std::string_view text, std::vector<std::string>* warnings,
                                  YamlLimits limits) {
  auto documents = KS_TRY(parse_yaml_documents(text, warnings, limits));
  if (documents.empty()) return nlohmann::json(nullptr);
  if (documents.size() > 1)
    return invalid("invalid YAML", "expected one document, found " + std::to_string(documents.size()));
  return documents.front();
}

}  // namespace ks

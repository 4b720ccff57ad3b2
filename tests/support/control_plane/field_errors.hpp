#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "tests/support/control_plane/go_strconv.hpp"
#include "tests/support/control_plane/reply.hpp"

namespace ks::standin {

// One entry of a field.ErrorList (staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go).
struct FieldError {
  enum class Type { Invalid, Required, Forbidden, NotSupported, Duplicate, TooLong, NotFound };
  Type type = Type::Invalid;
  std::string field;  // "metadata.labels", "data[a b]"
  std::string value;  // the bad value as Go prints it (go_quote, go_string_slice, ...); unused by some types
  std::string detail;

  // ErrorBody(): "Invalid value: \"x\": detail", "Required value", "Forbidden: detail".
  std::string body() const;
  // Error(): "field: body".
  std::string text() const;
};

using FieldErrors = std::vector<FieldError>;

FieldError invalid_field(std::string field, std::string go_value, std::string detail);
FieldError required_field(std::string field, std::string detail = {});
FieldError forbidden_field(std::string field, std::string detail);
FieldError not_supported_field(std::string field, std::string go_value,
                               const std::vector<std::string>& valid);

// Go's %#v of a []string: []string{"a", "b"}.
std::string go_string_slice(const std::vector<std::string>& items);
// Go's %+v of a decoded JSON value (map[a:1 b:[x y]]), as strict-decoding errors of patches print it.
std::string go_value(const nlohmann::json& value);

// errors.NewInvalid: 422, reason Invalid, `<Kind[.group]> "<name>" is invalid: <errors>` with one cause a
// field error; several errors are joined as "[a, b]" after dropping repeated texts, as ToAggregate does.
Reply invalid_reply(const std::string& group, const std::string& kind, const std::string& name,
                    const FieldErrors& errors);

}  // namespace ks::standin

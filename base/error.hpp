// base: the small vocabulary every other module shares — the error/result type, string helpers,
// IP/CIDR arithmetic, DNS-name rules, Go-style durations and a YAML writer. Nothing here knows
// about Kubernetes; it exists so that each topic module speaks the same language for failures.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace ks {

// The kind decides the process exit code (see exit_code and the README's table).
enum class ErrorKind {
  Failure,       // a step failed at run time (I/O, a command, a crypto operation)
  InvalidInput,  // a flag, config field or argument is malformed; nothing was changed
  Conflict,      // existing state on the node disagrees with what would be written
  Preflight,     // the host is not fit to run the requested work
};

// What failed, why, and what the user can do about it. Context is added once per layer.
struct Error {
  ErrorKind kind = ErrorKind::Failure;
  std::string what;
  std::string why;
  std::string fix;

  Error context(const std::string& outer) && {
    what = outer + ": " + what;
    return std::move(*this);
  }
  std::string message() const {
    std::string text = what;
    if (!why.empty()) text += ": " + why;
    return text;
  }
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string what, std::string why = {},
                                   std::string fix = {}) {
  return std::unexpected(Error{kind, std::move(what), std::move(why), std::move(fix)});
}
inline std::unexpected<Error> failure(std::string what, std::string why = {}, std::string fix = {}) {
  return fail(ErrorKind::Failure, std::move(what), std::move(why), std::move(fix));
}
inline std::unexpected<Error> invalid(std::string what, std::string why = {}, std::string fix = {}) {
  return fail(ErrorKind::InvalidInput, std::move(what), std::move(why), std::move(fix));
}
inline std::unexpected<Error> conflict(std::string what, std::string why = {}, std::string fix = {}) {
  return fail(ErrorKind::Conflict, std::move(what), std::move(why), std::move(fix));
}

// Adds context to a failed result, passing successes through.
template <class T>
Result<T> with_context(Result<T> result, const std::string& outer) {
  if (!result) return std::unexpected(std::move(result.error()).context(outer));
  return result;
}

constexpr int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Failure:
      return 1;
    case ErrorKind::Preflight:
      return 2;
    case ErrorKind::InvalidInput:
      return 3;
    case ErrorKind::Conflict:
      return 4;
  }
  return 1;
}

}  // namespace ks

// Propagates a failed expression's error from the enclosing function; yields the value otherwise.
#define KS_TRY(expr)                                                                \
  __extension__({                                                                   \
    auto ks_try_result_ = (expr);                                                   \
    if (!ks_try_result_) return std::unexpected(std::move(ks_try_result_).error()); \
    std::move(ks_try_result_).value();                                              \
  })
#define KS_CHECK(expr)                                                                  \
  do {                                                                                  \
    auto ks_check_result_ = (expr);                                                     \
    if (!ks_check_result_) return std::unexpected(std::move(ks_check_result_).error()); \
  } while (0)

#pragma once

#include <string>

namespace ks::standin {

// The current time as the kubelet writes it into API objects, RFC 3339 in UTC: metav1.Time with whole
// seconds (0 digits), metav1.MicroTime (6) or time.RFC3339Nano (9, config.seen; Go drops trailing zeros
// there, which is kept here as a fixed width).
std::string utc_now(int fraction_digits);

}  // namespace ks::standin

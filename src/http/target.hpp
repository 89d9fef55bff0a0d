// Internal to the server: turns a raw request-target into the decoded path
// and query of a Request.
#pragma once

#include <string_view>

#include "http/request.hpp"

namespace coproduce::http {

// Sets request.target, .path and .query from `target`. Throws core::Error(400)
// naming the problem when the target is not a valid origin- or absolute-form URL or its
// percent-encoding is malformed (e.g. "%zz") or decodes to a NUL byte.
void decode_target(Request& request, std::string_view target);

}  // namespace coproduce::http

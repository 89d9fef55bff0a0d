// The check every text input passes at the edge, before any handler sees it:
// the path, each query parameter, each form field (urlencoded, or a
// multipart/form-data text field or file name: not a file's bytes) and each
// JSON string (keys and values) must be well-formed UTF-8 without NUL or other control
// characters. Refusals name the input: 400 for the path and the query, 422
// for a body field, with catalogue keys so they are said in the reader's
// language. A JSON body that is not valid UTF-8 is malformed (400).
#pragma once

#include "http/request.hpp"

namespace coproduce::http {

// Throws core::Error naming the first input with a problem.
void check_text_inputs(const Request& request);

}  // namespace coproduce::http

// multipart/form-data (RFC 7578), read strictly: the body an HTML form with
// enctype="multipart/form-data" sends, as parts named by their
// Content-Disposition, each with its bytes. A file upload is one such part.
// Anything a browser would not send (no boundary, a line end that is not
// CRLF, a part with no name, a body that stops before the closing boundary)
// is refused with a 400 naming the problem; more parts than the limit are a
// 413. Nothing is decoded: a part's bytes are as sent (RFC 7578 section 4.7),
// and names and file names are taken as the browser wrote them (a quote as
// %22, per the HTML standard).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace coproduce::http {

struct MultipartLimits {
  std::size_t max_parts = 64;
  std::size_t max_part_header_bytes = 4096;  // one part's header block, CRLFs included
  std::size_t max_part_header_lines = 8;
};

struct Part {
  std::string name;
  // Set for a file input: the file name without any folder ("" when the
  // person chose no file). Unset for a text field.
  std::optional<std::string> filename;
  std::string content_type;  // as sent, "" when not given
  std::string_view body;     // a view into the parsed body: valid while that lives
  bool is_file() const { return filename.has_value(); }
};

// Whether a Content-Type value is multipart/form-data (any parameters).
bool is_multipart_form(std::string_view content_type);

// The boundary a "multipart/form-data; boundary=..." value names. Throws
// core::malformed (400) when it is absent, repeated, empty, longer than 70
// characters or holds characters RFC 2046 does not allow.
std::string multipart_boundary(std::string_view content_type);

// The parts of `body`, in order. Throws core::Error: 400 "malformed" naming
// the problem (no boundary line, a truncated body, a part header too long or
// malformed, no Content-Disposition, a part with no name, an encoding other
// than 7bit, 8bit or binary), 413 "too_large" for more than max_parts parts.
std::vector<Part> parse_multipart(std::string_view content_type, std::string_view body,
                                  const MultipartLimits& limits = {});

// The request's parts when its Content-Type is multipart/form-data, else none.
std::vector<Part> multipart_parts(const Request& request);

// The file sent in the file input `name`: nullopt when the form has no such
// part, or the person chose no file (an empty file name and no bytes).
std::optional<Part> uploaded_file(const Request& request, std::string_view name);

}  // namespace coproduce::http

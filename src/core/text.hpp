// Text helpers every layer shares: escaping for HTML (the one implementation:
// web::escape and the HTTP layer's fallback error page both use it), and the
// checks every text input passes at the edge.
#pragma once

#include <string>
#include <string_view>

namespace coproduce::core {

// Safe in element content and in quoted attributes: & < > " ' become entities.
std::string escape_html(std::string_view text);

// `text` without the spaces, tabs and line breaks at either end.
std::string trimmed(std::string_view text);

// The number of characters (code points) in UTF-8 text: the bytes that are
// not continuation bytes (10xxxxxx). What length limits on text count.
std::size_t utf8_length(std::string_view utf8);

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
bool is_valid_utf8(std::string_view text);

// Why a piece of text cannot be stored, or "" when it can: invalid UTF-8, a
// NUL byte, or another control character (tab, line feed and carriage return
// are allowed). Codes: "invalid_utf8", "nul", "control".
std::string_view text_problem(std::string_view text);

// A path on this site ("/x?y"), never another site's ("//host", "/\\host"), with
// no control characters and at most 2,000 bytes: where a link may send someone
// back to after signing in or switching language.
bool is_local_path(std::string_view path);

// `text` with every byte that is not part of well-formed UTF-8 replaced by
// U+FFFD, for writing outside input safely (logs).
std::string valid_utf8(std::string_view text);

}  // namespace coproduce::core

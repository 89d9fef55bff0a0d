// Internal to the server (and its fuzz target): the steps that turn the bytes
// of an HTTP/1.1 request into a Request, each where the server takes it:
// the header block is checked before the parser sees it, the parsed header
// before any body byte is read, the whole message before dispatch.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/request.hpp"

namespace coproduce::http {

using RawRequest = boost::beast::http::request<boost::beast::http::string_body>;

// `text` lower-cased (ASCII), and also without surrounding spaces and tabs.
std::string lower_case(std::string_view text);
std::string lower_trimmed(std::string_view text);

// The header block (up to and including the blank line's first CRLF) holds
// obsolete line folding, which the parser would silently accept (RFC 9112 5.2).
bool has_obsolete_folding(std::string_view header_block);

// RFC 9112 framing rules the parser leaves to us: Host exactly once in
// HTTP/1.1; a Transfer-Encoding that is exactly "chunked" (400 for another
// known coding, 501 for an unknown one), never beside Content-Length and never
// in HTTP/1.0.
std::optional<core::Error> framing_problem(const RawRequest& message);

// The Request a parsed message makes: method, decoded target, lower-cased
// header names, body (moved out of `message`). Throws core::Error: 501 for a
// method the server does not serve, 414 for a target over `max_target_bytes`,
// 400 for a target that is not a valid URL.
void to_request(RawRequest& message, std::size_t max_target_bytes, Request& request);

}  // namespace coproduce::http

// Routes the web module owns: the language switch that works without
// JavaScript and remembers the choice in a cookie; and the HTML error page.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/router.hpp"

namespace coproduce::web {

// The handler behind GET /language?lang=cy&return=/map: sets the cp_lang
// cookie for a year (Secure when the deployment's cookies are, or the client
// came over TLS) and answers 303 to the return path.
http::Response switch_language(http::Context& ctx, bool secure_cookies = false);

// `target` when it is a path on this site ("/..." but not "//host" or "/\host"
// and free of control characters); nullopt otherwise (open-redirect guard).
std::optional<std::string> local_return_path(std::string_view target);

// An error as a page in the site's layout and the request's language, with the
// error's status (for http::Server::set_error_page). Messages of 4xx errors are
// shown; those of 5xx errors are not, as they may describe internals.
http::Response error_page(http::Context& ctx, const core::Error& error);

}  // namespace coproduce::web

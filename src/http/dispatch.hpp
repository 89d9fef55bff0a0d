// Internal to the server: everything between a parsed Request and the
// Response, free of Beast so it compiles fast and reads on its own:
// static assets, authentication, routing (404/405), policy (401/303/403),
// CSRF for state-changing methods, the handler, and error rendering.
#pragma once

#include <filesystem>
#include <string_view>

#include "http/server.hpp"

namespace coproduce::http {

struct Dispatcher {
  const Router& router;
  Authenticator authenticate;
  CsrfCheck check_csrf;
  ErrorPage error_page;
  std::filesystem::path static_root;  // canonical; empty: no static files
  Translator translate = {};           // error messages that are catalogue keys

  // Never throws. `signed_in` reports whether the request was authenticated,
  // for the access log.
  Response handle(const Request& request, std::string_view request_id, bool* signed_in) const;
  // The error as JSON (API and JSON-preferring clients) or an HTML page.
  Response render_error(Context& ctx, const core::Error& error) const;

 private:
  Response answer(Context& ctx, std::string_view request_id, bool* signed_in) const;
};

// Text with &, <, >, " and ' escaped for HTML.
std::string escape_html(std::string_view text);

}  // namespace coproduce::http

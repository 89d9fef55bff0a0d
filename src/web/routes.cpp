// The language switch: validate, remember in a cookie, send the person back.
#include "web/routes.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "i18n/i18n.hpp"

namespace coproduce::web {
namespace {

constexpr int kOneYearSeconds = 365 * 24 * 60 * 60;

// Behind a trusted TLS-terminating proxy, the server sets request.secure.
bool served_over_tls(const http::Request& request) { return request.secure; }

}  // namespace

std::optional<std::string> local_return_path(std::string_view target) {
  if (!core::is_local_path(target)) return std::nullopt;
  return std::string(target);
}

http::Response switch_language(http::Context& ctx, bool secure_cookies) {
  std::string lang = ctx.request.query_param("lang").value_or("");
  std::string return_to = ctx.request.query_param("return").value_or("/");
  if (!i18n::is_supported(lang))
    return http::Response::error(core::invalid("lang", "lang must be one of: en, cy"));
  auto local = local_return_path(return_to);
  if (!local)
    return http::Response::error(
        core::invalid("return", "return must be a path on this site, starting with a single /"));
  auto response = http::Response::redirect(*local);
  response.set_header("Set-Cookie", http::make_cookie(i18n::kLanguageCookie, lang, kOneYearSeconds,
                                                      secure_cookies || served_over_tls(ctx.request)));
  return response;
}

}  // namespace coproduce::web

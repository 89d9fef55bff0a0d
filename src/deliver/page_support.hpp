// The small pieces every deliver page and route is written with: a message in
// the request's language, a paragraph, headings, a link (with words for screen
// readers), and an answer no cache keeps (personal or changing data).
#pragma once

#include <string>
#include <string_view>

#include "http/router.hpp"
#include "i18n/i18n.hpp"
#include "web/html.hpp"

namespace coproduce::deliver {

inline std::string t(const http::Context& ctx, std::string_view key, const i18n::Args& args = {}) {
  return i18n::t(ctx.locale, key, args);
}
inline std::string para(std::string_view text) { return "<p class=\"govuk-body\">" + web::escape(text) + "</p>"; }
inline std::string h1(std::string_view text) { return "<h1 class=\"govuk-heading-l\">" + web::escape(text) + "</h1>"; }
inline std::string h2(std::string_view text) { return "<h2 class=\"govuk-heading-m\">" + web::escape(text) + "</h2>"; }
inline std::string link(std::string_view href, std::string_view text, std::string_view hidden = {}) {
  return "<a class=\"govuk-link\" href=\"" + web::escape(href) + "\">" + web::escape(text) +
         (hidden.empty() ? std::string() : "<span class=\"govuk-visually-hidden\"> " + web::escape(hidden) + "</span>") +
         "</a>";
}
inline http::Response no_store(http::Response r) {
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace coproduce::deliver

// Small helpers the map's page files share: catalogue lookups in the page's
// language, amounts and dates as people read them, options for selects and
// radios, and a form's problems as the error summary and per-field messages.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/router.hpp"
#include "i18n/i18n.hpp"
#include "map/commands.hpp"
#include "map/model.hpp"
#include "store/database.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace coproduce::map::pages {

inline std::string t(const http::Context& ctx, std::string_view key, const i18n::Args& args = {}) {
  return i18n::t(ctx.locale, key, args);
}
template <class E>
std::string name_of(const http::Context& ctx, std::string_view prefix, E value) {
  return t(ctx, std::string(prefix) + std::string(to_string(value)));
}

// "12 hours", "2.5 hours" (exact), in the page's language.
std::string hours(const http::Context& ctx, std::int64_t hours_x100);
// Hours and money of an entry, "" when it has neither.
std::string amount(const http::Context& ctx, const Contribution& c);
// "23 November 2026", or "" for a blank or malformed date.
std::string date_or_blank(const http::Context& ctx, const std::string& iso);
// An entry's status as a coloured tag: confirmed, claimed, disputed, void,
// reversed, or a reversing entry.
std::string status_tag(const http::Context& ctx, const Contribution& c);
// <a class="govuk-link"> with escaped href and text.
std::string link(std::string_view href, std::string_view text);

// The initiative of the request's organisation with this id, or 404 (another
// organisation's ids included).
Initiative initiative_or_404(store::Connection& conn, const http::Context& ctx, const std::string& id);

// The organisation's members, by name: (display name, account id).
std::vector<std::pair<std::string, std::string>> members_of(store::Connection& conn, const std::string& org);

// Options from records with ids and names, the first meaning "all" (or "none").
template <class T>
std::vector<web::Option> options_of(const http::Context& ctx, const std::vector<T>& items) {
  std::vector<web::Option> out = {{"", t(ctx, "map.filter.all"), ""}};
  for (const auto& item : items) out.push_back({item.id, item.name, ""});
  return out;
}
template <class E, std::size_t N>
std::vector<web::Option> enum_options(const http::Context& ctx, std::string_view prefix,
                                      const E (&all)[N], bool with_all) {
  std::vector<web::Option> out;
  if (with_all) out.push_back({"", t(ctx, "map.filter.all"), ""});
  for (E e : all) out.push_back({std::string(to_string(e)), name_of(ctx, prefix, e), ""});
  return out;
}

using web::FormErrors;
using web::value_of;
inline FormErrors form_errors(const http::Context& ctx, const std::vector<Problem>& problems) {
  return web::form_errors(ctx, problems);
}

}  // namespace coproduce::map::pages

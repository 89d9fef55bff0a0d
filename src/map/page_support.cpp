#include "map/page_support.hpp"

#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "map/json.hpp"
#include "map/repository.hpp"
#include "web/html.hpp"

namespace coproduce::map::pages {

std::string hours(const http::Context& ctx, std::int64_t hours_x100) {
  // Whole hours read naturally ("12 hours"); fractions keep two decimals exact.
  if (hours_x100 % 100 == 0) return i18n::plural(ctx.locale, "map.count.hours", hours_x100 / 100);
  return t(ctx, "map.hours_decimal", {{"hours", hours_text(hours_x100)}});
}

std::string amount(const http::Context& ctx, const Contribution& c) {
  std::string out;
  if (c.hours_x100 > 0) out = hours(ctx, c.hours_x100);
  if (c.money_minor > 0) {
    if (!out.empty()) out += ", ";
    out += i18n::format_money(ctx.locale, c.money_minor, c.currency);
  }
  return out;
}

std::string date_or_blank(const http::Context& ctx, const std::string& iso) {
  return core::is_iso_date(iso) ? i18n::format_date(ctx.locale, iso) : "";
}

std::string status_tag(const http::Context& ctx, const Contribution& c) {
  if (c.is_reversal()) return web::tag(t(ctx, "map.status.reversal"), "purple");
  if (c.reversed()) return web::tag(t(ctx, "map.status.reversed"), "orange");
  const char* colour = c.status == Status::confirmed ? "green"
                       : c.status == Status::disputed ? "red"
                       : c.status == Status::void_    ? "grey"
                                                      : "yellow";
  return web::tag(name_of(ctx, "map.status.", c.status), colour);
}

std::string link(std::string_view href, std::string_view text) {
  return "<a class=\"govuk-link\" href=\"" + web::escape(href) + "\">" + web::escape(text) + "</a>";
}

std::vector<std::pair<std::string, std::string>> members_of(store::Connection& conn, const std::string& org) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : conn.query(
           "SELECT a.display_name, a.id FROM memberships m JOIN accounts a ON a.id = m.account_id "
           "WHERE m.organisation_id = $1 ORDER BY a.display_name, a.id",
           {org}))
    out.emplace_back(row.text(0), row.text(1));
  return out;
}

Initiative initiative_or_404(store::Connection& conn, const http::Context& ctx, const std::string& id) {
  auto i = core::looks_like_id(id) ? repo::find_initiative(conn, ctx.principal.organisation_id, id) : std::nullopt;
  if (!i) throw core::not_found("Initiative");
  return *i;
}

}  // namespace coproduce::map::pages

#include "audit/module.hpp"

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "audit/pages.hpp"
#include "core/error.hpp"

namespace coproduce::audit {
namespace {

// A whole number in [min, max] written in at most `digits` digits, or nullopt.
std::optional<int> whole_number(const std::string& text, int min, int max, std::size_t digits) {
  if (text.empty() || text.size() > digits || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  int n = std::stoi(text);
  if (n < min || n > max) return std::nullopt;
  return n;
}

Filter api_filter(const http::Request& request) {
  auto typed = typed_filters(request);
  auto problems = problems_of(typed);
  auto filter = filter_of(typed);
  if (auto limit = request.query_param("limit")) {
    auto n = whole_number(*limit, 1, kMaxListLimit, 3);
    if (!n) problems.push_back({"limit", "audit.error.limit"});
    filter.limit = n.value_or(100);
  }
  if (auto offset = request.query_param("offset")) {
    auto n = whole_number(*offset, 0, 999'999'999, 9);
    if (!n) problems.push_back({"offset", "audit.error.offset"});
    filter.offset = n.value_or(0);
  }
  if (!problems.empty()) throw core::ValidationFailed(problems);
  return filter;
}

}  // namespace

void load(module::Loader& l) {
  l.migrations(migration_files());
  l.messages(message_files());
  l.permission({"audit.read", {core::Role::officer}, "Read the organisation's audit trail"});
  store::Database& db = l.db();
  l.api(http::Method::get, "/api/v1/audit", "audit.read",
        [&db](http::Context& ctx) {
          auto filter = api_filter(ctx.request);
          auto c = db.acquire();
          boost::json::array events;
          for (const auto& e : list(*c, ctx.principal.organisation_id, filter))
            events.push_back(to_json(e));
          return http::Response::json(boost::json::object{
              {"events", events}, {"total", count(*c, ctx.principal.organisation_id, filter)}});
        },
        module::Api("The organisation's audit trail, newest first")
            .describe("Personal data (who did what): officers only. Filters combine; dates are UTC days, "
                      "both ends included.")
            .query("actor", "Only events by this member (an account id)")
            .query("entity_type", "Only events about this kind of record")
            .query("entity_id", "Only events about this record")
            .query("from", "Only events on or after this date (YYYY-MM-DD, UTC)",
                   R"({"type": "string", "format": "date"})")
            .query("to", "Only events on or before this date (YYYY-MM-DD, UTC)",
                   R"({"type": "string", "format": "date"})")
            .query("limit", "How many events (1 to 500, default 100)",
                   R"({"type": "integer", "minimum": 1, "maximum": 500})")
            .query("offset", "How many of the matching events to skip, newest first (default 0)",
                   R"({"type": "integer", "minimum": 0})")
            .returns(200, "The events, and how many match the filters in all",
                     R"({"type": "object", "properties": {"events": {"type": "array", "items": {"type": "object"}},
                         "total": {"type": "integer"}}})")
            .error(422, "A date that is not a real YYYY-MM-DD date, to before from, a filter over 200 "
                        "characters, or limit or offset out of range"));
  add_pages(l);
}

}  // namespace coproduce::audit

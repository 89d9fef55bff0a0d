#include "audit/module.hpp"

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"

namespace coproduce::audit {
namespace {

int parse_limit(const std::optional<std::string>& text) {
  if (!text) return 100;
  bool digits = !text->empty() && text->size() <= 3 &&
                text->find_first_not_of("0123456789") == std::string::npos;
  int limit = digits ? std::stoi(*text) : 0;
  if (limit < 1 || limit > kMaxListLimit)
    throw core::invalid("limit", "limit must be a whole number from 1 to 500");
  return limit;
}

}  // namespace

void load(module::Loader& l) {
  l.migrations(migration_files());
  l.permission({"audit.read", {core::Role::officer}, "Read the organisation's audit trail"});
  store::Database& db = l.db();
  l.api(http::Method::get, "/api/v1/audit", "audit.read",
        [&db](http::Context& ctx) {
          Filter filter{ctx.request.query_param("entity_type").value_or(""),
                        ctx.request.query_param("entity_id").value_or(""),
                        parse_limit(ctx.request.query_param("limit"))};
          auto c = db.acquire();
          boost::json::array events;
          for (const auto& e : list(*c, ctx.principal.organisation_id, filter))
            events.push_back(to_json(e));
          return http::Response::json(boost::json::object{{"events", events}});
        },
        module::Api("The organisation's audit trail, newest first")
            .query("entity_type", "Only events about this kind of record")
            .query("entity_id", "Only events about this record")
            .query("limit", "How many events (1 to 500, default 100)",
                   R"({"type": "integer", "minimum": 1, "maximum": 500})")
            .returns(200, "The events",
                     R"({"type": "object", "properties": {"events": {"type": "array", "items": {"type": "object"}}}})")
            .error(422, "limit is not a whole number from 1 to 500"));
}

}  // namespace coproduce::audit

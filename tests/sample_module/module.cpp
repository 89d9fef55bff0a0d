#include "module.hpp"

#include <boost/json.hpp>

#include "core/dates.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "i18n/i18n.hpp"
#include "map/commands.hpp"
#include "map/ledger.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::sample {

void load(module::Loader& l) {
  l.migrations(migration_files());
  l.messages(message_files());
  l.permission({"sample.record_visit", {core::Role::professional, core::Role::officer},
                "Record an inspection visit"});
  l.source({"sample.visit", "sample.source.visit", "/sample/visits/{id}"});
  store::Database& db = l.db();

  // The visit and its ledger entry, in one transaction.
  l.api(http::Method::post, "/api/v1/sample/visits", "sample.record_visit",
        [&db](http::Context& ctx) {
          auto fields = map::fields_from_json(ctx.request.body, {"initiative_id", "visitor_label", "hours", "visited_on"});
          auto field = [&](const char* name) { return fields.count(name) ? fields.at(name) : std::string(); };
          auto conn = db.acquire();
          auto id = conn->transaction([&] {
            auto visit = core::new_id();
            map::Contribution entry;
            entry.initiative_id = field("initiative_id");
            entry.contributor_label = field("visitor_label");
            entry.role = map::ContributorRole::community_member;
            entry.phase = map::Phase::evaluating;
            entry.kind = map::ContributionKind::hours;
            entry.hours_x100 = core::parse_money_minor(field("hours")).value_or(0);  // two decimals
            entry.made_on = field("visited_on");
            entry.status = map::Status::confirmed;
            entry.source_type = "sample.visit";
            entry.source_id = visit;
            // The route's permission vetted the professional, who records for the inspector.
            map::Ledger ledger(*conn, ctx.principal, map::Ledger::Mode::for_module);
            ledger.record(entry);  // validates, and refuses another organisation's initiative
            conn->execute(
                "INSERT INTO sample_visits (organisation_id, id, initiative_id, visitor_label, "
                "hours_x100, visited_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {ctx.principal.organisation_id, visit, entry.initiative_id, entry.contributor_label,
                 entry.hours_x100, entry.made_on, core::now_utc()});
            return visit;
          });
          return http::Response::json({{"id", id}}, 201);
        },
        module::Api("Record an inspection visit (a citizen inspector's hours, evaluating)")
            .body(R"({"type": "object", "required": ["initiative_id", "visitor_label", "hours", "visited_on"],
                "properties": {"initiative_id": {"type": "string"}, "visitor_label": {"type": "string"},
                  "hours": {"type": "string"}, "visited_on": {"type": "string", "format": "date"}}})")
            .returns(201, "Recorded"));

  l.page(http::Method::get, "/sample/visits/{id}", module::kPublic,
         [&db](http::Context& ctx) {
           auto conn = db.acquire();
           auto row = conn->query_one(
               "SELECT visitor_label, visited_on FROM sample_visits WHERE organisation_id = $1 AND id = $2",
               {ctx.principal.organisation_id, ctx.param("id")});
           if (!row) throw core::not_found("Visit");
           std::string title = i18n::t(ctx.locale, "sample.visit.title");
           std::string html = "<h1 class=\"govuk-heading-xl\">" + web::escape(title) + "</h1><p class=\"govuk-body\">" +
                              web::escape(i18n::t(ctx.locale, "sample.visit.by",
                                                  {{"visitor", row->text(0)},
                                                   {"date", i18n::format_date(ctx.locale, row->text(1))}})) +
                              "</p>";
           return http::Response::html(web::page(ctx, {.title = title}, html));
         },
         "An inspection visit");
}

}  // namespace coproduce::sample

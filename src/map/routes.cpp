#include "map/routes.hpp"

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "i18n/i18n.hpp"
#include "map/cache.hpp"
#include "map/commands.hpp"
#include "map/csv.hpp"
#include "map/json.hpp"
#include "map/repository.hpp"
#include "map/view.hpp"

namespace coproduce::map {
namespace json = boost::json;
using http::Context;
using http::Method;
using http::Response;

namespace {

// A 422 listing every problem, each in the request's language.
Response validation_response(const Context& ctx, const ValidationFailed& e) {
  json::array details;
  for (const auto& p : e.problems())
    details.push_back({{"field", p.field}, {"message", i18n::t(ctx.locale, p.message_key)}});
  const auto& first = e.problems().front();
  return Response::json({{"error",
                          {{"code", "invalid"},
                           {"message", i18n::t(ctx.locale, first.message_key)},
                           {"field", first.field},
                           {"details", details}}}},
                        422);
}

// Runs a write and answers 201 with the new record's location, or 422 with every problem.
template <class Write>
Response created(Context& ctx, const std::string& location_prefix, Write write) {
  try {
    std::string id = write();
    auto r = Response::json({{"id", id}, {"links", {{"self", location_prefix + id}}}}, 201);
    r.set_header("Location", location_prefix + id);
    return r;
  } catch (const ValidationFailed& e) {
    return validation_response(ctx, e);
  }
}

template <class Write>
Response done(Context& ctx, Write write) {
  try {
    write();
    return Response{204, {}, {}};
  } catch (const ValidationFailed& e) {
    return validation_response(ctx, e);
  }
}

template <class T>
json::array array_of(const std::vector<T>& items) {
  json::array out;
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

}  // namespace

void add_api_routes(http::Router& router, store::Database& db) {
  auto editors = http::policy::any_of("professional_or_officer", kEditors);
  auto officers = http::policy::any_of("officer", {core::Role::officer});
  auto contributors = http::policy::any_of("member", kContributors);

  // The most read route: answered from the cache while the map's version holds.
  auto cache = std::make_shared<ResponseCache>();
  router.add(Method::get, "/api/v1/initiatives", http::policy::everyone(),
      [&db, cache](Context& ctx) {
        auto filter = parse_filter(ctx.request);
        const auto& org = ctx.principal.organisation_id;
        std::string key = org + '|' + ctx.locale;
        for (const char* name : {"area", "service", "phase", "co", "cell"})
          key += '|' + ctx.request.query_param(name).value_or("");
        auto conn = db.acquire();
        auto version = map_version(*conn, org);
        if (auto body = cache->get(key, version))
          return Response::text(std::move(*body), "application/json");
        auto data = load_map(*conn, org);
        json::array items;
        for (const auto* v : apply(data, filter)) items.push_back(summary_json(ctx.locale, *v));
        auto body = json::serialize(json::object{{"initiatives", items}, {"count", items.size()}});
        cache->put(key, version, body);
        return Response::text(std::move(body), "application/json");
      },
      "List initiatives with their derived typology; filters: area, service, phase, co, cell");

  router.add(Method::get, "/api/v1/initiatives/{id}", http::policy::everyone(),
      [&db](Context& ctx) {
        auto conn = db.acquire();
        auto detail = load_initiative(*conn, ctx.principal.organisation_id, ctx.param("id"));
        return Response::json(detail_json(ctx.locale, detail));
      },
      "One initiative: typology with reasons, totals per phase, contributions, assessments");

  router.add(Method::post, "/api/v1/initiatives", editors,
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/initiatives/", [&] {
          return create_initiative(db, ctx.principal,
                                   fields_from_json(ctx.request.body, initiative_fields()));
        });
      },
      "Create an initiative");

  router.add(Method::patch, "/api/v1/initiatives/{id}", editors,
      [&db](Context& ctx) {
        return done(ctx, [&] {
          update_initiative(db, ctx.principal, ctx.param("id"),
                            fields_from_json(ctx.request.body, initiative_fields()));
        });
      },
      "Change an initiative's name, summary, area, service or declared descriptors");

  router.add(Method::post, "/api/v1/initiatives/{id}/contributions", contributors,
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/contributions/", [&] {
          return record_contribution(db, ctx.principal, ctx.param("id"),
                                     fields_from_json(ctx.request.body, contribution_fields()));
        });
      },
      "Record a contribution (confirmed at once when a professional or officer records it)");

  router.add(Method::get, "/api/v1/contributions/{id}", http::policy::everyone(),
      [&db](Context& ctx) {
        auto conn = db.acquire();
        const auto& id = ctx.param("id");
        auto c = core::looks_like_id(id)
                     ? repo::find_contribution(*conn, ctx.principal.organisation_id, id)
                     : std::nullopt;
        if (!c) throw core::not_found("Contribution");
        return Response::json(to_json(*c));
      },
      "One contribution");

  router.add(Method::post, "/api/v1/contributions/{id}/confirm", editors,
      [&db](Context& ctx) {
        return done(ctx, [&] { confirm_contribution(db, ctx.principal, ctx.param("id")); });
      },
      "Confirm a contribution");

  router.add(Method::del, "/api/v1/contributions/{id}", officers,
      [&db](Context& ctx) {
        return done(ctx, [&] { delete_contribution(db, ctx.principal, ctx.param("id")); });
      },
      "Delete a contribution (recorded in the audit trail)");

  router.add(Method::post, "/api/v1/initiatives/{id}/assessments", editors,
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/initiatives/" + ctx.param("id") + "/assessments/", [&] {
          return add_assessment(db, ctx.principal, ctx.param("id"),
                                fields_from_json(ctx.request.body, assessment_fields()));
        });
      },
      "Add a self-assessment (nef principles or five steps, each scored 0 to 4)");

  router.add(Method::get, "/api/v1/areas", http::policy::everyone(),
      [&db](Context& ctx) {
        auto conn = db.acquire();
        return Response::json({{"areas", array_of(repo::list_areas(*conn, ctx.principal.organisation_id))}});
      },
      "List areas");
  router.add(Method::post, "/api/v1/areas", officers,
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/areas/", [&] {
          return create_area(db, ctx.principal, fields_from_json(ctx.request.body, area_fields()));
        });
      },
      "Create an area (city, district or neighbourhood)");

  router.add(Method::get, "/api/v1/services", http::policy::everyone(),
      [&db](Context& ctx) {
        auto conn = db.acquire();
        return Response::json(
            {{"services", array_of(repo::list_services(*conn, ctx.principal.organisation_id))}});
      },
      "List services");
  router.add(Method::post, "/api/v1/services", officers,
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/services/", [&] {
          return create_service(db, ctx.principal,
                                fields_from_json(ctx.request.body, service_fields()));
        });
      },
      "Create a service");

  router.add(Method::get, "/api/v1/groups", http::policy::everyone(),
      [&db](Context& ctx) {
        auto conn = db.acquire();
        return Response::json(
            {{"groups", array_of(repo::list_groups(*conn, ctx.principal.organisation_id))}});
      },
      "List community groups");
  router.add(Method::post, "/api/v1/groups", officers,
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/groups/", [&] {
          return create_group(db, ctx.principal, fields_from_json(ctx.request.body, group_fields()));
        });
      },
      "Create a community group");

  router.add(Method::get, "/api/v1/export/initiatives.csv", http::policy::everyone(),
      [&db](Context& ctx) {
        auto conn = db.acquire();
        auto data = load_map(*conn, ctx.principal.organisation_id);
        auto r = Response::text(initiatives_csv(data), "text/csv; charset=utf-8");
        r.set_header("Content-Disposition", "attachment; filename=\"initiatives.csv\"");
        return r;
      },
      "Initiatives with their derived typology as CSV");

  router.add(Method::get, "/api/v1/export/contributions.csv", http::policy::everyone(),
      [&db](Context& ctx) {
        auto conn = db.acquire();
        const auto& org = ctx.principal.organisation_id;
        auto r = Response::text(contributions_csv(repo::list_initiatives(*conn, org),
                                                  repo::list_groups(*conn, org),
                                                  repo::list_contributions(*conn, org)),
                                "text/csv; charset=utf-8");
        r.set_header("Content-Disposition", "attachment; filename=\"contributions.csv\"");
        return r;
      },
      "Contributions as CSV (no personal data: contributors are role labels or groups)");
}

}  // namespace coproduce::map

#include "map/routes.hpp"

#include "module/module.hpp"

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "i18n/i18n.hpp"
#include "map/cache.hpp"
#include "map/commands.hpp"
#include "map/csv.hpp"
#include "map/json.hpp"
#include "map/ledger.hpp"
#include "module/cache.hpp"
#include "module/registry.hpp"
#include "map/repository.hpp"
#include "map/view.hpp"

namespace coproduce::map {
namespace json = boost::json;
using http::Context;
using http::Method;
using http::Response;

namespace {

// Runs a write and answers 201 with the new record's location. Problems
// (ValidationFailed) reach the dispatcher, which says each in the request's language.
template <class Write>
Response created(Context&, const std::string& location_prefix, Write write) {
  std::string id = write();
  auto r = Response::json({{"id", id}, {"links", {{"self", location_prefix + id}}}}, 201);
  r.set_header("Location", location_prefix + id);
  return r;
}

template <class Write>
Response done(Context&, Write write) {
  write();
  return Response{204, {}, {}};
}

template <class T>
json::array array_of(const std::vector<T>& items) {
  json::array out;
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

}  // namespace

void add_api_routes(module::Loader& l) {
  using module::Api;
  using module::kPublic;
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  const std::string kCreated =
      R"({"type": "object", "properties": {"id": {"type": "string"}, "links": {"type": "object"}}})";

  // Public reads are answered from memory while the organisation's content version holds.
  auto cache = [&db](http::Handler handler) { return module::cached(db, map_version, std::move(handler)); };
  l.api(Method::get, "/api/v1/initiatives", kPublic,
      cache([&db](Context& ctx) {
        auto filter = parse_filter(ctx.request);
        auto conn = db.acquire();
        auto data = load_map(*conn, ctx.principal.organisation_id);
        json::array items;
        for (const auto* v : apply(data, filter)) items.push_back(summary_json(ctx.locale, *v));
        return Response::text(json::serialize(json::object{{"initiatives", items}, {"count", items.size()}}),
                              "application/json");
      }),
      Api("List initiatives with their derived typology")
          .query("area", "Only this area and the areas inside it (id)")
          .query("service", "Only this service (id)")
          .query("phase", "Only initiatives with a confirmed contribution in this phase")
          .query("co", "Only initiatives where this Co is active")
          .query("cell", "Only initiatives in this typology cell")
          .query("org", "Another organisation's public map (slug)")
          .query("lang", "Language of names and reasons: en or cy")
          .returns(200, "The initiatives",
                   R"({"type": "object", "properties": {
                       "initiatives": {"type": "array", "items": {"$ref": "#/components/schemas/InitiativeSummary"}},
                       "count": {"type": "integer"}}})")
          .error(422, "A filter value is unknown; error.field names the parameter"));

  l.api(Method::get, "/api/v1/initiatives/{id}", kPublic,
      cache([&db, &registry](Context& ctx) {
        auto conn = db.acquire();
        auto detail = load_initiative(*conn, ctx.principal.organisation_id, ctx.param("id"),
                                      Viewer::of(ctx.principal));
        return Response::json(detail_json(ctx.locale, detail, registry));
      }),
      Api("One initiative: typology with reasons, totals per phase and per Co, the ledger "
          "entries the caller may see, assessments")
          .describe("The public sees confirmed entries; members of the organisation also see "
                    "claims and disputes; aggregate-only entries are counted, never listed, "
                    "except to officers and the person they are about.")
          .returns(200, "The initiative", "InitiativeDetail"));

  l.api(Method::post, "/api/v1/initiatives", "map.edit",
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/initiatives/", [&] {
          return create_initiative(db, ctx.principal,
                                   fields_from_json(ctx.request.body, initiative_fields()));
        });
      },
      Api("Create an initiative").body("InitiativeInput").returns(201, "Created", kCreated));

  l.api(Method::patch, "/api/v1/initiatives/{id}", "map.edit",
      [&db](Context& ctx) {
        return done(ctx, [&] {
          update_initiative(db, ctx.principal, ctx.param("id"),
                            fields_from_json(ctx.request.body, initiative_fields()));
        });
      },
      Api("Change an initiative's name, summary, area, service or declared descriptors")
          .describe("A partial update: fields not sent keep their values.")
          .body("InitiativeInput")
          .returns(204, "Changed"));

  l.api(Method::post, "/api/v1/initiatives/{id}/contributions", "map.record",
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/contributions/", [&] {
          return record_contribution(db, ctx.principal, ctx.param("id"),
                                     fields_from_json(ctx.request.body, contribution_fields()));
        });
      },
      Api("Record a contribution (confirmed at once when a professional or officer records it)")
          .body("ContributionInput")
          .returns(201, "Recorded", kCreated));

  l.api(Method::get, "/api/v1/contributions/{id}", kPublic,
      cache([&db, &registry](Context& ctx) {
        auto conn = db.acquire();
        const auto& id = ctx.param("id");
        auto c = core::looks_like_id(id)
                     ? repo::find_contribution(*conn, ctx.principal.organisation_id, id)
                     : std::nullopt;
        if (!c || !Viewer::of(ctx.principal).sees_row(*c)) throw core::not_found("Contribution");
        std::map<std::string, std::string> groups;
        if (c->group_id)
          if (auto g = repo::find_group(*conn, ctx.principal.organisation_id, *c->group_id))
            groups[g->id] = g->name;
        return Response::json(entry_json(ctx.locale, *c, names_of_named(*conn, {*c}), groups, registry));
      }),
      Api("One ledger entry, with the link back to the record that produced it")
          .returns(200, "The entry", "Contribution"));

  l.api(Method::patch, "/api/v1/contributions/{id}", "map.record",
      [&db](Context& ctx) {
        return done(ctx, [&] {
          update_contribution(db, ctx.principal, ctx.param("id"),
                              fields_from_json(ctx.request.body, contribution_fields()));
        });
      },
      Api("Change a claim while it is claimed or disputed (who recorded it, or an officer)")
          .describe("A partial change: fields not sent keep their values. The entry is claimed "
                    "again afterwards. A confirmed entry is never changed: reverse it.")
          .body("ContributionInput")
          .returns(204, "Changed")
          .error(409, "The entry is confirmed or void"));

  l.api(Method::post, "/api/v1/contributions/{id}/confirm", "map.confirm",
      [&db](Context& ctx) {
        return done(ctx, [&] { confirm_contribution(db, ctx.principal, ctx.param("id")); });
      },
      Api("Confirm a claimed or disputed entry").returns(204, "Confirmed").error(409, "Already confirmed, or void"));

  const std::string kReason = R"({"type": "object", "additionalProperties": false, "required": ["reason"],
      "properties": {"reason": {"type": "string", "maxLength": 1000}}})";
  auto reason_of = [](Context& ctx) {
    auto fields = fields_from_json(ctx.request.body, reason_fields());
    return fields.count("reason") ? fields.at("reason") : std::string();
  };
  l.api(Method::post, "/api/v1/contributions/{id}/dispute", "map.confirm",
      [&db, reason_of](Context& ctx) {
        return done(ctx, [&] { dispute_contribution(db, ctx.principal, ctx.param("id"), reason_of(ctx)); });
      },
      Api("Dispute a claimed entry, with a reason its recorder sees")
          .body(kReason).returns(204, "Disputed").error(409, "The entry is not claimed"));
  l.api(Method::post, "/api/v1/contributions/{id}/void", "map.record",
      [&db, reason_of](Context& ctx) {
        return done(ctx, [&] { void_contribution(db, ctx.principal, ctx.param("id"), reason_of(ctx)); });
      },
      Api("Void a claimed or disputed entry (who recorded it withdraws it, or an officer)")
          .body(kReason).returns(204, "Void").error(409, "The entry is confirmed or already void"));
  l.api(Method::post, "/api/v1/contributions/{id}/reverse", "map.manage",
      [&db, reason_of](Context& ctx) {
        return created(ctx, "/api/v1/contributions/", [&] {
          return reverse_contribution(db, ctx.principal, ctx.param("id"), reason_of(ctx));
        });
      },
      Api("Correct a confirmed entry: records the entry that cancels it")
          .describe("The original stays in the ledger, marked reversed; record a corrected entry "
                    "afterwards if one is due.")
          .body(kReason)
          .returns(201, "The reversing entry", kCreated)
          .error(409, "The entry is not confirmed, is a reversal, or is already reversed"));

  l.api(Method::post, "/api/v1/initiatives/{id}/assessments", "map.edit",
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/initiatives/" + ctx.param("id") + "/assessments/", [&] {
          return add_assessment(db, ctx.principal, ctx.param("id"),
                                fields_from_json(ctx.request.body, assessment_fields()));
        });
      },
      Api("Add a self-assessment (nef principles or five steps, each scored 0 to 4)")
          .body("AssessmentInput")
          .returns(201, "Added", kCreated));

  l.api(Method::get, "/api/v1/areas", kPublic,
      cache([&db](Context& ctx) {
        auto conn = db.acquire();
        return Response::json({{"areas", array_of(repo::list_areas(*conn, ctx.principal.organisation_id))}});
      }),
      Api("List areas").returns(200, "The areas",
                                R"({"type": "object", "properties": {"areas": {"type": "array", "items": {"$ref": "#/components/schemas/Area"}}}})"));
  l.api(Method::post, "/api/v1/areas", "map.manage",
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/areas/", [&] {
          return create_area(db, ctx.principal, fields_from_json(ctx.request.body, area_fields()));
        });
      },
      Api("Create an area (city, district or neighbourhood)")
          .body(R"({"type": "object", "additionalProperties": false, "required": ["name", "kind"],
              "properties": {"name": {"type": "string"},
                "kind": {"type": "string", "enum": ["city", "district", "neighbourhood"]},
                "parent_id": {"type": "string"}}})")
          .returns(201, "Created", kCreated));

  l.api(Method::get, "/api/v1/services", kPublic,
      cache([&db](Context& ctx) {
        auto conn = db.acquire();
        return Response::json(
            {{"services", array_of(repo::list_services(*conn, ctx.principal.organisation_id))}});
      }),
      Api("List services").returns(200, "The services",
                                   R"({"type": "object", "properties": {"services": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}}}})"));
  l.api(Method::post, "/api/v1/services", "map.manage",
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/services/", [&] {
          return create_service(db, ctx.principal,
                                fields_from_json(ctx.request.body, service_fields()));
        });
      },
      Api("Create a service")
          .body(R"({"type": "object", "additionalProperties": false, "required": ["name", "provider", "sector"],
              "properties": {"name": {"type": "string"}, "provider": {"type": "string"},
                "sector": {"type": "string", "enum": ["public", "private", "third"]}}})")
          .returns(201, "Created", kCreated));

  l.api(Method::get, "/api/v1/groups", kPublic,
      cache([&db](Context& ctx) {
        auto conn = db.acquire();
        return Response::json(
            {{"groups", array_of(repo::list_groups(*conn, ctx.principal.organisation_id))}});
      }),
      Api("List community groups").returns(200, "The groups",
                                           R"({"type": "object", "properties": {"groups": {"type": "array", "items": {"$ref": "#/components/schemas/Group"}}}})"));
  l.api(Method::post, "/api/v1/groups", "map.manage",
      [&db](Context& ctx) {
        return created(ctx, "/api/v1/groups/", [&] {
          return create_group(db, ctx.principal, fields_from_json(ctx.request.body, group_fields()));
        });
      },
      Api("Create a community group")
          .body(R"({"type": "object", "additionalProperties": false, "required": ["name"],
              "properties": {"name": {"type": "string"}, "description": {"type": "string"}}})")
          .returns(201, "Created", kCreated));

  // Change, archive and restore, the same for each kind of reference record.
  struct Reference {
    const char* path;
    const char* what;  // for the summaries
    ReferenceKind kind;
    const std::vector<std::string>& (*fields)();
    void (*update)(store::Database&, const core::Principal&, const std::string&, const Fields&);
  };
  for (const Reference& r : {Reference{"areas", "an area", ReferenceKind::area, area_fields, update_area},
                             Reference{"services", "a service", ReferenceKind::service, service_fields, update_service},
                             Reference{"groups", "a community group", ReferenceKind::group, group_fields, update_group}}) {
    std::string base = std::string("/api/v1/") + r.path + "/{id}";
    l.api(Method::patch, base, "map.manage",
        [&db, r](Context& ctx) {
          return done(ctx, [&] { r.update(db, ctx.principal, ctx.param("id"), fields_from_json(ctx.request.body, r.fields())); });
        },
        Api(std::string("Change ") + r.what)
            .describe("A partial update: fields not sent keep their values.")
            .body(R"({"type": "object"})")
            .returns(204, "Changed"));
    for (bool archive : {true, false})
      l.api(Method::post, base + (archive ? "/archive" : "/restore"), "map.manage",
          [&db, r, archive](Context& ctx) {
            return done(ctx, [&] { set_archived(db, ctx.principal, r.kind, ctx.param("id"), archive); });
          },
          Api(std::string(archive ? "Archive " : "Restore ") + r.what +
              (archive ? ": left out of lists and choices, kept where referred to" : " from the archive"))
              .returns(204, archive ? "Archived" : "Restored"));
  }

  l.api(Method::get, "/api/v1/export/initiatives.csv", kPublic,
      cache([&db](Context& ctx) {
        auto conn = db.acquire();
        auto data = load_map(*conn, ctx.principal.organisation_id);
        auto r = Response::text(initiatives_csv(data), "text/csv; charset=utf-8");
        r.set_header("Content-Disposition", "attachment; filename=\"initiatives.csv\"");
        return r;
      }),
      Api("Initiatives with their derived typology as CSV").returns_file(200, "The CSV", "text/csv"));

  l.api(Method::get, "/api/v1/export/contributions.csv", kPublic,
      cache([&db](Context& ctx) {
        auto conn = db.acquire();
        const auto& org = ctx.principal.organisation_id;
        // The public view of the ledger, whoever asks: the export is for everyone.
        std::vector<Contribution> shown;
        for (auto& c : repo::list_contributions(*conn, org))
          if (Viewer::anyone().sees_row(c)) shown.push_back(std::move(c));
        auto r = Response::text(contributions_csv(repo::list_initiatives(*conn, org),
                                                  repo::list_groups(*conn, org), shown,
                                                  names_of_named(*conn, shown)),
                                "text/csv; charset=utf-8");
        r.set_header("Content-Disposition", "attachment; filename=\"contributions.csv\"");
        return r;
      }),
      Api("Confirmed contributions as CSV: the public ledger (no account ids; names only for "
          "named entries; aggregate-only entries are counted in the initiatives export, not listed)")
          .returns_file(200, "The CSV", "text/csv"));
}

}  // namespace coproduce::map

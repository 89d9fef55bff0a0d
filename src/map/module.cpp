#include "map/module.hpp"

#include <boost/json.hpp>

#include "map/cache.hpp"
#include "map/commands.hpp"
#include "map/csv.hpp"
#include "map/demo_loader.hpp"
#include "map/json.hpp"
#include "map/repository.hpp"
#include "map/routes.hpp"

namespace coproduce::map {
namespace {

using core::Role;

void declare_schemas(module::Loader& l) {
  l.schema("Area", R"({"type": "object", "properties": {"id": {"type": "string"},
      "name": {"type": "string"}, "kind": {"type": "string", "enum": ["city", "district", "neighbourhood"]},
      "parent_id": {"type": ["string", "null"]}, "archived": {"type": "boolean"}}})");
  l.schema("Service", R"({"type": "object", "properties": {"id": {"type": "string"},
      "name": {"type": "string"}, "provider": {"type": "string"},
      "sector": {"type": "string", "enum": ["public", "private", "third"]}, "archived": {"type": "boolean"}}})");
  l.schema("Group", R"({"type": "object", "properties": {"id": {"type": "string"},
      "name": {"type": "string"}, "description": {"type": "string"}, "archived": {"type": "boolean"}}})");
  l.schema("Typology", R"({"type": "object", "properties": {
      "cell": {"type": "string", "enum": ["unclassified", "traditional_professional",
        "professional_with_coplanning", "not_applicable", "user_codelivery", "full_coproduction",
        "codelivery_little_planning", "community_delivery_professional_plan",
        "community_delivery_coplanned", "self_organised"]},
      "cell_name": {"type": "string"}, "row": {"type": "integer"}, "column": {"type": "integer"},
      "counts_as_coproduction": {"type": "boolean"},
      "planning": {"type": "object"}, "delivery": {"type": "object"},
      "active_cos": {"type": "array", "items": {"type": "string"}},
      "hints": {"type": "array", "items": {"type": "object"}},
      "phases_needing_contributions": {"type": "array", "items": {"type": "string"}}}})");
  l.schema("InitiativeSummary", R"({"type": "object", "properties": {"id": {"type": "string"},
      "name": {"type": "string"}, "summary": {"type": "string"},
      "area": {"oneOf": [{"$ref": "#/components/schemas/Area"}, {"type": "null"}]},
      "service": {"oneOf": [{"$ref": "#/components/schemas/Service"}, {"type": "null"}]},
      "level": {"type": ["string", "null"]},
      "drivers": {"type": "object", "properties": {"governance": {"type": "boolean"}, "logistical": {"type": "boolean"}}},
      "typology": {"$ref": "#/components/schemas/Typology"}, "links": {"type": "object"}}})");
  l.schema("InitiativeDetail", R"({"allOf": [{"$ref": "#/components/schemas/InitiativeSummary"},
      {"type": "object", "properties": {
        "totals": {"type": "array", "items": {"type": "object", "properties": {
          "phase": {"type": "string"}, "professional_contributions": {"type": "integer"},
          "citizen_contributions": {"type": "integer"}, "professional_hours": {"type": "string"},
          "citizen_hours": {"type": "string"},
          "professional_money_minor": {"type": "object", "additionalProperties": {"type": "integer"}, "description": "Minor units per ISO 4217 currency"},
          "citizen_money_minor": {"type": "object", "additionalProperties": {"type": "integer"}, "description": "Minor units per ISO 4217 currency"}}}},
        "contributions": {"type": "array", "items": {"$ref": "#/components/schemas/Contribution"}},
        "totals_by_co": {"type": "array", "items": {"type": "object"}},
        "aggregate_only_contributions": {"type": "integer", "description": "Counted entries not listed: aggregate only"},
        "assessments": {"type": "array", "items": {"type": "object"}}}}]})");
  l.schema("Contribution", R"({"type": "object", "description": "A ledger entry as the caller may see it: never an account id",
    "properties": {"id": {"type": "string"},
      "initiative_id": {"type": "string"}, "group_id": {"type": ["string", "null"]},
      "group_name": {"type": "string"},
      "contributor": {"type": "string", "description": "The person's or group's name on a named entry, else the label"},
      "contributor_label": {"type": "string"}, "people": {"type": "integer", "minimum": 1},
      "role": {"type": "string", "enum": ["professional", "service_user", "community_member"]},
      "phase": {"type": "string"}, "kind": {"type": "string"}, "hours": {"type": "string"},
      "money_minor": {"type": "integer"}, "currency": {"type": "string"}, "description": {"type": "string"},
      "made_on": {"type": "string", "format": "date"},
      "status": {"type": "string", "enum": ["claimed", "confirmed", "disputed", "void"]},
      "visibility": {"type": "string", "enum": ["named", "pseudonym", "aggregate"]},
      "confirmed": {"type": "boolean"}, "confirmed_on": {"type": "string"},
      "reason": {"type": "string", "description": "Of a dispute, a void or a reversal"},
      "reverses": {"type": ["string", "null"]}, "reversed_by": {"type": ["string", "null"]},
      "counts": {"type": "boolean", "description": "Confirmed, not reversed and not a reversal"},
      "source": {"type": "object", "properties": {"type": {"type": "string"}, "id": {"type": "string"},
        "link": {"type": "string"}, "label": {"type": "string"}}}}})");
  l.schema("InitiativeInput", R"({"type": "object", "additionalProperties": false, "required": ["name"],
      "properties": {"name": {"type": "string"}, "summary": {"type": "string"},
        "area_id": {"type": "string"}, "service_id": {"type": "string"},
        "level": {"type": "string", "enum": ["simple", "intermediate", "transformational"]},
        "governance_driver": {"type": "boolean"}, "logistical_driver": {"type": "boolean"},
        "started_on": {"type": "string", "format": "date"}}})");
  l.schema("ContributionInput", R"({"type": "object", "additionalProperties": false,
      "required": ["role", "phase", "kind", "made_on"],
      "properties": {"contributor_label": {"type": "string", "description": "Needed for a pseudonym entry without a group"},
        "group_id": {"type": "string"},
        "person_id": {"type": "string", "description": "Officers: the member it is for; others record only for themselves"},
        "visibility": {"type": "string", "enum": ["named", "pseudonym", "aggregate"], "default": "pseudonym"},
        "role": {"type": "string", "enum": ["professional", "service_user", "community_member"]},
        "phase": {"type": "string", "enum": ["planning", "commissioning", "design", "managing", "delivering", "monitoring", "evaluating"]},
        "kind": {"type": "string", "enum": ["hours", "money", "in_kind", "expertise"]},
        "hours": {"type": "string", "pattern": "^[0-9][0-9,]*(\\.[0-9]{1,2})?$", "description": "Decimal with up to two places"},
        "money": {"type": "string", "pattern": "^[0-9][0-9,]*(\\.[0-9]{1,2})?$", "description": "Decimal with up to two places"},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}, "description": {"type": "string"},
        "made_on": {"type": "string", "format": "date"}, "confirm": {"type": "boolean"}}})");
  l.schema("AssessmentInput", R"({"type": "object", "additionalProperties": false,
      "required": ["frame", "assessed_on"],
      "properties": {"frame": {"type": "string", "enum": ["nef_principles", "five_steps"]},
        "assessed_on": {"type": "string", "format": "date"}, "note": {"type": "string"},
        "score_assets": {"type": "integer", "minimum": 0, "maximum": 4},
        "score_valuing_work": {"type": "integer", "minimum": 0, "maximum": 4},
        "score_reciprocity": {"type": "integer", "minimum": 0, "maximum": 4},
        "score_networks": {"type": "integer", "minimum": 0, "maximum": 4},
        "score_map_it": {"type": "integer", "minimum": 0, "maximum": 4},
        "score_focus_it": {"type": "integer", "minimum": 0, "maximum": 4},
        "score_people_it": {"type": "integer", "minimum": 0, "maximum": 4},
        "score_market_it": {"type": "integer", "minimum": 0, "maximum": 4},
        "score_grow_it": {"type": "integer", "minimum": 0, "maximum": 4}}})");
}

// Every entry the person contributed or recorded, in every organisation.
boost::json::value export_contributions(store::Connection& c, const std::string& account_id) {
  boost::json::array out;
  for (const auto& row : c.query("SELECT organisation_id, id FROM contributions WHERE person_id = $1 OR recorded_by = $1 "
                                 "ORDER BY organisation_id, created_at, id",
                                 {account_id}))
    if (auto entry = repo::find_contribution(c, row.text(0), row.text(1))) {
      auto json = to_json(*entry);
      json.as_object()["organisation_id"] = row.text(0);
      out.push_back(std::move(json));
    }
  return out;
}

// What a deleted person contributed stays in every total and typology but is
// never again shown as them: aggregate only. Confirmed entries are otherwise
// unchanged, as the ledger requires; the maps are rebuilt.
void erase_contributions(store::Connection& tx, const std::string& account_id) {
  auto orgs = tx.query("SELECT DISTINCT organisation_id FROM contributions WHERE person_id = $1", {account_id});
  tx.execute("UPDATE contributions SET visibility = 'aggregate' WHERE person_id = $1", {account_id});
  for (const auto& row : orgs) bump_map_version(tx, row.text(0));
}

}  // namespace

void load(module::Loader& l) {
  l.migrations(migration_files());
  l.messages(message_files());
  l.notice_kind({"map.notice.confirmed", "map.notice.confirmed.label"});
  l.notice_kind({"map.notice.disputed", "map.notice.disputed.label"});
  l.permission({"map.record", {Role::resident, Role::community_member, Role::professional,
                               Role::councillor, Role::officer},
                "Record contributions in a role one holds"});
  l.permission({"map.edit", {Role::professional, Role::officer},
                "Create and change initiatives; add self-assessments"});
  l.permission({"map.confirm", {Role::professional, Role::officer},
                "Confirm or dispute contributions others recorded"});
  l.permission({"map.manage", {Role::officer},
                "Manage areas, services and community groups; correct the ledger"});
  l.permission({"map.see_load", {Role::officer},
                "See the load per person in aggregate, and who is over the warning level"});
  l.setting({"map.load_warning_weekly_hours", "map.setting.weekly_hours", "map.setting.weekly_hours_hint",
             20, 1, 168});
  l.setting({"map.load_warning_monthly_hours", "map.setting.monthly_hours",
             "map.setting.monthly_hours_hint", 80, 1, 744});
  l.source({"map.contribution", "map.source.contribution", "/contributions/{id}"});
  l.personal_data({"map.contributions", export_contributions, erase_contributions});
  declare_schemas(l);
  add_api_routes(l);
  add_pages(l);
  add_load_routes(l);
  add_dashboard_pages(l);
  add_reference_pages(l);
  l.nav({"/map", "map.title", module::kPublic, 10});
  l.nav({"/my/contributions", "map.mine.nav", module::kSignedIn, 80});
  l.nav({"/load", "map.load.nav", "map.see_load", 60});
  l.exports({"map.download.initiatives", "/api/v1/export/initiatives.csv", module::kPublic, false,
             initiatives_columns(), ""});
  l.exports({"map.download.contributions", "/api/v1/export/contributions.csv", module::kPublic, false,
             contributions_columns(), ""});
  l.demo([](store::Connection& tx, module::DemoContext& demo) {
    load_demo_records(tx, demo.organisation_id);
    load_demo_people(tx, demo.organisation_id, demo.accounts);
  });
}

}  // namespace coproduce::map

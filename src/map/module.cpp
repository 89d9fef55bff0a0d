#include "map/module.hpp"

#include "map/commands.hpp"
#include "map/demo_loader.hpp"
#include "map/routes.hpp"

namespace coproduce::map {
namespace {

using core::Role;

void declare_schemas(module::Loader& l) {
  l.schema("Area", R"({"type": "object", "properties": {"id": {"type": "string"},
      "name": {"type": "string"}, "kind": {"type": "string", "enum": ["city", "district", "neighbourhood"]},
      "parent_id": {"type": ["string", "null"]}}})");
  l.schema("Service", R"({"type": "object", "properties": {"id": {"type": "string"},
      "name": {"type": "string"}, "provider": {"type": "string"},
      "sector": {"type": "string", "enum": ["public", "private", "third"]}}})");
  l.schema("Group", R"({"type": "object", "properties": {"id": {"type": "string"},
      "name": {"type": "string"}, "description": {"type": "string"}}})");
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
        "assessments": {"type": "array", "items": {"type": "object"}}}}]})");
  l.schema("Contribution", R"({"type": "object", "properties": {"id": {"type": "string"},
      "initiative_id": {"type": "string"}, "group_id": {"type": ["string", "null"]},
      "contributor_label": {"type": "string"}, "role": {"type": "string"}, "phase": {"type": "string"},
      "kind": {"type": "string"}, "hours": {"type": "string"}, "money_minor": {"type": "integer"},
      "currency": {"type": "string"}, "description": {"type": "string"},
      "made_on": {"type": "string", "format": "date"}, "confirmed": {"type": "boolean"},
      "confirmed_on": {"type": "string"}}})");
  l.schema("InitiativeInput", R"({"type": "object", "additionalProperties": false, "required": ["name"],
      "properties": {"name": {"type": "string"}, "summary": {"type": "string"},
        "area_id": {"type": "string"}, "service_id": {"type": "string"},
        "level": {"type": "string", "enum": ["simple", "intermediate", "transformational"]},
        "governance_driver": {"type": "boolean"}, "logistical_driver": {"type": "boolean"},
        "started_on": {"type": "string", "format": "date"}}})");
  l.schema("ContributionInput", R"({"type": "object", "additionalProperties": false,
      "required": ["contributor_label", "role", "phase", "kind", "made_on"],
      "properties": {"contributor_label": {"type": "string"}, "group_id": {"type": "string"},
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

}  // namespace

void load(module::Loader& l) {
  l.migrations(migration_files());
  l.messages(message_files());
  l.permission({"map.record", {Role::resident, Role::community_member, Role::professional,
                               Role::councillor, Role::officer},
                "Record contributions in a role one holds"});
  l.permission({"map.edit", {Role::professional, Role::officer},
                "Create and change initiatives; add self-assessments"});
  l.permission({"map.confirm", {Role::professional, Role::officer},
                "Confirm or dispute contributions others recorded"});
  l.permission({"map.manage", {Role::officer},
                "Manage areas, services and community groups; correct the ledger"});
  declare_schemas(l);
  add_api_routes(l);
  add_pages(l);
  l.nav({"/map", "map.title", module::kPublic, 10});
  l.exports({"map.download.initiatives", "/api/v1/export/initiatives.csv", module::kPublic, false});
  l.exports({"map.download.contributions", "/api/v1/export/contributions.csv", module::kPublic, false});
  l.demo([](store::Connection& tx, module::DemoContext& demo) {
    load_demo_records(tx, demo.organisation_id);
  });
}

}  // namespace coproduce::map

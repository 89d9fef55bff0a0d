// The map's state changes. Each takes text fields (from a JSON body or an
// HTML form), validates all of them before anything is written, and writes
// the record and its audit event in one transaction. Validation problems are
// message keys (map.error.*) so pages and the API can say them in English or Welsh.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/error.hpp"
#include "core/roles.hpp"
#include "http/fields.hpp"
#include "map/model.hpp"
#include "store/database.hpp"

namespace coproduce::map {

using Fields = http::Fields;
using http::fields_from_json;

// A field and a message key, e.g. {"hours", "map.error.hours_needed"}; a 422
// listing every problem, said by the edge in the reader's language.
using Problem = core::FieldProblem;
using ValidationFailed = core::ValidationFailed;

// Field names each command accepts (also what the OpenAPI description lists).
const std::vector<std::string>& contribution_fields();
const std::vector<std::string>& reason_fields();
const std::vector<std::string>& initiative_fields();
const std::vector<std::string>& area_fields();
const std::vector<std::string>& service_fields();
const std::vector<std::string>& group_fields();
const std::vector<std::string>& assessment_fields();

// Who may do what (the route policies use the same lists).
inline const std::vector<core::Role> kEditors = {core::Role::professional, core::Role::officer};
inline const std::vector<core::Role> kContributors = {
    core::Role::resident, core::Role::community_member, core::Role::professional,
    core::Role::councillor, core::Role::officer};
bool can_confirm(const core::Principal& p);

// Each returns the new record's id. Another organisation's ids are not found (404).
// The contribution commands parse the fields and go through map::Ledger.
std::string record_contribution(store::Database& db, const core::Principal& actor,
                                const std::string& initiative_id, const Fields& fields);
void update_contribution(store::Database& db, const core::Principal& actor,
                         const std::string& contribution_id, const Fields& fields);
void confirm_contribution(store::Database& db, const core::Principal& actor,
                          const std::string& contribution_id);
void dispute_contribution(store::Database& db, const core::Principal& actor,
                          const std::string& contribution_id, const std::string& reason);
void void_contribution(store::Database& db, const core::Principal& actor,
                       const std::string& contribution_id, const std::string& reason);
// Confirms, or disputes with one reason, several entries at once: all or none.
// Returns how many. ValidationFailed names "ids" (none, more than 200, one not
// of this organisation or not awaiting this decision), "action" or "reason";
// a 409 when someone decided one first.
int decide_contributions(store::Database& db, const core::Principal& actor, const std::vector<std::string>& ids,
                         const std::string& action, const std::string& reason);
std::string reverse_contribution(store::Database& db, const core::Principal& actor,
                                 const std::string& contribution_id, const std::string& reason);
std::string create_initiative(store::Database& db, const core::Principal& actor,
                              const Fields& fields);
// The same inside the caller's transaction, for a module whose own record
// makes an initiative (a participatory budget's winning project); the caller
// has checked the actor's permission.
std::string create_initiative_in(store::Connection& tx, const core::Principal& actor, const Fields& fields);
// An initiative's values as the form and update_initiative take them.
Fields fields_from_initiative(const Initiative& initiative);
void update_initiative(store::Database& db, const core::Principal& actor, const std::string& id,
                       const Fields& fields);
std::string create_area(store::Database& db, const core::Principal& actor, const Fields& fields);
std::string create_service(store::Database& db, const core::Principal& actor,
                           const Fields& fields);
std::string create_group(store::Database& db, const core::Principal& actor, const Fields& fields);
// Partial updates: fields not given keep their values. An area may not be put
// inside itself (map.error.area_inside_itself).
void update_area(store::Database& db, const core::Principal& actor, const std::string& id, const Fields& fields);
void update_service(store::Database& db, const core::Principal& actor, const std::string& id,
                    const Fields& fields);
void update_group(store::Database& db, const core::Principal& actor, const std::string& id, const Fields& fields);
// Archived records leave lists and choices; what refers to them keeps them.
// Audited; archiving what is archived changes nothing.
enum class ReferenceKind { area, service, group };
void set_archived(store::Database& db, const core::Principal& actor, ReferenceKind kind, const std::string& id,
                  bool archived);
std::string add_assessment(store::Database& db, const core::Principal& actor,
                           const std::string& initiative_id, const Fields& fields);

}  // namespace coproduce::map

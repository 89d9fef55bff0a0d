// Residents' proposals. A signed-in member proposes a project while the
// process is proposing (title, description, district, category, rough cost,
// optional location) and may change it until screening; an officer screens
// each (eligible; not eligible with a reason the proposer sees; merged into
// another, with a reason); a professional values each eligible one (feasible
// with a cost, or not feasible with a required reason), and the proposer is
// told and may answer within kReplyDays. Publishing the ballot puts every
// feasible proposal on it as a project. Proposing and valuing enter the
// ledger on the process's initiative.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/roles.hpp"
#include "http/fields.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

inline constexpr int kReplyDays = 14;

struct Proposal {
  std::string id, proposer_id, title, description, district, category, location, status;
  std::optional<std::int64_t> rough_cost_minor, cost_minor;
  std::string screening_reason, merged_into, valuation_reason, reply, reply_until, project_code, created_at;
};

// Fields: title, description, district, category, rough_cost, location.
const std::vector<std::string>& proposal_field_names();

// Each throws core::ValidationFailed naming the fields, a 409 when the phase
// does not allow it, 403 for someone else's proposal, 404 for another
// organisation's process or proposal. Each is audited.
std::string propose(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                    const http::Fields& fields);
void edit_proposal(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                   const std::string& proposal_id, const http::Fields& fields);
// decision: eligible, ineligible (reason required) or merged (into, reason required).
void screen(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
            const std::string& proposal_id, const std::string& decision, const std::string& reason,
            const std::string& merged_into);
// feasible with cost (decimal text), or not feasible with a reason.
void value(store::Connection& tx, const core::Principal& professional, const std::string& process_id,
           const std::string& proposal_id, bool feasible, const std::string& cost, const std::string& reason);
// The proposer's answer to the valuation, within kReplyDays of it.
void reply_to_valuation(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                        const std::string& proposal_id, const std::string& reply);

std::vector<Proposal> list_proposals(store::Connection& c, const std::string& org, const std::string& process_id);
std::optional<Proposal> find_proposal(store::Connection& c, const std::string& org, const std::string& process_id,
                                      const std::string& proposal_id);

// Puts every feasible proposal not yet on the ballot on it (inside the move
// to "ballot_published", before the ballot is frozen).
void ballot_from_proposals(store::Connection& tx, const core::Principal& officer, const std::string& process_id);

}  // namespace coproduce::commission::process

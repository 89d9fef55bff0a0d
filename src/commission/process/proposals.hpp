// Residents' proposals. A signed-in member proposes a project while the
// process is proposing (title, description, district, category, rough cost,
// optional location) and may change it until screening; an officer screens
// each (eligible; not eligible with a reason the proposer sees; merged into
// another, with a reason); a professional values each eligible one (feasible
// with a cost, or not feasible with a required reason), and the proposer is
// told and may answer within kReplyDays. Publishing the ballot puts every
// feasible proposal on it as a project. Proposing and valuing enter the
// ledger on the process's initiative.
//
// Shortlisting (optional, between screening and valuating): signed-in members
// support the proposals that passed screening, one support per person per
// proposal, and may withdraw it; an officer sets a threshold (a number of
// supports) before or during shortlisting. When the process leaves
// shortlisting forward the shortlist closes: proposals with fewer supports
// than the threshold are not shortlisted and are neither valued nor put on
// the ballot. Without a threshold every eligible proposal goes through.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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
  std::string title_cy;  // the Welsh title, "" when not given
  // The title people read in `locale`.
  const std::string& title_in(std::string_view locale) const {
    return locale == "cy" && !title_cy.empty() ? title_cy : title;
  }
};

// Fields: title, title_cy (optional), description, district, category, rough_cost, location.
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

// ---- shortlisting --------------------------------------------------------------

// A proposal that passed screening (eligible, or since valued): the ones that can be supported.
bool passed_screening(const std::string& status);

// Each needs a signed-in member (401), the phase "shortlisting" (409 naming
// "phase"), a proposal that passed screening (409 naming "proposal"), and
// answers 404 for another organisation's process or proposal. Supporting twice
// counts once; withdrawing a support not given changes nothing. Returns whether
// anything changed (then audited).
bool support(store::Connection& tx, const core::Principal& member, const std::string& process_id,
             const std::string& proposal_id);
bool withdraw_support(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                      const std::string& proposal_id);

// The officer's threshold: a whole number of supports, 1 or more (422 naming
// "threshold"), set before or during shortlisting (409 naming "threshold"
// after it). Audited.
void set_shortlist_threshold(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                             const std::string& threshold);
std::optional<std::int64_t> shortlist_threshold(store::Connection& c, const std::string& org, const std::string& process_id);

// Where a proposal stands in shortlisting: its supports, whether it made the
// closed shortlist (nullopt until shortlisting closes, or when the process
// skipped it), and whether `reader` supports it.
struct Standing {
  std::int64_t supports = 0;
  std::optional<bool> shortlisted;
  bool supported_by_reader = false;
};
// Every proposal of the process by id (those without supports too).
std::map<std::string, Standing> shortlist_standing(store::Connection& c, const core::Principal& reader,
                                                   const std::string& org, const std::string& process_id);
// Whether the process's shortlist has been closed.
bool shortlist_closed(store::Connection& c, const std::string& org, const std::string& process_id);

// Closes the shortlist (called by change_phase as the process leaves
// "shortlisting" forward): every proposal that passed screening is marked
// shortlisted or not by its supports against the threshold. Audited.
void close_shortlist(store::Connection& tx, const core::Principal& officer, const std::string& process_id);

}  // namespace coproduce::commission::process

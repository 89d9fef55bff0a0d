// Casting ballots: online by a signed-in member (a changed ballot replaces the
// earlier one until voting closes), or with a single-use voting code. Every
// vote first updates its process's row, so votes are serialised against each
// other and against closing the vote, and one ballot per voter is also held
// by a unique index. Each ballot ends with a receipt code that shows it is in
// the count without showing what it says.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "commission/process/eligibility.hpp"
#include "commission/process/lifecycle.hpp"
#include "core/error.hpp"
#include "core/roles.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

// What a voter marked: project codes (on a ranking ballot best first) and,
// on a points ballot, the points given to each (aligned with the codes).
// An approval ballot's codes convert to marks without points.
struct Marks {
  std::vector<std::string> codes;
  std::vector<std::int64_t> points;
  Marks() = default;
  Marks(std::vector<std::string> chosen, std::vector<std::int64_t> given = {})
      : codes(std::move(chosen)), points(std::move(given)) {}
};

// The problem with a ballot, as a message key naming "choices": an unknown or
// repeated project, too few or too many, over the cost limit, projects in two
// districts, too many in a category; on a points ballot missing, non-positive
// or too many points.
std::vector<core::FieldProblem> check_marks(const Process& process, const std::vector<Project>& projects,
                                            const Marks& marks);
// An approval ballot naming `choices`. Ticks alone say nothing of points or
// ranks: for the other kinds (a paper ballot as entered today) this refuses.
std::vector<core::FieldProblem> check_choices(const Process& process, const std::vector<Project>& projects,
                                              const std::vector<std::string>& choices);
// The total cost of the chosen projects (unknown codes count nothing).
std::int64_t cost_of(const std::vector<Project>& projects, const std::vector<std::string>& choices);

struct Cast {
  std::string receipt;    // shown to the voter once; only its SHA-256 is kept
  bool replaced = false;  // an earlier ballot of this voter was replaced
};

// Each throws core::not_found for another organisation's process, a 409 when
// voting is not open (or the code was used), core::ValidationFailed naming
// "choices" or "code". Run inside a transaction.
// With a census, a member's first online ballot needs `letter_code`, the
// voting code sent to them, which ties it to their place on the census.
// A first ballot (and every code ballot) also meets the eligibility rule by
// what the voter declares: 422 naming "old_enough" or "postcode".
Cast cast_online(store::Connection& tx, const core::Principal& voter, const std::string& process_id,
                 const Marks& marks, const std::string& letter_code = "", const Declared& declared = {});
Cast cast_with_code(store::Connection& tx, const std::string& org, const std::string& process_id,
                    const std::string& code, const Marks& marks, const Declared& declared = {});
// An approval ballot, the projects ticked.
inline Cast cast_online(store::Connection& tx, const core::Principal& voter, const std::string& process_id,
                        const std::vector<std::string>& ticked, const std::string& letter_code = "") {
  return cast_online(tx, voter, process_id, Marks{ticked}, letter_code);
}
inline Cast cast_with_code(store::Connection& tx, const std::string& org, const std::string& process_id,
                           const std::string& code, const std::vector<std::string>& ticked) {
  return cast_with_code(tx, org, process_id, code, Marks{ticked});
}

// Stores a ballot (a new one, or replacing the same voter key's earlier one)
// after the process's row is locked and the choices are checked;
// `before_new_ballot` runs, inside the lock, only for a new one. Paper
// ballots are taken while voting and reconciling, the others while voting
// until the closing date.
Cast store_ballot(store::Connection& tx, const std::string& org, const std::string& process_id,
                  const std::string& voter_key, const std::string& channel, const Marks& marks,
                  const std::function<void()>& before_new_ballot = {});

// Whether the process has a census of eligible people.
bool has_census(store::Connection& c, const std::string& org, const std::string& process_id);
// Records that the census person has voted by `channel`: a 409
// (commission.error.already_voted) when they have, by any channel. The
// primary key of pb_voted makes this hold under concurrency.
void claim_person(store::Connection& tx, const std::string& org, const std::string& process_id,
                  const std::string& identifier_sha256, const std::string& channel);

// The member's current ballot, or empty marks.
Marks own_marks(store::Connection& c, const core::Principal& voter, const std::string& process_id);

// New single-use voting codes (1 to kMostCodesAtOnce), shown once: only their
// SHA-256 is kept. Before voting closes.
inline constexpr int kMostCodesAtOnce = 5000;
std::vector<std::string> issue_codes(store::Connection& tx, const core::Principal& officer,
                                     const std::string& process_id, int count);

enum class ReceiptState { unknown, in_ballot_box, counted };
ReceiptState check_receipt(store::Connection& c, const std::string& org, const std::string& process_id,
                           const std::string& receipt);

// A new random code of 12 letters and digits in groups of four
// ("K7P3-9QXM-2TBW"; no 0, O, 1, I, L or U): voting codes and receipts.
std::string new_code();
// The SHA-256 of a code, receipt or census identifier within the process,
// however typed (normalised_code): all the platform keeps of them.
std::string code_hash(const std::string& process_id, std::string_view code);

// A ballot's project codes as stored ("1,3") and back.
std::string join_codes(const std::vector<std::string>& codes);
std::vector<std::string> split_codes(const std::string& stored);

// "ab-cd 12" -> "ABCD12": how codes and receipts are compared, however typed.
std::string normalised_code(std::string_view typed);

}  // namespace coproduce::commission::process

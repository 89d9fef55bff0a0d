// Equality answers in the database: a person's own (read, saved with consent,
// withdrawn), what "download my data" and deleting an account do with them,
// and the counts the report is built from. Every write runs in the caller's
// transaction with its audit event, which says only that answers were given,
// changed or withdrawn: never what they were.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/roles.hpp"
#include "equality/questions.hpp"
#include "store/database.hpp"

namespace coproduce::equality {

struct SavedAnswers {
  std::string consented_at;  // ISO-8601 UTC
  std::string updated_at;
  Answers answers;
};

std::optional<SavedAnswers> find_response(store::Connection& c, const std::string& organisation_id,
                                      const std::string& account_id);

// Replaces the person's answers in their organisation (consent already
// checked by read_answers): consented_at and updated_at become `now`.
void save_response(store::Connection& tx, const core::Principal& person, const Answers& answers,
                   const std::string& now);

// Deletes the person's answers there; false when there were none.
bool withdraw_response(store::Connection& tx, const core::Principal& person);

// Every organisation's answers of one account (download my data), and their deletion.
boost::json::value export_responses(store::Connection& c, const std::string& account_id);
void erase_responses(store::Connection& tx, const std::string& account_id);

// What the report counts: the organisation's current members who answered,
// how many of them have a confirmed contribution in the ledger (not reversed),
// and per question and answer, how many gave it (all, and those who contributed).
struct Counts {
  std::int64_t respondents = 0;
  std::int64_t contributed = 0;
  std::map<std::string, std::map<std::string, std::pair<std::int64_t, std::int64_t>>> answers;
};
Counts count_responses(store::Connection& c, const std::string& organisation_id);

}  // namespace coproduce::equality

#include "equality/repository.hpp"

#include <boost/json.hpp>
#include <set>

#include "audit/audit.hpp"

namespace coproduce::equality {
namespace {

constexpr const char* kEntity = "equality_response";

Answers answers_of(store::Connection& c, const std::string& organisation_id, const std::string& account_id) {
  Answers answers;
  for (const auto& row : c.query("SELECT question, answer FROM equality_answers "
                                 "WHERE organisation_id = $1 AND account_id = $2",
                                 {organisation_id, account_id}))
    answers[row.text(0)] = row.text(1);
  return answers;
}

}  // namespace

std::optional<SavedAnswers> find_response(store::Connection& c, const std::string& organisation_id,
                                      const std::string& account_id) {
  auto row = c.query_one("SELECT consented_at, updated_at FROM equality_responses "
                         "WHERE organisation_id = $1 AND account_id = $2",
                         {organisation_id, account_id});
  if (!row) return std::nullopt;
  return SavedAnswers{row->text(0), row->text(1), answers_of(c, organisation_id, account_id)};
}

void save_response(store::Connection& tx, const core::Principal& person, const Answers& answers,
                   const std::string& now) {
  const auto& org = person.organisation_id;
  const auto& account = person.account_id;
  bool existed = tx.query_one("SELECT 1 FROM equality_responses WHERE organisation_id = $1 AND account_id = $2",
                              {org, account})
                     .has_value();
  tx.execute("DELETE FROM equality_answers WHERE organisation_id = $1 AND account_id = $2", {org, account});
  if (existed)
    tx.execute("UPDATE equality_responses SET consented_at = $3, updated_at = $3 "
               "WHERE organisation_id = $1 AND account_id = $2",
               {org, account, now});
  else
    tx.execute("INSERT INTO equality_responses (organisation_id, account_id, consented_at, updated_at) "
               "VALUES ($1, $2, $3, $3)",
               {org, account, now});
  for (const auto& [question, answer] : answers)
    tx.execute("INSERT INTO equality_answers (organisation_id, account_id, question, answer) VALUES ($1, $2, $3, $4)",
               {org, account, question, answer});
  // That answers were given or changed, and when: never what they are.
  audit::record(tx, person, existed ? "update" : "create", kEntity, account, std::nullopt, std::nullopt);
}

bool withdraw_response(store::Connection& tx, const core::Principal& person) {
  const auto& org = person.organisation_id;
  const auto& account = person.account_id;
  tx.execute("DELETE FROM equality_answers WHERE organisation_id = $1 AND account_id = $2", {org, account});
  auto removed =
      tx.execute("DELETE FROM equality_responses WHERE organisation_id = $1 AND account_id = $2", {org, account});
  if (removed == 0) return false;
  audit::record(tx, person, "delete", kEntity, account, std::nullopt, std::nullopt);
  return true;
}

boost::json::value export_responses(store::Connection& c, const std::string& account_id) {
  boost::json::array out;
  for (const auto& row : c.query("SELECT organisation_id, consented_at, updated_at FROM equality_responses "
                                 "WHERE account_id = $1 ORDER BY organisation_id",
                                 {account_id})) {
    boost::json::object answers;
    for (const auto& [question, answer] : answers_of(c, row.text(0), account_id)) answers[question] = answer;
    out.push_back({{"organisation_id", row.text(0)},
                   {"consented_at", row.text(1)},
                   {"updated_at", row.text(2)},
                   {"answers", answers}});
  }
  return out;
}

void erase_responses(store::Connection& tx, const std::string& account_id) {
  tx.execute("DELETE FROM equality_answers WHERE account_id = $1", {account_id});
  tx.execute("DELETE FROM equality_responses WHERE account_id = $1", {account_id});
}

Counts count_responses(store::Connection& c, const std::string& organisation_id) {
  Counts counts;
  // Current members only; a contributor has a confirmed entry that is not a
  // reversal and has not been reversed.
  std::set<std::string> contributors;
  for (const auto& row : c.query(
           "SELECT r.account_id, CASE WHEN EXISTS (SELECT 1 FROM contributions e "
           "  WHERE e.organisation_id = r.organisation_id AND e.person_id = r.account_id "
           "  AND e.status = 'confirmed' AND e.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM contributions v "
           "    WHERE v.organisation_id = e.organisation_id AND v.reverses_id = e.id)) THEN 1 ELSE 0 END "
           "FROM equality_responses r JOIN memberships m "
           "  ON m.organisation_id = r.organisation_id AND m.account_id = r.account_id "
           "WHERE r.organisation_id = $1",
           {organisation_id})) {
    ++counts.respondents;
    if (row.integer(1) != 0) {
      ++counts.contributed;
      contributors.insert(row.text(0));
    }
  }
  for (const auto& row : c.query("SELECT a.account_id, a.question, a.answer FROM equality_answers a "
                                 "JOIN memberships m ON m.organisation_id = a.organisation_id "
                                 "  AND m.account_id = a.account_id "
                                 "WHERE a.organisation_id = $1",
                                 {organisation_id})) {
    auto& cell = counts.answers[row.text(1)][row.text(2)];
    ++cell.first;
    if (contributors.count(row.text(0))) ++cell.second;
  }
  return counts;
}

}  // namespace coproduce::equality

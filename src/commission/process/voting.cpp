#include "commission/process/voting.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "access/secrets.hpp"
#include "commission/pb/parser.hpp"
#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

// No 0/O, 1/I/L or U: codes are read off paper and typed in.
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kCodeLength = 12;

// Takes the process's row (the lock every vote and phase change takes first)
// and a position for a new ballot; refuses when the ballot box is shut. Paper
// ballots are entered during voting and while the papers are reconciled.
std::int64_t open_ballot_box(store::Connection& tx, const std::string& org, const std::string& process_id,
                             const std::string& channel, Process& process) {
  // One statement takes the lock, the position and what the vote is checked
  // against (find_process would also count the ballots: work that grows with them).
  auto row = tx.query_one("UPDATE pb_processes SET ballots_cast = ballots_cast + 1 "
                          "WHERE organisation_id = $1 AND id = $2 "
                          "RETURNING ballots_cast, phase, voting_closes_on, ballot_min, ballot_max, cost_limit_minor, "
                          "one_district, category_limits, ballot_kind, points_total, points_most",
                          {org, process_id});
  if (!row) throw core::not_found("Participatory budgeting process " + process_id);
  process.id = process_id;
  process.organisation_id = org;
  process.phase = row->text(1);
  process.voting_closes_on = row->opt_text(2).value_or("");
  process.rules.min = row->integer(3);
  process.rules.max = row->opt_integer(4);
  process.rules.cost_limit_minor = row->opt_integer(5);
  process.rules.one_district = row->integer(6) != 0;
  process.rules.category_most = amounts_of(row->text(7));
  process.ballot_kind = row->text(8);
  process.rules.points_total = row->opt_integer(9);
  process.rules.points_most = row->opt_integer(10);
  if (channel == "paper") {
    if (process.phase != "voting" && process.phase != "reconciling")
      throw core::localised(409, "conflict", "commission.error.not_voting", "choices");
    return row->integer(0);
  }
  if (!voting_open(process.phase)) throw core::localised(409, "conflict", "commission.error.not_voting", "choices");
  if (!process.voting_closes_on.empty() && core::today_utc() > process.voting_closes_on)
    throw core::localised(409, "conflict", "commission.error.voting_closed", "choices");
  return row->integer(0);
}

// The ballot in its stored form: on a ranking ballot the voter's order; else
// codes in the ballot paper's order, with their points.
Marks stored_form(const Process& process, const std::vector<Project>& projects, const Marks& marks) {
  if (process.ballot_kind == "ordinal") return marks;
  Marks out;
  for (const auto& p : projects) {
    auto at = std::find(marks.codes.begin(), marks.codes.end(), p.code);
    if (at == marks.codes.end()) continue;
    out.codes.push_back(p.code);
    if (!marks.points.empty()) out.points.push_back(marks.points[std::size_t(at - marks.codes.begin())]);
  }
  return out;
}

std::string join_points(const std::vector<std::int64_t>& points) {
  std::string out;
  for (auto p : points) out += (out.empty() ? "" : ",") + std::to_string(p);
  return out;
}

}  // namespace

// A random code of kCodeLength characters, written in groups of four.
std::string new_code() {
  std::string hex = core::random_token(16);
  std::string code;
  for (int i = 0; i < kCodeLength; ++i) {
    unsigned value = std::stoul(hex.substr(std::size_t(i) * 2, 2), nullptr, 16);
    // 240 = 8 * 30: values at or above it would bias the first letters; draw again.
    while (value >= 240) value = std::stoul(core::random_token(1), nullptr, 16);
    code += kCodeAlphabet[value % kCodeAlphabet.size()];
    if (i % 4 == 3 && i + 1 < kCodeLength) code += '-';
  }
  return code;
}

std::string code_hash(const std::string& process_id, std::string_view code) {
  return access::sha256_hex(process_id + ":" + normalised_code(code));
}

Cast store_ballot(store::Connection& tx, const std::string& org, const std::string& process_id,
                  const std::string& voter_key, const std::string& channel, const Marks& marks,
                  const std::function<void()>& before_new_ballot) {
  Process process;
  std::int64_t position = open_ballot_box(tx, org, process_id, channel, process);
  auto projects = list_projects(tx, org, process_id);
  auto problems = channel == "paper" ? check_choices(process, projects, marks.codes) : check_marks(process, projects, marks);
  if (!problems.empty()) throw core::ValidationFailed(problems);
  Cast cast;
  cast.receipt = new_code();
  std::string receipt_hash = code_hash(process_id, cast.receipt);
  Marks stored = stored_form(process, projects, marks);
  std::string codes = join_codes(stored.codes), points = join_points(stored.points);
  std::string now = core::now_utc();
  cast.replaced = tx.execute("UPDATE pb_ballots SET choices = $4, points = $5, receipt_sha256 = $6, cast_at = $7 "
                             "WHERE organisation_id = $1 AND process_id = $2 AND voter_key = $3 AND channel <> 'import'",
                             {org, process_id, voter_key, codes, points, receipt_hash, now}) > 0;
  if (!cast.replaced) {
    if (before_new_ballot) before_new_ballot();
    tx.execute("INSERT INTO pb_ballots (organisation_id, process_id, position, voter_key, channel, choices, points, "
               "receipt_sha256, cast_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
               {org, process_id, position, voter_key, channel, codes, points, receipt_hash, now});
  }
  return cast;
}

namespace {

std::string voter_secret(store::Connection& c, const std::string& org, const std::string& process_id) {
  auto row = c.query_one("SELECT voter_secret FROM pb_processes WHERE organisation_id = $1 AND id = $2",
                         {org, process_id});
  if (!row) throw core::not_found("Participatory budgeting process " + process_id);
  return row->text(0);
}

}  // namespace

std::string join_codes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& code : codes) out += (out.empty() ? "" : ",") + code;
  return out;
}

std::vector<std::string> split_codes(const std::string& stored) {
  std::vector<std::string> out;
  for (auto code : pb::detail::split_list(stored)) out.emplace_back(code);
  return out;
}

std::string normalised_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    out += (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
  }
  return out;
}

std::int64_t cost_of(const std::vector<Project>& projects, const std::vector<std::string>& choices) {
  std::int64_t total = 0;
  for (const auto& p : projects)
    if (std::find(choices.begin(), choices.end(), p.code) != choices.end()) total += p.cost_minor;
  return total;
}

std::vector<core::FieldProblem> check_marks(const Process& process, const std::vector<Project>& projects,
                                            const Marks& marks) {
  const auto& choices = marks.codes;
  std::set<std::string> known, seen;
  for (const auto& p : projects) known.insert(p.code);
  for (const auto& code : choices) {
    if (!known.count(code)) return {{"choices", "commission.error.choice_unknown"}};
    if (!seen.insert(code).second) return {{"choices", "commission.error.choice_repeated"}};
  }
  auto n = std::int64_t(choices.size());
  if (n == 0) return {{"choices", "commission.error.choices_none"}};
  if (process.ballot_kind == "cumulative") {
    if (marks.points.size() != choices.size()) return {{"choices", "commission.error.points_missing"}};
    std::int64_t total = 0;
    for (auto given : marks.points) {
      if (given < 1) return {{"choices", "commission.error.points_positive"}};
      if (process.rules.points_most && given > *process.rules.points_most)
        return {{"choices", "commission.error.points_over_most"}};
      total += given;
      if (process.rules.points_total && total > *process.rules.points_total)
        return {{"choices", "commission.error.points_over_total"}};
    }
  } else if (!marks.points.empty()) {
    return {{"choices", "commission.error.points_not_asked"}};
  }
  if (n < process.rules.min) return {{"choices", "commission.error.choices_too_few"}};
  if (process.rules.max && n > *process.rules.max) return {{"choices", "commission.error.choices_too_many"}};
  if (process.rules.cost_limit_minor && cost_of(projects, choices) > *process.rules.cost_limit_minor)
    return {{"choices", "commission.error.choices_over_cost"}};
  std::set<std::string> districts;
  std::map<std::string, std::int64_t> per_category;
  for (const auto& p : projects) {
    if (!seen.count(p.code)) continue;
    if (!p.district.empty()) districts.insert(p.district);
    for (auto category : pb::detail::split_list(p.category)) ++per_category[std::string(category)];
  }
  if (process.rules.one_district && districts.size() > 1)
    return {{"choices", "commission.error.choices_districts"}};
  for (const auto& [category, most] : process.rules.category_most)
    if (per_category[category] > most) return {{"choices", "commission.error.choices_category"}};
  return {};
}

std::vector<core::FieldProblem> check_choices(const Process& process, const std::vector<Project>& projects,
                                              const std::vector<std::string>& choices) {
  if (process.ballot_kind != "approval") return {{"choices", "commission.error.ticks_approval_only"}};
  return check_marks(process, projects, Marks{choices, {}});
}

namespace {

using Problems = std::vector<core::FieldProblem>;

// The code as typed, checked for shape; its SHA-256 within the process.
std::string typed_code_hash(const std::string& process_id, const std::string& code) {
  if (normalised_code(code).empty()) throw core::ValidationFailed(Problems{{"code", "commission.error.code_missing"}});
  if (normalised_code(code).size() > 64) throw core::ValidationFailed(Problems{{"code", "commission.error.code_unknown"}});
  return code_hash(process_id, code);
}

// An issued, unused code, or a 422/409 naming "code".
void require_unused_code(store::Connection& tx, const std::string& org, const std::string& process_id,
                         const std::string& hash) {
  auto issued = tx.query_one("SELECT used_at FROM pb_voting_codes WHERE organisation_id = $1 AND process_id = $2 "
                             "AND code_sha256 = $3",
                             {org, process_id, hash});
  if (!issued) {
    if (!find_process(tx, org, process_id)) throw core::not_found("Participatory budgeting process " + process_id);
    throw core::ValidationFailed(Problems{{"code", "commission.error.code_unknown"}});
  }
  if (issued->opt_text(0)) throw core::localised(409, "conflict", "commission.error.code_used", "code");
}

// Spends a code; conditional, so of two ballots racing with one code only one is kept.
void spend_code(store::Connection& tx, const std::string& org, const std::string& process_id, const std::string& hash) {
  if (tx.execute("UPDATE pb_voting_codes SET used_at = $4 WHERE organisation_id = $1 AND process_id = $2 "
                 "AND code_sha256 = $3 AND used_at IS NULL",
                 {org, process_id, hash, core::now_utc()}) == 0)
    throw core::localised(409, "conflict", "commission.error.code_used", "code");
}

// The census person a code was sent to ("" when the process has no census).
std::string person_of_code(store::Connection& tx, const std::string& org, const std::string& process_id,
                           const std::string& hash) {
  auto row = tx.query_one("SELECT identifier_sha256 FROM pb_census WHERE organisation_id = $1 AND process_id = $2 "
                          "AND code_sha256 = $3",
                          {org, process_id, hash});
  return row ? row->text(0) : std::string();
}

}  // namespace

bool has_census(store::Connection& c, const std::string& org, const std::string& process_id) {
  return c.query_one("SELECT 1 FROM pb_census WHERE organisation_id = $1 AND process_id = $2 LIMIT 1",
                     {org, process_id})
      .has_value();
}

void claim_person(store::Connection& tx, const std::string& org, const std::string& process_id,
                  const std::string& identifier_sha256, const std::string& channel) {
  if (tx.execute("INSERT INTO pb_voted (organisation_id, process_id, identifier_sha256, channel, voted_at) "
                 "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                 {org, process_id, identifier_sha256, channel, core::now_utc()}) == 0)
    throw core::localised(409, "conflict", "commission.error.already_voted", channel == "paper" ? "identifier" : "code");
}

Cast cast_online(store::Connection& tx, const core::Principal& voter, const std::string& process_id,
                 const Marks& choices, const std::string& letter_code, const Declared& declared) {
  if (!voter.signed_in()) throw core::unauthenticated();
  const std::string& org = voter.organisation_id;
  std::string key = "online:" + access::sha256_hex(voter_secret(tx, org, process_id) + ":" + voter.account_id);
  // With a census, a first online ballot is tied to a person on it by the
  // code in their letter; changing it later needs no code.
  return store_ballot(tx, org, process_id, key, "online", choices, [&] {
    require_declared(tx, org, process_id, declared);
    if (!has_census(tx, org, process_id)) return;
    std::string hash = typed_code_hash(process_id, letter_code);
    require_unused_code(tx, org, process_id, hash);
    std::string person = person_of_code(tx, org, process_id, hash);
    if (person.empty()) throw core::ValidationFailed(Problems{{"code", "commission.error.code_unknown"}});
    claim_person(tx, org, process_id, person, "online");
    spend_code(tx, org, process_id, hash);
  });
}

Cast cast_with_code(store::Connection& tx, const std::string& org, const std::string& process_id,
                    const std::string& code, const Marks& choices, const Declared& declared) {
  std::string hash = typed_code_hash(process_id, code);
  require_unused_code(tx, org, process_id, hash);
  // The ballot is stored (and checked) before the code is spent: a refused
  // ballot leaves the code unused.
  Cast cast = store_ballot(tx, org, process_id, "code:" + hash, "code", choices, [&] {
    require_declared(tx, org, process_id, declared);
    std::string person = person_of_code(tx, org, process_id, hash);
    if (!person.empty()) claim_person(tx, org, process_id, person, "code");
  });
  if (cast.replaced) throw core::localised(409, "conflict", "commission.error.code_used", "code");
  spend_code(tx, org, process_id, hash);
  return cast;
}

Marks own_marks(store::Connection& c, const core::Principal& voter, const std::string& process_id) {
  if (!voter.signed_in()) return {};
  auto secret = c.query_one("SELECT voter_secret FROM pb_processes WHERE organisation_id = $1 AND id = $2",
                            {voter.organisation_id, process_id});
  if (!secret) return {};
  std::string key = "online:" + access::sha256_hex(secret->text(0) + ":" + voter.account_id);
  auto row = c.query_one("SELECT choices, points FROM pb_ballots WHERE organisation_id = $1 AND process_id = $2 "
                         "AND voter_key = $3 AND channel = 'online'",
                         {voter.organisation_id, process_id, key});
  if (!row) return {};
  Marks marks{split_codes(row->text(0))};
  for (const auto& given : split_codes(row->text(1))) marks.points.push_back(std::stoll(given));
  return marks;
}

std::vector<std::string> issue_codes(store::Connection& tx, const core::Principal& officer,
                                     const std::string& process_id, int count) {
  if (count < 1 || count > kMostCodesAtOnce) throw core::ValidationFailed(std::vector<core::FieldProblem>{{"count", "commission.error.code_count"}});
  auto process = find_process(tx, officer.organisation_id, process_id);
  if (!process) throw core::not_found("Participatory budgeting process " + process_id);
  if (!process->source.empty() || *phase_index(process->phase) > *phase_index("voting"))
    throw core::localised(409, "conflict", "commission.error.voting_over", "count");
  std::string batch = core::new_id(), now = core::now_utc();
  std::vector<std::string> codes;
  codes.reserve(std::size_t(count));
  for (int i = 0; i < count; ++i) {
    codes.push_back(new_code());
    tx.execute("INSERT INTO pb_voting_codes (organisation_id, process_id, code_sha256, batch, created_at) "
               "VALUES ($1, $2, $3, $4, $5)",
               {officer.organisation_id, process_id, code_hash(process_id, codes.back()), batch, now});
  }
  audit::record(tx, officer, "issue_codes", "pb_process", process_id, std::nullopt,
                json::object{{"batch", batch}, {"count", count}});
  return codes;
}

ReceiptState check_receipt(store::Connection& c, const std::string& org, const std::string& process_id,
                           const std::string& receipt) {
  if (normalised_code(receipt).empty() || normalised_code(receipt).size() > 64) return ReceiptState::unknown;
  auto row = c.query_one("SELECT b.cast_at, r.counted_at FROM pb_ballots b LEFT JOIN pb_results r "
                         "ON r.organisation_id = b.organisation_id AND r.process_id = b.process_id "
                         "WHERE b.organisation_id = $1 AND b.process_id = $2 AND b.receipt_sha256 = $3",
                         {org, process_id, code_hash(process_id, receipt)});
  if (!row) return ReceiptState::unknown;
  auto counted = row->opt_text(1);
  return counted && *counted >= row->text(0) ? ReceiptState::counted : ReceiptState::in_ballot_box;
}

}  // namespace coproduce::commission::process

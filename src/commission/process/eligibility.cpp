#include "commission/process/eligibility.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "audit/audit.hpp"
#include "commission/pb/parser.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/process.hpp"
#include "core/dates.hpp"
#include "core/text.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

constexpr std::size_t kMostPostcodeEntries = 5000;

std::string squeezed_upper(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '\t') continue;
    out += char(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_alpha(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// An outward code: a letter, then 1 to 3 letters or digits with a digit among them.
bool outward_code(std::string_view s) {
  if (s.size() < 2 || s.size() > 4 || !is_alpha(s[0])) return false;
  bool digit = false;
  for (char c : s.substr(1)) {
    if (!is_alpha(c) && !is_digit(c)) return false;
    digit = digit || is_digit(c);
  }
  return digit;
}

bool inward_code(std::string_view s) { return s.size() == 3 && is_digit(s[0]) && is_alpha(s[1]) && is_alpha(s[2]); }

}  // namespace

std::optional<std::string> normalised_postcode(std::string_view typed) {
  std::string s = squeezed_upper(typed);
  if (s.size() < 5 || s.size() > 7) return std::nullopt;
  std::string_view view(s);
  if (!outward_code(view.substr(0, view.size() - 3)) || !inward_code(view.substr(view.size() - 3))) return std::nullopt;
  return s;
}

std::optional<std::string> normalised_postcode_entry(std::string_view typed) {
  std::string s = squeezed_upper(typed);
  if (auto full = normalised_postcode(s)) return full;
  std::string_view view(s);
  if (outward_code(view)) return s;                                                    // CF10
  if (view.size() >= 3 && is_digit(view.back()) && outward_code(view.substr(0, view.size() - 1)))
    return s;                                                                          // CF101 (a sector)
  if (!view.empty() && view.size() <= 2 && std::all_of(view.begin(), view.end(), is_alpha)) return s;  // CF
  return std::nullopt;
}

bool postcode_listed(const std::string& postcode, const std::vector<std::string>& entries) {
  std::string outward = postcode.substr(0, postcode.size() - 3);
  std::string sector = outward + postcode[postcode.size() - 3];
  std::string area;
  for (char c : outward) {
    if (!is_alpha(c)) break;
    area += c;
  }
  for (const auto& entry : entries)
    if (entry == postcode || entry == outward || entry == sector || entry == area) return true;
  return false;
}

void set_eligibility(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                     const std::string& minimum_age, const std::string& postcodes) {
  auto process = find_process(tx, officer.organisation_id, process_id);
  if (!process) throw core::not_found("Participatory budgeting process " + process_id);
  if (!process->source.empty()) throw core::localised(409, "conflict", "commission.error.imported", "minimum_age");
  if (ballot_frozen(process->phase))
    throw core::localised(409, "conflict", "commission.error.ballot_frozen", "minimum_age");
  std::vector<core::FieldProblem> problems;
  std::optional<std::int64_t> age;
  std::string typed_age(core::trimmed(minimum_age));
  if (!typed_age.empty()) {
    bool digits = typed_age.size() <= 3 && typed_age.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoi(typed_age) < 1 || std::stoi(typed_age) > 120)
      problems.push_back({"minimum_age", "commission.error.minimum_age"});
    else
      age = std::stoi(typed_age);
  }
  std::vector<std::string> entries;
  std::string entry;
  auto take = [&] {
    std::string typed(core::trimmed(entry));
    entry.clear();
    if (typed.empty()) return;
    auto normal = normalised_postcode_entry(typed);
    if (!normal) {
      if (problems.empty() || problems.back().field != "postcodes")
        problems.push_back({"postcodes", "commission.error.postcode_entry"});
      return;
    }
    if (std::find(entries.begin(), entries.end(), *normal) == entries.end()) entries.push_back(*normal);
  };
  for (char c : postcodes) {
    if (c == '\n' || c == ',' || c == ';') take();
    else if (c != '\r') entry += c;
  }
  take();
  if (entries.size() > kMostPostcodeEntries) problems.push_back({"postcodes", "commission.error.postcodes_too_many"});
  if (!problems.empty()) throw core::ValidationFailed(problems);
  std::sort(entries.begin(), entries.end());
  std::string stored;
  for (const auto& e : entries) stored += (stored.empty() ? "" : ",") + e;
  tx.execute("UPDATE pb_processes SET minimum_age = $3, postcodes = $4, updated_at = $5 "
             "WHERE organisation_id = $1 AND id = $2",
             {officer.organisation_id, process_id, store::maybe(age), stored, core::now_utc()});
  auto listed = [](const std::vector<std::string>& list) {
    json::array out;
    for (const auto& e : list) out.push_back(json::value(e));
    return out;
  };
  audit::record(tx, officer, "set_eligibility", "pb_process", process_id,
                json::object{{"minimum_age", process->rules.minimum_age ? json::value(*process->rules.minimum_age)
                                                                        : json::value(nullptr)},
                             {"postcodes", listed(process->rules.postcodes)}},
                json::object{{"minimum_age", age ? json::value(*age) : json::value(nullptr)},
                             {"postcodes", listed(entries)}});
}

std::vector<core::FieldProblem> check_declared(const Process& process, const Declared& declared) {
  std::vector<core::FieldProblem> problems;
  if (process.rules.minimum_age && !declared.old_enough)
    problems.push_back({"old_enough", "commission.error.old_enough"});
  if (!process.rules.postcodes.empty()) {
    auto postcode = normalised_postcode(declared.postcode);
    if (core::trimmed(declared.postcode).empty()) problems.push_back({"postcode", "commission.error.postcode_missing"});
    else if (!postcode) problems.push_back({"postcode", "commission.error.postcode_shape"});
    else if (!postcode_listed(*postcode, process.rules.postcodes))
      problems.push_back({"postcode", "commission.error.postcode_outside"});
  }
  return problems;
}

void require_declared(store::Connection& tx, const std::string& org, const std::string& process_id,
                      const Declared& declared) {
  auto row = tx.query_one("SELECT minimum_age, postcodes FROM pb_processes WHERE organisation_id = $1 AND id = $2",
                          {org, process_id});
  if (!row) throw core::not_found("Participatory budgeting process " + process_id);
  Process rule;
  rule.rules.minimum_age = row->opt_integer(0);
  for (auto entry : pb::detail::split_list(row->text(1))) rule.rules.postcodes.emplace_back(entry);
  auto problems = check_declared(rule, declared);
  if (!problems.empty()) throw core::ValidationFailed(problems);
}

}  // namespace coproduce::commission::process

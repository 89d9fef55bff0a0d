#include "commission/process/channels.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "audit/audit.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/voting.hpp"
#include "core/csv.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "i18n/i18n.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

using Problems = std::vector<core::FieldProblem>;

// A problem on one line of the census: commission.census_error.<problem>.
CensusError census_error(std::size_t line, const std::string& problem, i18n::Args args = {}) {
  args.insert(args.begin(), {"line", std::to_string(line)});
  return CensusError("commission.census_error." + problem, std::move(args));
}

// The line (1-based) of byte `offset`.
std::size_t line_of(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The offset of the first byte that is not part of well-formed UTF-8 (the
// text is known not to be valid).
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size() || !core::is_valid_utf8(text.substr(i, n))) return i;
    i += n;
  }
  return text.size();
}

Process locked_process(store::Connection& tx, const core::Principal& actor, const std::string& process_id) {
  // The row every vote locks first: entries and phase changes queue behind each other.
  tx.execute("UPDATE pb_processes SET updated_at = updated_at WHERE organisation_id = $1 AND id = $2",
             {actor.organisation_id, process_id});
  auto process = find_process(tx, actor.organisation_id, process_id);
  if (!process) throw core::not_found("Participatory budgeting process " + process_id);
  return *process;
}

std::string checked_paper(const std::string& typed) {
  std::string paper = normalised_code(typed);
  bool ok = !paper.empty() && paper.size() <= 20 &&
            std::all_of(paper.begin(), paper.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
  if (!ok) throw core::ValidationFailed(Problems{{"paper", "commission.error.paper_number"}});
  return paper;
}

// A reading in the ballot paper's order, checked against the ballot (a
// spoilt paper has no choices).
std::string checked_reading(store::Connection& tx, const Process& p, const std::vector<std::string>& choices,
                            bool spoilt) {
  if (spoilt) return "";
  auto projects = list_projects(tx, p.organisation_id, p.id);
  auto problems = check_choices(p, projects, choices);
  if (!problems.empty()) throw core::ValidationFailed(problems);
  std::set<std::string> chosen(choices.begin(), choices.end());
  std::vector<std::string> ordered;
  for (const auto& project : projects)
    if (chosen.count(project.code)) ordered.push_back(project.code);
  return join_codes(ordered);
}

void settle(store::Connection& tx, const core::Principal& actor, const Process& p, const std::string& paper,
            const std::string& reading, bool spoilt, const char* outcome) {
  if (!spoilt) store_ballot(tx, p.organisation_id, p.id, "paper:" + paper, "paper", split_codes(reading));
  tx.execute("INSERT INTO pb_papers (organisation_id, process_id, paper, outcome, spoilt, settled_by, settled_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7)",
             {p.organisation_id, p.id, paper, std::string(outcome), std::int64_t(spoilt ? 1 : 0),
              std::string(outcome) == "reconciled" ? store::Value(actor.account_id) : store::Value(),
              core::now_utc()});
}

}  // namespace

CensusError::CensusError(std::string key, std::vector<std::pair<std::string, std::string>> args)
    : core::Error(422, "invalid", i18n::t("en", key, args), "census"), key_(std::move(key)), args_(std::move(args)) {}

const std::vector<std::string>& age_bands() {
  static const std::vector<std::string> bands = {"under-16", "16-24", "25-34", "35-44", "45-54",
                                                 "55-64",    "65-74", "75+"};
  return bands;
}

CensusLoad load_census(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                       std::string_view csv) {
  Process p = locked_process(tx, officer, process_id);
  if (!p.source.empty() || ballot_frozen(p.phase))
    throw core::localised(409, "conflict", "commission.error.census_frozen", "census");
  // A spreadsheet saved as .xlsx, or text in another encoding, is refused
  // naming the line before it is read as CSV.
  if (!core::is_valid_utf8(csv)) throw census_error(line_of(csv, first_invalid_utf8(csv)), "not_utf8");
  if (auto nul = csv.find('\0'); nul != std::string_view::npos) throw census_error(line_of(csv, nul), "binary");
  std::vector<core::CsvRecord> records;
  try {
    records = core::read_csv(csv, kMostCensusRows + 1, 200);
  } catch (const core::CsvError& error) {
    throw census_error(error.line, error.problem == "too_many_records" ? "too_many" : error.problem);
  }
  if (records.empty()) throw CensusError("commission.census_error.empty", {});
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < records[0].cells.size(); ++i) {
    std::string name = core::trimmed(records[0].cells[i]);
    if (name != "identifier" && name != "district" && name != "age_band")
      throw census_error(1, "unknown_column", {{"column", name}});
    if (column.count(name)) throw census_error(1, "column_twice", {{"column", name}});
    column[name] = i;
  }
  if (!column.count("identifier")) throw census_error(1, "no_identifier");
  if (records.size() - 1 > kMostCensusRows) throw census_error(records.back().line, "too_many");

  std::set<std::string> seen;
  std::vector<store::Value> census, codes;
  std::string batch = "census";
  std::string now = core::now_utc();
  CensusLoad load;
  load.letters_csv = core::csv_row({"identifier", "code"});
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& record = records[r];
    if (record.cells.size() != records[0].cells.size())
      throw census_error(record.line, "cells", {{"cells", std::to_string(record.cells.size())},
                                                {"header", std::to_string(records[0].cells.size())}});
    auto cell = [&](const std::string& name) {
      return column.count(name) ? core::trimmed(record.cells[column[name]]) : std::string();
    };
    std::string identifier = cell("identifier"), district = cell("district"), band = cell("age_band");
    std::string normalised = normalised_code(identifier);
    if (normalised.empty()) throw census_error(record.line, "identifier_missing");
    if (normalised.size() > 64) throw census_error(record.line, "identifier_long");
    for (const auto& text : {identifier, district, band})
      if (!core::text_problem(text).empty()) throw census_error(record.line, "control");
    if (district.size() > 100) throw census_error(record.line, "district_long");
    if (!band.empty() && std::find(age_bands().begin(), age_bands().end(), band) == age_bands().end())
      throw census_error(record.line, "age_band", {{"band", band}});
    std::string hash = code_hash(process_id, normalised);
    if (!seen.insert(hash).second) throw census_error(record.line, "identifier_twice", {{"identifier", identifier}});
    std::string code = new_code();
    std::string code_sha = code_hash(process_id, code);
    for (store::Value v : {store::Value(p.organisation_id), store::Value(process_id), store::Value(hash),
                           store::Value(district), store::Value(band), store::Value(code_sha)})
      census.push_back(std::move(v));
    for (store::Value v : {store::Value(p.organisation_id), store::Value(process_id), store::Value(code_sha),
                           store::Value(batch), store::Value(now)})
      codes.push_back(std::move(v));
    load.letters_csv += core::csv_row({identifier, code});
    ++load.people;
  }
  tx.execute("DELETE FROM pb_census WHERE organisation_id = $1 AND process_id = $2", {p.organisation_id, process_id});
  tx.execute("DELETE FROM pb_voting_codes WHERE organisation_id = $1 AND process_id = $2 AND batch = 'census'",
             {p.organisation_id, process_id});
  insert_rows(tx,
              "INSERT INTO pb_census (organisation_id, process_id, identifier_sha256, district, age_band, code_sha256)",
              6, census);
  insert_rows(tx, "INSERT INTO pb_voting_codes (organisation_id, process_id, code_sha256, batch, created_at)", 5,
              codes);
  audit::record(tx, officer, "load_census", "pb_process", process_id, std::nullopt,
                json::object{{"people", load.people}});
  return load;
}

void check_in(store::Connection& tx, const core::Principal& booth, const std::string& process_id,
              const std::string& identifier) {
  Process p = locked_process(tx, booth, process_id);
  if (!voting_open(p.phase)) throw core::localised(409, "conflict", "commission.error.not_voting", "identifier");
  std::string normalised = normalised_code(identifier);
  if (normalised.empty() || normalised.size() > 64)
    throw core::ValidationFailed(Problems{{"identifier", "commission.error.identifier_unknown"}});
  std::string hash = code_hash(process_id, normalised);
  auto person = tx.query_one("SELECT code_sha256 FROM pb_census WHERE organisation_id = $1 AND process_id = $2 "
                             "AND identifier_sha256 = $3",
                             {p.organisation_id, process_id, hash});
  if (!person) throw core::ValidationFailed(Problems{{"identifier", "commission.error.identifier_unknown"}});
  claim_person(tx, p.organisation_id, process_id, hash, "paper");
  // Their letter's code can no longer vote.
  if (auto code = person->opt_text(0))
    tx.execute("UPDATE pb_voting_codes SET used_at = $4 WHERE organisation_id = $1 AND process_id = $2 "
               "AND code_sha256 = $3 AND used_at IS NULL",
               {p.organisation_id, process_id, *code, core::now_utc()});
}

PaperState enter_paper(store::Connection& tx, const core::Principal& booth, const std::string& process_id,
                       const std::string& typed_paper, const std::vector<std::string>& choices, bool spoilt) {
  Process p = locked_process(tx, booth, process_id);
  if (p.phase != "voting" && p.phase != "reconciling")
    throw core::localised(409, "conflict", "commission.error.not_voting", "paper");
  std::string paper = checked_paper(typed_paper);
  std::string reading = checked_reading(tx, p, choices, spoilt);
  if (tx.query_one("SELECT 1 FROM pb_papers WHERE organisation_id = $1 AND process_id = $2 AND paper = $3",
                   {p.organisation_id, process_id, paper}))
    throw core::localised(409, "conflict", "commission.error.paper_settled", "paper");
  auto entries = tx.query("SELECT entry, entered_by, choices, spoilt FROM pb_paper_entries "
                          "WHERE organisation_id = $1 AND process_id = $2 AND paper = $3 ORDER BY entry",
                          {p.organisation_id, process_id, paper});
  if (entries.size() >= 2) throw core::localised(409, "conflict", "commission.error.paper_entered_twice", "paper");
  if (entries.size() == 1 && entries[0].text(1) == booth.account_id)
    throw core::localised(409, "conflict", "commission.error.paper_same_officer", "paper");
  std::int64_t entry = std::int64_t(entries.size()) + 1;
  tx.execute("INSERT INTO pb_paper_entries (organisation_id, process_id, paper, entry, entered_by, choices, spoilt, "
             "entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {p.organisation_id, process_id, paper, entry, booth.account_id, reading, std::int64_t(spoilt ? 1 : 0),
              core::now_utc()});
  if (entry == 1) return PaperState::awaiting_second;
  bool agree = entries[0].text(2) == reading && (entries[0].integer(3) != 0) == spoilt;
  if (!agree) return PaperState::mismatch;
  settle(tx, booth, p, paper, reading, spoilt, "agreed");
  return PaperState::agreed;
}

void reconcile_paper(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                     const std::string& typed_paper, const std::vector<std::string>& choices, bool spoilt) {
  Process p = locked_process(tx, officer, process_id);
  if (p.phase != "voting" && p.phase != "reconciling")
    throw core::localised(409, "conflict", "commission.error.not_voting", "paper");
  std::string paper = checked_paper(typed_paper);
  std::string reading = checked_reading(tx, p, choices, spoilt);
  auto entries = tx.query("SELECT entry, entered_by, choices, spoilt FROM pb_paper_entries "
                          "WHERE organisation_id = $1 AND process_id = $2 AND paper = $3 ORDER BY entry",
                          {p.organisation_id, process_id, paper});
  bool settled = tx.query_one("SELECT 1 FROM pb_papers WHERE organisation_id = $1 AND process_id = $2 AND paper = $3",
                              {p.organisation_id, process_id, paper})
                     .has_value();
  if (entries.size() != 2 || settled)
    throw core::localised(409, "conflict", "commission.error.paper_not_mismatched", "paper");
  for (const auto& e : entries)
    if (e.text(1) == officer.account_id)
      throw core::localised(409, "conflict", "commission.error.paper_same_officer", "paper");
  settle(tx, officer, p, paper, reading, spoilt, "reconciled");
  audit::record(tx, officer, "reconcile_paper", "pb_process", process_id,
                json::object{{"paper", paper},
                             {"first", entries[0].integer(3) ? "spoilt" : entries[0].text(2)},
                             {"second", entries[1].integer(3) ? "spoilt" : entries[1].text(2)}},
                json::object{{"paper", paper}, {"reading", spoilt ? "spoilt" : reading}});
}

PaperSummary paper_summary(store::Connection& c, const std::string& org, const std::string& process_id) {
  PaperSummary s;
  s.check_ins = c.query_one("SELECT COUNT(*) FROM pb_voted WHERE organisation_id = $1 AND process_id = $2 "
                            "AND channel = 'paper'",
                            {org, process_id})
                    ->integer(0);
  for (const auto& row : c.query("SELECT outcome, spoilt, COUNT(*) FROM pb_papers WHERE organisation_id = $1 "
                                 "AND process_id = $2 GROUP BY outcome, spoilt",
                                 {org, process_id})) {
    (row.text(0) == "agreed" ? s.agreed : s.reconciled) += row.integer(2);
    if (row.integer(1)) s.spoilt += row.integer(2);
  }
  std::map<std::string, std::vector<PaperReading>> open;
  for (const auto& row : c.query("SELECT e.paper, e.choices, e.spoilt FROM pb_paper_entries e "
                                 "WHERE e.organisation_id = $1 AND e.process_id = $2 AND NOT EXISTS (SELECT 1 FROM "
                                 "pb_papers s WHERE s.organisation_id = e.organisation_id AND s.process_id = "
                                 "e.process_id AND s.paper = e.paper) ORDER BY e.paper, e.entry",
                                 {org, process_id}))
    open[row.text(0)].push_back({split_codes(row.text(1)), row.integer(2) != 0});
  for (auto& [paper, readings] : open) {
    if (readings.size() == 1) {
      ++s.awaiting_second;
      s.awaiting.push_back(paper);
    } else {
      s.mismatches.push_back({paper, readings[0], readings[1]});
    }
  }
  return s;
}

}  // namespace coproduce::commission::process

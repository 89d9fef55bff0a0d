// Who may vote, and the paper channel. A census (CSV of eligible people's
// identifiers, with optional district and age band) makes every ballot one
// person's: each person is sent a voting code, which they use with or
// without an account, or they vote on paper at a booth, where an officer
// checks them in; the database keeps one vote per person across channels.
// Paper ballots are anonymous whole ballots, each entered twice by two booth
// officers; entries that differ wait for an officer to reconcile them, and
// counting waits for every paper to be settled.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/roles.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

inline constexpr std::size_t kMostCensusRows = 200000;
// The largest census file (or request carrying one) the server takes: room for
// 200,000 rows of a long identifier, a district and an age band.
inline constexpr std::size_t kMostCensusBytes = 48 << 20;
// The age bands a census may give (statistics use them; "" when not given).
const std::vector<std::string>& age_bands();

// A census file refused: a 422 naming "census" whose what() is the English
// sentence the API answers ("line 3: the identifier is missing"); key() and
// args() say the same in the catalogue (commission.census_error.*, with the
// line, cells, column ...) so a page says it in its reader's language.
class CensusError : public core::Error {
 public:
  CensusError(std::string key, std::vector<std::pair<std::string, std::string>> args);
  const std::string& key() const { return key_; }
  const std::vector<std::pair<std::string, std::string>>& args() const { return args_; }

 private:
  std::string key_;
  std::vector<std::pair<std::string, std::string>> args_;
};

struct CensusLoad {
  std::int64_t people = 0;
  // "identifier,code" for every person, for the letters: shown once, since
  // only SHA-256 of identifiers and codes is kept.
  std::string letters_csv;
};
// Replaces the census (before the ballot is published: the census is part
// of the frozen definition). The CSV (UTF-8) has a header naming
// "identifier" and optionally "district" and "age_band". Throws CensusError
// naming the line for a file that is not UTF-8 text or is binary, a malformed
// row, a missing or repeated identifier, an unknown column or age band;
// nothing is written then.
CensusLoad load_census(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                       std::string_view csv);

// A booth officer checks a census person in to vote on paper: 422 naming
// "identifier" when they are not on the census, 409 when they have voted.
void check_in(store::Connection& tx, const core::Principal& booth, const std::string& process_id,
              const std::string& identifier);

enum class PaperState { awaiting_second, agreed, mismatch };
// Enters a paper ballot (its number and choices, or spoilt) as the first or
// the second entry. The second must be by another officer; agreeing entries
// store the ballot (a spoilt paper stores none).
PaperState enter_paper(store::Connection& tx, const core::Principal& booth, const std::string& process_id,
                       const std::string& paper, const std::vector<std::string>& choices, bool spoilt);
// Settles a paper whose two entries differ, with the reading someone who made
// neither entry (an officer or a councillor) finds on the paper.
void reconcile_paper(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                     const std::string& paper, const std::vector<std::string>& choices, bool spoilt);

struct PaperReading {
  std::vector<std::string> choices;
  bool spoilt = false;
};
struct Mismatch {
  std::string paper;
  PaperReading first, second;
};
struct PaperSummary {
  std::int64_t check_ins = 0, agreed = 0, reconciled = 0, spoilt = 0, awaiting_second = 0;
  std::vector<Mismatch> mismatches;
  std::vector<std::string> awaiting;  // paper numbers with one entry
  bool settled() const { return awaiting_second == 0 && mismatches.empty(); }
};
PaperSummary paper_summary(store::Connection& c, const std::string& org, const std::string& process_id);

}  // namespace coproduce::commission::process

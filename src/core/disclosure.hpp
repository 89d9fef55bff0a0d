// Statistical disclosure control for published counts about people (pure):
// the equality report, a participatory budget's turnout. No count
// under ten people is ever shown (primary suppression), and a shown figure
// never lets a hidden one be worked out by subtraction (secondary
// suppression): wherever hidden cells and shown cells add up to a shown
// total, at least two cells are hidden and together they stand for at least
// ten people, so none of them follows from the rest (not even a zero). The
// cells and the sums they take part in are given as counts and relations.
#pragma once

#include <cstdint>
#include <vector>

namespace coproduce::core {

inline constexpr std::int64_t kSmallestGroup = 10;

enum class Shown { shown, primary, secondary };  // secondary: hidden so that a small one stays hidden

struct Cell {
  std::int64_t count = 0;
  Shown shown = Shown::shown;
  bool hidden() const { return shown != Shown::shown; }
};

// Cells that add up to a figure the reader knows (a shown total), or whose
// signed sum is zero (one cell is the sum of others): either way, one hidden
// cell in a relation can be worked out from the others. Indexes into the
// cells given to suppress().
using Relation = std::vector<std::size_t>;

// Hides every count under kSmallestGroup (zero included), then hides the
// smallest shown cell of a relation (the first one on a tie) while the
// relation has exactly one hidden cell, or, for a sum to a shown total, while
// its hidden cells add up to fewer than kSmallestGroup (hidden cells adding
// up to 0 would all be known to be 0, and then others with them) and a shown
// cell is left. `sums` add up to a shown total; `balances` hold one cell that
// is the sum of the others (only the first rule applies to them).
std::vector<Cell> suppress(const std::vector<std::int64_t>& counts, const std::vector<Relation>& sums,
                           const std::vector<Relation>& balances = {});

// One question's table: a row per answer, in columns that each add up to
// their shown total. With `parts`, the columns after the first split it in
// two (first = second + third on every row), as respondents who contributed
// and those who have not.
struct Breakdown {
  std::vector<std::vector<Cell>> rows;  // [row][column]
};
Breakdown suppress_table(const std::vector<std::vector<std::int64_t>>& counts, bool parts);

// A shown cell's share of its column's total in whole percent, half up
// (exact integer arithmetic); 0 for a zero total.
std::int64_t percent(std::int64_t count, std::int64_t total);

}  // namespace coproduce::core

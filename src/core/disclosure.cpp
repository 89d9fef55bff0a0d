#include "core/disclosure.hpp"

#include <stdexcept>

namespace coproduce::core {

std::vector<Cell> suppress(const std::vector<std::int64_t>& counts, const std::vector<Relation>& sums,
                           const std::vector<Relation>& balances) {
  std::vector<Cell> cells;
  cells.reserve(counts.size());
  for (auto n : counts) cells.push_back({n, n < kSmallestGroup ? Shown::primary : Shown::shown});
  for (const auto* list : {&sums, &balances})
    for (const auto& relation : *list)
      for (auto i : relation)
        if (i >= cells.size()) throw std::out_of_range("a relation names a cell that is not there");
  // Hides one more cell of the relation when it needs it; true when it did.
  auto protect = [&](const Relation& relation, bool sum) {
    std::size_t hidden = 0;
    std::int64_t hidden_total = 0;
    const std::size_t none = cells.size();
    std::size_t smallest = none;
    for (auto i : relation) {
      if (cells[i].hidden()) {
        ++hidden;
        hidden_total += cells[i].count;
      } else if (smallest == none || cells[i].count < cells[smallest].count) {
        smallest = i;
      }
    }
    bool needs = hidden == 1 || (sum && hidden > 0 && hidden_total < kSmallestGroup);
    if (!needs || smallest == none) return false;
    cells[smallest].shown = Shown::secondary;
    return true;
  };
  // Each pass hides at least one more cell or ends, so this ends.
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& relation : sums) changed = protect(relation, true) || changed;
    for (const auto& relation : balances) changed = protect(relation, false) || changed;
  }
  return cells;
}

Breakdown suppress_table(const std::vector<std::vector<std::int64_t>>& counts, bool parts) {
  const std::size_t rows = counts.size();
  const std::size_t columns = rows == 0 ? 0 : counts[0].size();
  if (parts && columns != 3) throw std::invalid_argument("a table split in parts has three columns");
  std::vector<std::int64_t> flat;
  for (const auto& row : counts) {
    if (row.size() != columns) throw std::invalid_argument("every row has the same columns");
    flat.insert(flat.end(), row.begin(), row.end());
  }
  auto at = [columns](std::size_t row, std::size_t column) { return row * columns + column; };
  std::vector<Relation> sums, balances;
  for (std::size_t c = 0; c < columns; ++c) {
    Relation column;
    for (std::size_t r = 0; r < rows; ++r) column.push_back(at(r, c));
    sums.push_back(std::move(column));
  }
  if (parts)
    for (std::size_t r = 0; r < rows; ++r) balances.push_back({at(r, 0), at(r, 1), at(r, 2)});
  auto cells = suppress(flat, sums, balances);
  Breakdown out;
  for (std::size_t r = 0; r < rows; ++r)
    out.rows.emplace_back(cells.begin() + static_cast<std::ptrdiff_t>(at(r, 0)),
                          cells.begin() + static_cast<std::ptrdiff_t>(at(r, 0) + columns));
  return out;
}

std::int64_t percent(std::int64_t count, std::int64_t total) {
  if (total <= 0) return 0;
  return (count * 200 + total) / (total * 2);
}

}  // namespace coproduce::core

// The engine's explanation of one project, in plain words, in English or
// Welsh: for winners the price per supporter and what supporters paid; for
// the others "its supporters ran out of money" or "outbid by X", the effective
// vote count and how many more supporters it needed. Amounts come from the
// engine's exact rationals and are shown in the currency's minor units
// ("about" only when a share is not a whole number of minor units).
#pragma once

#include <gmpxx.h>

#include <string>
#include <string_view>
#include <vector>

#include "commission/process/process.hpp"

namespace coproduce::commission::process {

// An amount in currency units, exactly: "£12.50", or "about £3.33" (rounded
// half up to a minor unit) when it is not a whole number of minor units.
std::string money_text(std::string_view locale, const mpq_class& amount, std::string_view currency);
// A count that may be fractional: "12", or "about 11.47" (two places).
std::string count_text(std::string_view locale, const mpq_class& value);

// Paragraphs (plain text, not escaped) saying why the project won or did not.
std::vector<std::string> explain(std::string_view locale, const Process& process, const Result& result,
                                 const ResultProject& project);

// The name people read: the project's name (its Welsh name under Welsh when
// there is one), else "Project {code}".
std::string project_name(std::string_view locale, const ResultProject& project);

}  // namespace coproduce::commission::process

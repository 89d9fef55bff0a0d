// Writing an Instance back as pabulib .pb text.
#pragma once

#include <string>

#include "commission/pb/model.hpp"

namespace coproduce::commission::pb {

// Valid .pb text for the instance (LF line ends, fields quoted only when needed).
// Columns keep their text as read whenever it still means what the structured members
// say; otherwise (edited or programmatically built instances) canonical text is written.
// Throws std::invalid_argument for a value .pb cannot express (e.g. a cost of 1/3).
std::string write_pb(const Instance& instance);

// Exact decimal text of a rational ("12", "1331751.11"); throws std::invalid_argument
// when the value has no finite decimal form.
std::string decimal_text(const mpq_class& value);

}  // namespace coproduce::commission::pb

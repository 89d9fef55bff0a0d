// The audit trail for officers: the filters people type (page, CSV and API
// alike) and the page and CSV routes. Only `audit.read` (officers) reaches
// them: the trail is personal data (who did what).
#pragma once

#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "http/request.hpp"
#include "module/module.hpp"

namespace coproduce::audit {

// The filters as typed, trimmed: query parameters actor, entity_type,
// entity_id, from and to (YYYY-MM-DD, UTC days, both included).
struct Typed {
  std::string actor, entity_type, entity_id, from, to;
};
Typed typed_filters(const http::Request& request);
// Each problem names its field, as a catalogue key ("audit.error.date"); none: valid.
std::vector<core::FieldProblem> problems_of(const Typed& typed);
// A filter for valid typed values (limit and offset left at their defaults).
Filter filter_of(const Typed& typed);

// At most this many events go in one CSV download; more asks for narrower filters.
inline constexpr int kMaxExportRows = 10'000;
// Events per page.
inline constexpr int kPageSize = 50;

// GET /audit and GET /audit.csv, with the navigation entry.
void add_pages(module::Loader& l);

}  // namespace coproduce::audit

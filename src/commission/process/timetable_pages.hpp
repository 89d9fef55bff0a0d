// The timetable on the pages: the public table on a process's page, and the
// officer's form on the manage page (a GOV.UK date input per phase, and a
// "not used" box for the phases a process may skip).
#pragma once

#include <string>

#include "commission/process/phase_dates.hpp"
#include "commission/process/process.hpp"
#include "http/router.hpp"
#include "store/database.hpp"
#include "web/forms.hpp"

namespace coproduce::commission::process {

// The timetable as a table (phase, from, now / not used), "" when nothing is planned.
std::string timetable_section(store::Connection& c, const http::Context& ctx, const Process& p);
// The manage page's "Timetable" section: the form before voting, the plan
// (and where the closing date moves) from voting on. `typed` is the form as
// sent when it is shown again with its errors (whose date messages it sets).
std::string timetable_manage_section(store::Connection& c, const http::Context& ctx, const Process& p,
                                     web::FormErrors& errors, const http::Fields* typed);
// Reads the posted form: each phase's three boxes into "<phase>_starts_on"
// (also put back into `form`, as shown again), and the phases ticked not used
// ("not_used", one value per phase) as "<phase>_not_used".
TimetableInput timetable_of_form(const http::Context& ctx, http::Fields& form);

}  // namespace coproduce::commission::process

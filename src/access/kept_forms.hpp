// A form sent after the session ended keeps what the person typed. When a
// page form arrives without the session its route needs (or with the CSRF
// token of a session that has since changed), the posted fields are kept on
// the server for a short while, found again by the hash of a secret held only
// in a cookie of that browser; the person signs in and returns to the page the
// form is on, where the page frame fills the form in with a banner asking
// them to check it and send it again (web/kept_form.hpp). Nothing is sent on
// their behalf.
//
// Why the server and not hidden fields in the sign-in form: the answers must
// reach a later GET of the form's own page, after a redirect, and only a
// cookie or the URL could carry them there: a cookie holds 4 KB, and a URL
// would put what was typed in logs and history. So the row is in the database
// (every server process sees it), lives 30 minutes, is taken once, and holds
// neither a password, a secret nor the CSRF token.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/access.hpp"
#include "access/secrets.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace coproduce::access {

inline constexpr std::string_view kKeptCookie = "cp_kept";
inline constexpr std::chrono::minutes kKeepFor{30};
inline constexpr std::size_t kMaxKeptBytes = 32 * 1024;  // names and values together
inline constexpr std::size_t kMaxKeptFields = 200;
inline constexpr std::int64_t kMaxKeptForms = 10'000;     // in all, unexpired: beyond, nothing is kept

using FormFields = std::vector<std::pair<std::string, std::string>>;

// The fields worth keeping, in order: never a password, a secret, a token
// (the CSRF token among them) or the form's own page; nullopt when they are
// over the limits (nothing is kept then).
std::optional<FormFields> fields_to_keep(const FormFields& posted);

// The FormKeeper the authenticator gives page forms (http::Context::keep_form).
http::FormKeeper make_form_keeper(store::Database& db, const AccessOptions& options);

// On a signed-in GET of the page a kept form is for, from the browser that
// holds its secret: the form, taken (a second visit finds nothing).
std::optional<http::KeptForm> take_kept_form(store::Connection& c, const http::Request& request,
                                             std::string_view organisation_id, std::string_view secret,
                                             Clock::time_point now);

}  // namespace coproduce::access

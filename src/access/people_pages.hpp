// The pages (and their JSON twins) through which people join and look after
// their accounts, and officers look after the organisation's members:
// account_pages.cpp (sign up, verify, reset a password, the account, API
// tokens), member_pages.cpp (members, invitations) and organisation_pages.cpp
// (policy pages, feedback).
#pragma once

#include <memory>
#include <string>

#include "access/access.hpp"
#include "access/secrets.hpp"
#include "http/router.hpp"
#include "i18n/i18n.hpp"
#include "module/registry.hpp"
#include "web/components.hpp"
#include "web/html.hpp"

namespace coproduce::access {

struct PeopleDeps {
  store::Database& db;
  AccessOptions options;
  const module::Registry& registry;
  std::string public_url;
  Clock::time_point now() const { return options.clock ? options.clock() : Clock::now(); }
};

void add_account_pages(module::Loader& l, std::shared_ptr<const PeopleDeps> deps);
void add_member_pages(module::Loader& l, std::shared_ptr<const PeopleDeps> deps);
void add_organisation_pages(module::Loader& l, std::shared_ptr<const PeopleDeps> deps);

// An API token's life from a form or JSON field: 30, 90 (the default when
// blank) or 365 days; 422 naming expires_in_days otherwise.
std::chrono::days parse_token_life(const std::string& text);

// Text in the request's language, and a paragraph of it, for the pages above.
inline std::string t(const http::Context& ctx, std::string_view key, const i18n::Args& args = {}) {
  return i18n::t(ctx.locale, key, args);
}
inline std::string para(std::string_view text) { return "<p class=\"govuk-body\">" + web::escape(text) + "</p>"; }
using web::form_open;

// An anonymous form page: not cached, and carrying the visitor's CSRF cookie.
http::Response anonymous_form_page(const PeopleDeps& deps, const http::Context& ctx, std::string html,
                                   int status = 200);

}  // namespace coproduce::access

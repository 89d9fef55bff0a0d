#include "app/organisation.hpp"

#include "access/access.hpp"
#include "core/error.hpp"

namespace coproduce::app {

void create_organisation_with_officer(store::Database& db, const std::string& slug,
                                      const std::string& name, const std::string& locale,
                                      const std::string& officer_email,
                                      const std::string& officer_name,
                                      const std::string& password) {
  auto conn = db.acquire();
  conn->transaction([&] {
    if (conn->query_one("SELECT id FROM organisations WHERE slug = $1", {slug}))
      throw core::conflict("slug", "An organisation with the slug '" + slug + "' exists already");
    auto org = access::create_organisation(*conn, slug, name, locale);
    auto existing = conn->query_one("SELECT id FROM accounts WHERE email = $1", {officer_email});
    auto account = existing ? existing->text(0)
                            : access::create_account(*conn, officer_email, officer_name, password);
    access::add_membership(*conn, org, account, core::Role::officer);
  });
}

}  // namespace coproduce::app

#include "app/demo.hpp"

#include "access/access.hpp"
#include "core/error.hpp"
#include "map/demo_loader.hpp"

namespace coproduce::app {

const std::vector<DemoAccount>& demo_accounts() {
  static const std::vector<DemoAccount> accounts = {
      {"officer@demo.coproduce.test", "Demo co-production officer", core::Role::officer},
      {"professional@demo.coproduce.test", "Demo professional", core::Role::professional},
      {"councillor@demo.coproduce.test", "Demo councillor", core::Role::councillor},
      {"community@demo.coproduce.test", "Demo community member", core::Role::community_member},
      {"resident@demo.coproduce.test", "Demo resident", core::Role::resident},
  };
  return accounts;
}

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

bool load_demo(store::Database& db) {
  auto conn = db.acquire();
  return conn->transaction([&] {
    if (conn->query_one("SELECT id FROM organisations WHERE slug = $1", {kDemoOrgSlug}))
      return false;
    auto org = access::create_organisation(*conn, kDemoOrgSlug, "Co-production demo council", "en");
    for (const auto& a : demo_accounts()) {
      auto account = access::create_account(*conn, a.email, a.display_name, kDemoPassword);
      access::add_membership(*conn, org, account, a.role);
    }
    map::load_demo_records(*conn, org);
    return true;
  });
}

}  // namespace coproduce::app

#include "access/demo.hpp"

#include "access/access.hpp"

namespace coproduce::access {

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

void load_demo(store::Connection& tx, module::DemoContext& demo) {
  if (tx.query_one("SELECT id FROM organisations WHERE slug = $1", {std::string(kDemoOrgSlug)})) {
    demo.already_loaded = true;
    return;
  }
  demo.organisation_id = create_organisation(tx, kDemoOrgSlug, "Co-production demo council", "en");
  for (const auto& a : demo_accounts()) {
    auto account = create_account(tx, a.email, a.display_name, kDemoPassword);
    add_membership(tx, demo.organisation_id, account, a.role);
    demo.accounts[a.role] = account;
  }
}

}  // namespace coproduce::access

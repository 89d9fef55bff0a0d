// Seeding helpers for the demo loader: the same validated, audited writes the
// routes use, performed by the system (no signed-in actor).
#include "access/access.hpp"
#include "access/repository.hpp"

namespace coproduce::access {

std::string create_organisation(store::Connection& tx, std::string_view slug, std::string_view name,
                                std::string_view default_locale) {
  return insert_organisation(tx, core::Principal{}, slug, name, default_locale);
}

std::string create_account(store::Connection& tx, std::string_view email,
                           std::string_view display_name, std::string_view password) {
  return insert_account(tx, core::Principal{}, email, display_name, password);
}

void add_membership(store::Connection& tx, std::string_view organisation_id,
                    std::string_view account_id, core::Role role) {
  put_membership(tx, core::Principal{}, organisation_id, account_id, role);
}

}  // namespace coproduce::access

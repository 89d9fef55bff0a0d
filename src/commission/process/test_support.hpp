// What the commission module's tests share: a fresh database with the modules
// a process runs with, members, a transaction around a piece of work, and the
// status (and first field and message key) of a refusal.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "access/access.hpp"
#include "audit/module.hpp"
#include "commission/process/module.hpp"
#include "core/error.hpp"
#include "core/roles.hpp"
#include "map/module.hpp"
#include "module/testing.hpp"
#include "notify/module.hpp"
#include "store/testing/test_databases.hpp"
#include "web/module.hpp"

namespace coproduce::commission::process::testing {

// A fresh database of `dialect` with `connections` connections, migrated for
// web, audit, access, notify, map and the commission module.
inline std::unique_ptr<store::Database> fresh_database(store::Dialect dialect, int connections) {
  auto db = store::open_database(store::testing::fresh_database_url(dialect), connections);
  module::testing::load({{"web", web::load},
                         {"audit", audit::load},
                         {"access", access::load},
                         {"notify", notify::load},
                         {"map", map::load},
                         {"commission", process::load}},
                        db.get());
  return db;
}

// A member of `org` with `role`, as they act once signed in.
inline core::Principal add_member(store::Connection& c, const std::string& org, const std::string& name, core::Role role) {
  core::Principal p;
  p.account_id = access::create_account(c, name + "@example.org", name, "a long enough password");
  access::add_membership(c, org, p.account_id, role);
  p.organisation_id = org;
  p.role = role;
  p.display_name = name;
  return p;
}

// Runs work(connection) in one transaction and returns what it returns.
template <class F>
auto in_transaction(store::Database& db, F&& work) {
  auto c = db.acquire();
  return c->transaction([&] { return work(*c); });
}

// The HTTP status a piece of work is refused with (0 when it is not), and the
// field and message key of its first problem.
inline int status_of(const std::function<void()>& work, std::string* field = nullptr, std::string* key = nullptr) {
  try {
    work();
  } catch (const core::ValidationFailed& failed) {
    if (field) *field = failed.problems().empty() ? "" : failed.problems()[0].field;
    if (key) *key = failed.problems().empty() ? "" : failed.problems()[0].message_key;
    return failed.http_status();
  } catch (const core::Error& error) {
    if (field) *field = error.field();
    if (key) *key = error.what();
    return error.http_status();
  }
  return 0;
}

}  // namespace coproduce::commission::process::testing

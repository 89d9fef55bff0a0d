// Co-delivery at scale: one organisation with 10,000 volunteers, each with a
// time-bank account, and 500,000 confirmed exchanges between random pairs
// (1,000,000 movements), generated straight into the tables. Then the time
// to read one account's balance (the sum of its movements, by the index) and
// the whole account answer a member sees (GET /api/v1/time-credits/account),
// median and slowest of the runs, beside the same balance summed without the
// index (a full scan of the movements) as the reference, in the same run;
// and a coordinator's roster page of one shift of 50 among 2,000 shifts with
// every place taken by the volunteers (100,000 places).
//   deliver_bench [--db URL] [--volunteers N] [--exchanges N] [--runs N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "access/access.hpp"
#include "app/modules.hpp"
#include "app/serve.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "deliver/timebank.hpp"
#include "http/dispatch.hpp"
#include "map/commands.hpp"

using namespace coproduce;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Timing {
  double median, slowest;
};
Timing summary(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v.back()};
}

void usage() {
  std::cerr << "usage: deliver_bench [--db URL] [--volunteers N] [--exchanges N] [--runs N]\n"
               "  Generates one organisation of that size in a fresh database (default: a new\n"
               "  SQLite file in /tmp) and times one account's balance and account answer.\n";
}

// Rows written `per` at a time in one multi-row INSERT.
class BulkInsert {
 public:
  BulkInsert(store::Connection& c, std::string head, int columns, int per = 200)
      : c_(c), head_(std::move(head)), columns_(columns), per_(per) {}
  ~BulkInsert() { flush(); }
  void row(std::vector<store::Value> values) {
    for (auto& v : values) params_.push_back(std::move(v));
    if (++rows_ == per_) flush();
  }
  void flush() {
    if (rows_ == 0) return;
    std::string sql = head_ + " VALUES ";
    int n = 1;
    for (int r = 0; r < rows_; ++r) {
      sql += r ? ", (" : "(";
      for (int k = 0; k < columns_; ++k) sql += (k ? ", $" : "$") + std::to_string(n++);
      sql += ")";
    }
    c_.execute(sql, params_);
    params_.clear();
    rows_ = 0;
  }

 private:
  store::Connection& c_;
  std::string head_;
  int columns_, per_, rows_ = 0;
  store::Params params_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  int volunteers = 10'000, exchanges = 500'000, runs = 101;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) { usage(); std::exit(2); }
      return argv[++i];
    };
    if (arg == "--db") url = value();
    else if (arg == "--volunteers") volunteers = std::stoi(value());
    else if (arg == "--exchanges") exchanges = std::stoi(value());
    else if (arg == "--runs") runs = std::stoi(value());
    else { usage(); return arg == "--help" ? 0 : 2; }
  }
  if (url.empty()) url = "sqlite:///tmp/coproduce-deliver-bench-" + std::to_string(::getpid()) + ".db";
  auto db = store::open_database(url, 4);
  app::ServeConfig config;
  // The safeguarding key the modules need: a throwaway one, removed at the end.
  config.key_file = "/tmp/coproduce-deliver-bench-" + std::to_string(::getpid()) + ".key";
  module::Registry registry(app::environment_for(*db, config));
  registry.load(app::modules());
  store::migrate(*db, registry.migrations());

  // ---- generated data
  auto start = Clock::now();
  std::mt19937 random(20261207);
  std::string org, officer;
  std::vector<std::string> people, accounts, opportunities, shifts;
  constexpr int kShifts = 2000, kPlaces = 50;
  {
    auto c = db->acquire();
    c->transaction([&] {
      org = access::create_organisation(*c, "bench-" + core::new_id().substr(0, 6), "Bench council", "en");
      auto now = core::now_utc();
      officer = core::new_id();
      for (int i = 0; i < volunteers; ++i) {
        people.push_back(core::new_id());
        accounts.push_back(core::new_id());
      }
      {
        BulkInsert rows(*c, "INSERT INTO accounts (id, email, display_name, password_hash, created_at)", 5);
        rows.row({officer, officer + "@bench.test", "Officer", "x", now});
        for (int i = 0; i < volunteers; ++i)
          rows.row({people[i], people[i] + "@bench.test", "Volunteer " + std::to_string(i), "x", now});
      }
      {
        BulkInsert rows(*c, "INSERT INTO memberships (organisation_id, account_id, role, created_at)", 4);
        rows.row({org, officer, "officer", now});
        for (const auto& person : people) rows.row({org, person, "resident", now});
      }
      {
        BulkInsert rows(*c, "INSERT INTO time_accounts (organisation_id, id, person_id, created_at)", 4);
        for (int i = 0; i < volunteers; ++i) rows.row({org, accounts[i], people[i], now});
      }
    });
  }
  auto initiative = map::create_initiative(*db, [&] {
    core::Principal p;
    p.organisation_id = org;
    p.account_id = officer;
    p.role = core::Role::officer;
    return p;
  }(), {{"name", "Time bank"}});
  {
    auto c = db->acquire();
    c->transaction([&] {
      c->execute("INSERT INTO time_bank_settings (organisation_id, initiative_id, updated_at) VALUES ($1, $2, $3)",
                 {org, initiative, core::now_utc()});
      struct Made {
        std::string id;
        std::size_t payer, payee;
        std::int64_t hours;
        std::string on;
      };
      std::vector<Made> made;
      made.reserve(std::size_t(exchanges));
      for (int n = 0; n < exchanges; ++n) {
        auto i = random() % accounts.size();
        auto j = (i + 1 + random() % (accounts.size() - 1)) % accounts.size();  // never i
        made.push_back({core::new_id(), i, j, 50 * std::int64_t(1 + random() % 8),
                        "2026-0" + std::to_string(1 + random() % 9) + "-1" + std::to_string(random() % 10)});
      }
      {
        BulkInsert rows(*c,
                        "INSERT INTO time_exchanges (organisation_id, id, payer_account_id, payee_account_id, "
                        "hours_x100, description, made_on, status, proposer_account_id, created_at)",
                        10, 100);
        for (const auto& m : made)
          rows.row({org, m.id, accounts[m.payer], accounts[m.payee], m.hours, "Help", m.on, "confirmed",
                    accounts[m.payee], m.on + "T10:00:00Z"});
      }
      {
        BulkInsert rows(*c, "INSERT INTO time_movements (organisation_id, exchange_id, account_id, amount_x100, "
                            "created_at)", 5, 200);
        for (const auto& m : made) {
          rows.row({org, m.id, accounts[m.payer], -m.hours, m.on + "T10:00:00Z"});
          rows.row({org, m.id, accounts[m.payee], m.hours, m.on + "T10:00:00Z"});
        }
      }
    });
    // The volunteers' rosters: 200 opportunities of 10 shifts of 50 places each
    // on the time bank's initiative, every volunteer holding 10 confirmed places
    // (every place of every shift taken).
    c->transaction([&] {
      auto now = core::now_utc();
      {
        BulkInsert rows(*c, "INSERT INTO volunteer_opportunities (organisation_id, id, initiative_id, title, "
                            "what_you_do, what_you_get, time_asked, flexible, created_at, updated_at)", 10, 100);
        for (int o = 0; o < kShifts / 10; ++o) {
          opportunities.push_back(core::new_id());
          rows.row({org, opportunities.back(), initiative, "Opportunity " + std::to_string(o), "Help at the café",
                    "Training and lunch", "Two hours a week", std::int64_t(0), now, now});
        }
      }
      {
        BulkInsert rows(*c, "INSERT INTO volunteer_shifts (organisation_id, id, opportunity_id, starts_at, ends_at, "
                            "places, checkin_code, created_at)", 8, 200);
        for (int k = 0; k < kShifts; ++k) {
          shifts.push_back(core::new_id());
          auto day = std::to_string(10 + k % 18);
          rows.row({org, shifts.back(), opportunities[std::size_t(k / 10)], "2027-01-" + day + "T10:00",
                    "2027-01-" + day + "T12:00", std::int64_t(kPlaces), "CODE" + std::to_string(k), now});
        }
      }
      BulkInsert rows(*c, "INSERT INTO volunteer_assignments (organisation_id, id, opportunity_id, shift_id, places, "
                          "place, person_id, status, created_at, updated_at)", 10, 100);
      for (int n = 0; n < kShifts * kPlaces && n / 10 < volunteers; ++n) {
        auto shift = std::size_t(n % kShifts);
        rows.row({org, core::new_id(), opportunities[shift / 10], shifts[shift], std::int64_t(kPlaces),
                  std::int64_t(n / kShifts + 1), people[std::size_t(n / 10)], "confirmed", now, now});
      }
    });
    if (db->dialect() == store::Dialect::postgresql) c->execute("ANALYZE");
  }
  auto counted = db->acquire()->query_one("SELECT COUNT(*), COALESCE(SUM(amount_x100), 0) FROM time_movements "
                                          "WHERE organisation_id = $1",
                                          {org});
  auto assignments = db->acquire()->query_one("SELECT COUNT(*) FROM volunteer_assignments WHERE organisation_id = $1",
                                             {org})->integer(0);
  std::cout << "generated " << volunteers << " volunteers, " << counted->integer(0) << " movements (sum "
            << counted->integer(1) << ") and " << assignments << " places on " << kShifts << " shifts in "
            << static_cast<int>(ms_since(start)) << " ms\n";
  if (counted->integer(1) != 0) return 1;

  // ---- timing: the busiest account and a random one, alternately
  auto busiest = db->acquire()->query_one("SELECT account_id FROM time_movements WHERE organisation_id = $1 "
                                          "GROUP BY account_id ORDER BY COUNT(*) DESC LIMIT 1",
                                          {org})->text(0);
  http::Router router;
  registry.add_routes(router);
  std::string as_person;
  core::Role as_role = core::Role::resident;
  http::Dispatcher dispatcher{router,
                              [&](const http::Request&, http::Context& ctx) {
                                ctx.principal.organisation_id = org;
                                ctx.principal.account_id = as_person;
                                ctx.principal.role = as_role;
                                ctx.principal.via_api_token = true;
                              },
                              {}, {}, {}};
  auto get = [&](const std::string& path) {
    http::Request request;
    request.path = request.target = path;
    bool signed_in = false;
    auto r = dispatcher.handle(request, "bench", &signed_in);
    if (r.status != 200) throw std::runtime_error(path + " answered " + std::to_string(r.status) + ": " + r.body);
    return r.body.size();
  };
  std::vector<double> indexed, scanned, answer, roster;
  std::size_t bytes = 0, roster_bytes = 0;
  auto c = db->acquire();
  for (int run = 0; run < runs; ++run) {
    auto k = run % 2 ? random() % accounts.size() : std::size_t(-1);
    const auto& account = k == std::size_t(-1) ? busiest : accounts[k];
    auto t = Clock::now();
    auto balance = deliver::balance(*c, org, account);
    indexed.push_back(ms_since(t));
    t = Clock::now();
    auto reference = c->query_one("SELECT COALESCE(SUM(amount_x100), 0) FROM time_movements "
                                  "WHERE organisation_id = $1 AND account_id || '' = $2",
                                  {org, account})->integer(0);
    scanned.push_back(ms_since(t));
    if (balance != reference) return 1;
    as_person = c->query_one("SELECT person_id FROM time_accounts WHERE organisation_id = $1 AND id = $2",
                             {org, account})->text(0);
    as_role = core::Role::resident;
    t = Clock::now();
    bytes = get("/api/v1/time-credits/account");
    answer.push_back(ms_since(t));
    as_person = officer;
    as_role = core::Role::officer;
    t = Clock::now();
    roster_bytes = get("/volunteering/shifts/" + shifts[random() % shifts.size()] + "/roster");
    roster.push_back(ms_since(t));
  }
  auto movements_of_busiest = c->query_one("SELECT COUNT(*) FROM time_movements WHERE organisation_id = $1 "
                                           "AND account_id = $2", {org, busiest})->integer(0);
  auto a = summary(indexed), b = summary(answer), r = summary(scanned);
  std::printf("| what (%s, %d volunteers, %lld movements; busiest account %lld movements) | median of %d | slowest |\n"
              "|---|---|---|\n",
              db->dialect() == store::Dialect::sqlite ? "SQLite" : "PostgreSQL", volunteers,
              static_cast<long long>(counted->integer(0)), static_cast<long long>(movements_of_busiest), runs);
  std::printf("| one account's balance (deliver::balance, by the index) | %.3f ms | %.3f ms |\n", a.median, a.slowest);
  std::printf("| GET /api/v1/time-credits/account (balance, limits, exchanges, movements; %zu bytes) | %.2f ms | %.2f ms |\n",
              bytes, b.median, b.slowest);
  auto o = summary(roster);
  std::printf("| GET /volunteering/shifts/{id}/roster, a shift of %d places, as its coordinator (%zu bytes) | %.2f ms | %.2f ms |\n",
              kPlaces, roster_bytes, o.median, o.slowest);
  std::printf("| reference: the same balance without the index (a scan of every movement) | %.1f ms | %.1f ms |\n",
              r.median, r.slowest);
  if (url.rfind("sqlite:///tmp/coproduce-deliver-bench-", 0) == 0) {
    auto path = url.substr(9);
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
  }
  std::remove(config.key_file.c_str());
  return 0;
}

// The map's cache miss at scale: an organisation with 1,000 initiatives and
// 100,000 ledger entries (generated: every phase and role, 90% confirmed, 1%
// of those reversed, the rest claimed, disputed or void; hours on most, money
// on some), then the time to build the map's data, the /map page and the
// /api/v1/initiatives answer after a write (so every cache misses), median of
// the runs, beside the time the same answer takes from the cache.
//   map_bench [--db URL] [--initiatives N] [--contributions N] [--runs N]
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
#include "core/ids.hpp"
#include "http/dispatch.hpp"
#include "i18n/i18n.hpp"
#include "map/cache.hpp"
#include "map/repository.hpp"
#include "map/view.hpp"

using namespace coproduce;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void usage() {
  std::cerr << "usage: map_bench [--db URL] [--initiatives N] [--contributions N] [--runs N]\n"
               "  Generates one organisation of that size in a fresh database (default: a new\n"
               "  SQLite file in /tmp) and times the map's cache misses.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  int initiatives = 1000, contributions = 100'000, runs = 9;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) { usage(); std::exit(2); }
      return argv[++i];
    };
    if (arg == "--db") url = value();
    else if (arg == "--initiatives") initiatives = std::stoi(value());
    else if (arg == "--contributions") contributions = std::stoi(value());
    else if (arg == "--runs") runs = std::stoi(value());
    else { usage(); return arg == "--help" ? 0 : 2; }
  }
  if (url.empty()) url = "sqlite:///tmp/coproduce-map-bench-" + std::to_string(::getpid()) + ".db";
  auto db = store::open_database(url, 4);
  app::ServeConfig config;
  // The safeguarding key the modules need: a throwaway one, removed at the end.
  config.key_file = "/tmp/coproduce-map-bench-" + std::to_string(::getpid()) + ".key";
  module::Registry registry(app::environment_for(*db, config));
  registry.load(app::modules());
  store::migrate(*db, registry.migrations());

  // ---- generated data
  auto start = Clock::now();
  std::mt19937 random(20261206);
  std::string org;
  {
    auto c = db->acquire();
    c->transaction([&] {
      org = access::create_organisation(*c, "bench-" + core::new_id().substr(0, 6), "Bench council", "en");
      std::vector<std::string> ids;
      for (int i = 0; i < initiatives; ++i) {
        map::Initiative initiative;
        initiative.id = core::new_id();
        initiative.name = "Initiative " + std::to_string(i);
        initiative.summary = "Generated for the benchmark";
        map::repo::insert_initiative(*c, org, initiative);
        ids.push_back(initiative.id);
      }
      std::vector<std::string> confirmed;
      for (int n = 0; n < contributions; ++n) {
        map::Contribution e;
        e.id = core::new_id();
        e.initiative_id = ids[random() % ids.size()];
        e.contributor_label = "Volunteer";
        e.role = map::kAllContributorRoles[random() % 3];
        e.phase = map::kAllPhases[random() % 7];
        e.kind = random() % 5 == 0 ? map::ContributionKind::money : map::ContributionKind::hours;
        e.hours_x100 = e.kind == map::ContributionKind::hours ? 100 * (1 + random() % 8) : 0;
        e.money_minor = e.kind == map::ContributionKind::money ? 100 * (1 + random() % 500) : 0;
        e.made_on = "2026-0" + std::to_string(1 + random() % 9) + "-1" + std::to_string(random() % 10);
        int r = random() % 100;
        e.status = r < 90 ? map::Status::confirmed : r < 95 ? map::Status::claimed
                 : r < 98 ? map::Status::disputed : map::Status::void_;
        e.source_id = e.id;
        map::repo::insert_contribution(*c, org, e);
        if (e.status == map::Status::confirmed) confirmed.push_back(e.id);
      }
      // 1% of the confirmed ones corrected by a reversing entry.
      for (std::size_t k = 0; k < confirmed.size() / 100; ++k) {
        auto original = *map::repo::find_contribution(*c, org, confirmed[k * 97 % confirmed.size()]);
        if (original.reversed()) continue;
        original.reverses_id = original.id;
        original.id = core::new_id();
        original.source_id = original.id;
        map::repo::insert_contribution(*c, org, original);
      }
      map::bump_map_version(*c, org);
    });
  }
  std::cout << "generated " << initiatives << " initiatives and " << contributions
            << " ledger entries (+1% reversals) in " << static_cast<int>(ms_since(start)) << " ms\n";

  // ---- timing
  http::Router router;
  registry.add_routes(router);
  http::Dispatcher dispatcher{router,
                              [&org](const http::Request&, http::Context& ctx) { ctx.principal.organisation_id = org; },
                              {}, {}, {}};
  auto get = [&](const std::string& path) {
    http::Request request;
    request.path = request.target = path;
    bool signed_in = false;
    auto r = dispatcher.handle(request, "bench", &signed_in);
    if (r.status != 200) throw std::runtime_error(path + " answered " + std::to_string(r.status));
    return r.body.size();
  };
  auto invalidate = [&] {
    auto c = db->acquire();
    c->transaction([&] { map::bump_map_version(*c, org); });
  };
  std::vector<double> load, sums, page, api, hit;
  std::size_t page_bytes = 0, api_bytes = 0;
  for (int run = 0; run < runs; ++run) {
    {
      auto c = db->acquire();
      auto t0 = Clock::now();
      auto tallies = map::repo::tallies_by_initiative(*c, org);
      sums.push_back(ms_since(t0));
      auto t = Clock::now();
      auto data = map::load_map(*c, org);
      load.push_back(ms_since(t));
      if (data.initiatives.size() != static_cast<std::size_t>(initiatives)) return 1;
    }
    invalidate();
    auto t = Clock::now();
    page_bytes = get("/map");
    page.push_back(ms_since(t));
    invalidate();
    t = Clock::now();
    api_bytes = get("/api/v1/initiatives");
    api.push_back(ms_since(t));
    t = Clock::now();
    get("/api/v1/initiatives");
    hit.push_back(ms_since(t));
  }
  std::printf("| what (%s, %d initiatives, %d entries) | median of %d | bytes |\n|---|---|---|\n",
              db->dialect() == store::Dialect::sqlite ? "SQLite" : "PostgreSQL", initiatives, contributions, runs);
  std::printf("| the ledger summed by the database (repo::tallies_by_initiative) | %.1f ms | |\n", median(sums));
  std::printf("| map data: load_map (the sums, then every typology derived) | %.1f ms | |\n", median(load));
  std::printf("| GET /map, cache miss | %.1f ms | %zu |\n", median(page), page_bytes);
  std::printf("| GET /api/v1/initiatives, cache miss | %.1f ms | %zu |\n", median(api), api_bytes);
  std::printf("| GET /api/v1/initiatives, from the cache | %.2f ms | %zu |\n", median(hit), api_bytes);
  if (url.rfind("sqlite:///tmp/coproduce-map-bench-", 0) == 0) {
    auto path = url.substr(9);
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
  }
  std::remove(config.key_file.c_str());
  return 0;
}

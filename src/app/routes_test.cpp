// The app's modules as one registry: every route of every module walked with
// every role (and anonymously) through the real dispatcher, policy and CSRF
// check; the OpenAPI document against the router; docs/permissions.md against
// the declarations; every module's catalogues and migrations against the files
// in its folder. Nothing here lists routes by hand: a new module is covered
// as soon as it is in app::modules().
#include <algorithm>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "access/demo.hpp"
#include "app/modules.hpp"
#include "app/routes_table.hpp"
#include "app/serve.hpp"
#include "http/dispatch.hpp"
#include "i18n/catalogue.hpp"
#include "sample_module/module.hpp"
#include "store/testing/test_databases.hpp"
#include "web/html.hpp"

using namespace coproduce;
using core::Role;

namespace {

std::filesystem::path source_dir() {
  const char* from_environment = std::getenv("COPRODUCE_SOURCE_DIR");  // set by CTest
  return from_environment ? from_environment : COPRODUCE_SOURCE_DIR;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string key(const module::RouteDecl& r) {
  std::string method(http::to_string(r.method));
  for (auto& c : method) c = static_cast<char>(std::toupper(c));
  return method + " " + r.pattern;
}

constexpr const char* kToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

const char* kWho[] = {"anonymous", "resident", "community_member", "professional", "councillor",
                      "officer"};

class App : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto url = store::testing::fresh_database_url(store::Dialect::sqlite);
    db_ = store::open_database(url, 2).release();
    app::ServeConfig config;
    config.db_url = url;  // so the secret key file is made next to the test's database, not in the working directory
    registry_ = new module::Registry(app::environment_for(*db_, config));
    // The app's modules and one that exists only in the test build: one line plugs it in.
    auto modules = app::modules();
    modules.push_back({"sample", sample::load});
    registry_->load(modules);
    store::migrate(*db_, registry_->migrations());
    registry_->load_demo(*db_);
    router_ = new http::Router;
    registry_->add_routes(*router_);
    auto c = db_->acquire();
    org_ = c->query_one("SELECT id FROM organisations WHERE slug = 'demo'")->text(0);
    for (const auto& a : access::demo_accounts())
      accounts_[a.role] = c->query_one("SELECT id FROM accounts WHERE email = $1", {std::string(a.email)})->text(0);
  }

  static core::Principal principal(const std::string& who) {
    core::Principal p;
    p.organisation_id = org_;
    if (who == "anonymous") return p;
    p.role = core::parse_role(who);
    p.account_id = accounts_.at(*p.role);
    p.display_name = who;
    return p;
  }

  // Sends a request through the dispatcher as `who`, with the CSRF token a
  // signed-in page would carry and an empty body.
  static http::Response send(const module::RouteDecl& route, const std::string& who) {
    http::Dispatcher dispatcher{
        *router_,
        [who](const http::Request&, http::Context& ctx) {
          ctx.principal = principal(who);
          ctx.csrf_token = kToken;
        },
        registry_->csrf_check(), registry_->error_page(), {}};
    http::Request request;
    request.method = route.method;
    request.path = std::regex_replace(route.pattern, std::regex(R"(\{slug\})"), "demo");
    request.path = std::regex_replace(request.path, std::regex(R"(\{[a-z_]+\})"), "aaaaaaaaaaaaaaaaaaaa");
    request.target = request.path;
    request.remote_address = "192.0.2.7";
    // A signed-in page's token; for anonymous forms, the double-submit cookie too.
    request.headers = {{"x-csrf-token", kToken}, {"cookie", std::string("cp_csrf=") + kToken}};
    if (route.api && route.method != http::Method::get && route.method != http::Method::del) {
      request.body = "{}";
      request.headers.emplace_back("content-type", "application/json");
    } else if (!route.api && route.method == http::Method::post) {
      request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    }
    bool signed_in = false;
    return dispatcher.handle(request, "test", &signed_in);
  }

  // A GET of `path` as `who`, with the page frame prepared as the server does.
  static http::Response get(const std::string& path, const std::string& who, const std::string& locale = "en") {
    http::Dispatcher dispatcher{*router_,
                                [who, locale](const http::Request&, http::Context& ctx) {
                                  ctx.principal = principal(who);
                                  ctx.csrf_token = kToken;
                                  ctx.locale = locale;
                                  registry_->prepare(ctx);
                                },
                                registry_->csrf_check(), registry_->error_page(), {}};
    http::Request request;
    request.method = http::Method::get;
    request.path = request.target = path;
    request.remote_address = "192.0.2.7";
    bool signed_in = false;
    return dispatcher.handle(request, "test", &signed_in);
  }

  static store::Database* db_;
  static module::Registry* registry_;
  static http::Router* router_;
  static std::string org_;
  static std::map<Role, std::string> accounts_;
};
store::Database* App::db_ = nullptr;
module::Registry* App::registry_ = nullptr;
http::Router* App::router_ = nullptr;
std::string App::org_;
std::map<Role, std::string> App::accounts_;

}  // namespace

TEST_F(App, EveryRouteOfEveryModuleEnforcesItsPermissionForEveryRole) {
  ASSERT_GT(registry_->routes().size(), 30u);
  for (const auto& route : registry_->routes()) {
    auto policy = registry_->policy(route.permission);
    for (const char* who : kWho) {
      bool allowed = policy.allows(principal(who));
      auto response = send(route, who);
      std::string where = key(route) + " as " + who + " (permission " + route.permission + "): " +
                          std::to_string(response.status) + " " + response.body.substr(0, 200);
      EXPECT_LT(response.status, 500) << where;
      bool to_login = response.status == 303 &&
                      response.header("Location").value_or("").rfind("/login?return=", 0) == 0;
      if (!allowed) {
        if (std::string(who) == "anonymous")
          EXPECT_TRUE(route.api ? response.status == 401 : to_login) << where;
        else
          EXPECT_EQ(response.status, 403) << where;
      } else {
        EXPECT_NE(response.status, 401) << where;
        EXPECT_NE(response.status, 403) << where;
        EXPECT_FALSE(to_login) << where;
      }
    }
  }
}

// Every page a role can open, in Welsh, shows no text that the catalogues
// have only in English: each English value (long enough to be a phrase, and
// different from its Welsh) is looked for in every page's HTML. Path
// parameters are the demo's own records, so the pages show their content.
TEST_F(App, NoPageUnderWelshShowsAnEnglishCatalogueString) {
  std::map<std::string, std::string> english;  // value -> key, for the message
  std::map<std::string, std::map<std::string, std::string>> by_locale;
  for (const auto& c : registry_->catalogues()) {
    auto parsed = boost::json::parse(c.json);
    for (const auto& [k, v] : parsed.as_object())
      if (v.is_string()) by_locale[c.locale][std::string(k)] = std::string(v.as_string());
  }
  for (const auto& [k, en] : by_locale["en"]) {
    auto cy = by_locale["cy"].find(k);
    bool phrase = en.size() >= 16 && en.find('{') == std::string::npos && en.find(' ') != std::string::npos;
    if (phrase && cy != by_locale["cy"].end() && cy->second != en) english[en] = k;
  }
  ASSERT_GT(english.size(), 200u);

  auto c = db_->acquire();
  auto first = [&](const char* sql) {
    auto row = c->query_one(sql, {org_});
    return row ? row->text(0) : std::string("aaaaaaaaaaaaaaaaaaaa");
  };
  const std::vector<std::pair<std::string, std::string>> ids = {
      {"/initiatives/", first("SELECT id FROM initiatives WHERE organisation_id = $1 ORDER BY name LIMIT 1")},
      {"/contributions/", first("SELECT id FROM contributions WHERE organisation_id = $1 ORDER BY created_at LIMIT 1")},
      {"/areas/", first("SELECT id FROM areas WHERE organisation_id = $1 ORDER BY name LIMIT 1")},
      {"/services/", first("SELECT id FROM services WHERE organisation_id = $1 ORDER BY name LIMIT 1")},
      {"/groups/", first("SELECT id FROM community_groups WHERE organisation_id = $1 ORDER BY name LIMIT 1")},
      {"/members/", accounts_.at(Role::resident)},
  };
  std::vector<std::string> leaks;
  int pages = 0;
  for (const auto& route : registry_->routes()) {
    if (route.api || route.method != http::Method::get) continue;
    std::string path = route.pattern;
    for (const auto& [prefix, id] : ids)
      if (path.rfind(prefix + "{id}", 0) == 0) path = prefix + id + path.substr(prefix.size() + 4);
    path = std::regex_replace(path, std::regex(R"(\{[a-z_]+\})"), "aaaaaaaaaaaaaaaaaaaa");
    for (const char* who : {"anonymous", "resident", "officer"}) {
      auto response = get(path, who, "cy");
      if (response.header("Content-Type").value_or("").find("text/html") == std::string::npos) continue;
      ++pages;
      for (const auto& [text, key] : english)
        if (response.body.find(text) != std::string::npos || response.body.find(web::escape(text)) != std::string::npos)
          leaks.push_back(path + " as " + who + ": " + key + " \"" + text + "\"");
    }
  }
  EXPECT_GT(pages, 60);
  std::string lines;
  for (const auto& l : leaks) lines += l + "\n";
  EXPECT_TRUE(leaks.empty()) << lines;
}

// The secret key lives next to an SQLite database unless a file is named.
TEST(ServeConfig, TheKeyFileIsNextToTheDataUnlessNamed) {
  EXPECT_EQ(app::default_key_file("sqlite:///var/lib/coproduce/coproduce.db"), "/var/lib/coproduce/coproduce.db.key");
  EXPECT_EQ(app::default_key_file("sqlite://coproduce.db"), "coproduce.db.key");
  EXPECT_EQ(app::default_key_file("sqlite::memory:"), "") << "a key in memory, as the data";
  EXPECT_EQ(app::default_key_file("postgresql://app@db:5432/coproduce"), "coproduce.key");
  auto db = store::open_database("sqlite::memory:", 1);
  app::ServeConfig config;
  config.db_url = "sqlite:///srv/x.db";
  EXPECT_EQ(app::environment_for(*db, config).key_file, "/srv/x.db.key");
  config.key_file = "/etc/coproduce/key";
  EXPECT_EQ(app::environment_for(*db, config).key_file, "/etc/coproduce/key");
}

// Cookies are Secure with the __Host- prefix unless the server is on loopback.
TEST(ServeConfig, CookiesAreSecureUnlessTheServerListensOnLoopbackOnly) {
  app::ServeConfig config;
  EXPECT_FALSE(config.secure_cookies()) << "127.0.0.1: local use and the demo";
  config.address = "0.0.0.0";
  EXPECT_TRUE(config.secure_cookies());
  config.address = "192.0.2.10";
  EXPECT_TRUE(config.secure_cookies());
  config.cookies = "insecure";
  EXPECT_FALSE(config.secure_cookies());
  config.address = "::1";
  config.cookies = "secure";
  EXPECT_TRUE(config.secure_cookies());
}

TEST_F(App, EveryPermissionIsHeldBySomeRoleAndUsed) {
  std::set<std::string> used;
  for (const auto& route : registry_->routes()) used.insert(route.permission);
  for (const auto& p : registry_->permissions()) {
    EXPECT_FALSE(p.roles.empty()) << p.name;
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_TRUE(used.count(p.name)) << p.name << " is declared but no route uses it";
  }
}

TEST_F(App, OpenApiDescribesExactlyTheApiRoutes) {
  auto doc = boost::json::parse(registry_->openapi_json()).as_object();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object()) {
      std::string m(method);
      for (auto& c : m) c = static_cast<char>(std::toupper(c));
      documented.insert(m + " " + std::string(path));
      EXPECT_TRUE(operation.as_object().contains("summary")) << m << " " << path;
      EXPECT_TRUE(operation.as_object().contains("responses")) << m << " " << path;
    }
  std::set<std::string> routed;
  for (const auto& route : router_->routes())
    if (route.is_api()) {
      std::string m(http::to_string(route.method));
      for (auto& c : m) c = static_cast<char>(std::toupper(c));
      routed.insert((m == "DEL" ? "DELETE" : m) + " " + route.pattern);
    }
  for (const auto& k : routed) EXPECT_TRUE(documented.count(k)) << "not in the OpenAPI document: " << k;
  for (const auto& k : documented) EXPECT_TRUE(routed.count(k)) << "not routed: " << k;
  EXPECT_EQ(documented.size(), routed.size());
}

TEST_F(App, PermissionsDocumentIsTheRoutesCommandsOutput) {
  auto on_disk = read_file(source_dir() / "docs/permissions.md");
  module::Environment environment;
  environment.db = db_;
  // Kept: loading sets the web module's page frame to this registry, which
  // the later tests' pages then use.
  auto& app_only = *new module::Registry(environment);
  app_only.load(app::modules());
  EXPECT_EQ(on_disk, app::routes_table(app_only))
      << "docs/permissions.md is out of date: run `coproduce routes > docs/permissions.md`";
}

TEST_F(App, EveryModuleSpeaksEnglishAndWelshAlike) {
  std::vector<i18n::CatalogueFile> files;
  for (const auto& c : registry_->catalogues()) files.push_back({c.module, c.locale, c.path, c.json});
  ASSERT_GE(files.size(), 6u);
  auto problems = i18n::check_catalogues(files);
  std::string lines;
  for (const auto& p : problems) lines += p + "\n";
  EXPECT_TRUE(problems.empty()) << lines;
  EXPECT_EQ(i18n::t("cy", "web.skip_link"), "Neidio i'r prif gynnwys");
  EXPECT_EQ(i18n::t("cy", "map.title"), "Map cydgynhyrchu");
}

// Every module folder's messages/*.json and migrations/*.sql are what its
// registration declared, byte for byte, and nothing in a folder is left out.
TEST_F(App, EveryModulesFilesAreEmbeddedAsTheyAreOnDisk) {
  std::set<std::string> on_disk, declared;
  for (const char* tree : {"src", "tests"})
    for (const auto& folder : std::filesystem::recursive_directory_iterator(source_dir() / tree)) {
      if (!folder.is_directory() || folder.path().filename() != "messages") continue;
      for (const auto& file : std::filesystem::directory_iterator(folder.path()))
        if (file.path().extension() == ".json")
          on_disk.insert(std::filesystem::relative(file.path(), source_dir()).string());
    }
  for (const auto& c : registry_->catalogues()) {
    declared.insert(c.path);
    EXPECT_EQ(read_file(source_dir() / c.path), c.json) << c.path;
  }
  EXPECT_EQ(on_disk, declared);

  std::set<std::string> migration_files, migrations;
  for (const char* tree : {"src", "tests"})
    for (const auto& folder : std::filesystem::recursive_directory_iterator(source_dir() / tree))
      if (folder.is_directory() && folder.path().filename() == "migrations" &&
          folder.path().string().find("node_modules") == std::string::npos)
        for (const auto& file : std::filesystem::directory_iterator(folder.path()))
          if (file.path().extension() == ".sql") migration_files.insert(file.path().filename().string().substr(0, 4));
  for (const auto& m : registry_->migrations()) {
    char number[8];
    std::snprintf(number, sizeof number, "%04d", m.number);
    migrations.insert(number);
  }
  EXPECT_EQ(migration_files, migrations);
}

// A key written as a literal in the code but defined in no catalogue would be
// shown to people as the raw key: find every such literal in src/.
TEST_F(App, EveryMessageKeyTheCodeNamesExists) {
  std::set<std::string> modules;
  for (const auto& c : registry_->catalogues()) modules.insert(c.module);
  auto known = i18n::installed_catalogue().keys("en");
  std::regex literal_key(R"re("([a-z]+)((\.[a-z0-9_]+)+)")re");
  std::vector<std::string> missing;
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir() / "src")) {
    auto name = entry.path().filename().string();
    bool source = name.ends_with(".cpp") || name.ends_with(".hpp");
    if (!entry.is_regular_file() || !source || name.ends_with("_test.cpp")) continue;
    std::string text;  // the file without comment lines, whose examples are not keys
    std::istringstream lines(read_file(entry.path()));
    for (std::string line; std::getline(lines, line);)
      if (line.find_first_not_of(' ') == std::string::npos || line.compare(line.find_first_not_of(' '), 2, "//") != 0)
        text += line + "\n";
    for (std::sregex_iterator it(text.begin(), text.end(), literal_key), end; it != end; ++it) {
      if (!modules.contains((*it)[1].str())) continue;
      std::string k = (*it)[1].str() + (*it)[2].str();
      if (k.ends_with(".")) continue;
      ++checked;
      // An email template names its subject and body under one key; a notice
      // kind, a background task and a part of personal data are names, not texts.
      bool email = known.contains(k + ".subject") && known.contains(k + ".body");
      if (!known.contains(k) && !email && !registry_->find_permission(k) && !registry_->find_source(k) &&
          !registry_->find_setting(k) &&
          std::ranges::none_of(registry_->background(), [&](const auto& b) { return b.name == k; }) &&
          std::ranges::none_of(registry_->notice_kinds(), [&](const auto& n) { return n.key == k; }) &&
          std::ranges::none_of(registry_->personal_data(), [&](const auto& p) { return p.name == k; }))
        missing.push_back(entry.path().filename().string() + ": " + k);
    }
  }
  std::string lines;
  for (const auto& m : missing) lines += m + "\n";
  EXPECT_TRUE(missing.empty()) << lines;
  EXPECT_GT(checked, 50);
}

// Every CSV download's header row is the columns its module declares, and the
// data dictionary says what each column and code means in English and Welsh,
// showing each reader only the downloads they may fetch.
TEST_F(App, EveryDownloadsColumnsAreItsHeaderAndAreExplainedInBothLanguages) {
  const auto& catalogue = i18n::installed_catalogue();
  auto en = catalogue.keys("en"), cy = catalogue.keys("cy");
  auto exports = registry_->exports(principal("officer"));
  ASSERT_GE(exports.size(), 3u);
  for (const auto& e : exports) {
    ASSERT_FALSE(e.columns.empty()) << e.path;
    auto path = e.path;
    if (auto at = path.find("{id}"); at != std::string::npos) {
      // A download of each record: the demo's finished participatory budget's.
      auto id = db_->acquire()->query_one("SELECT id FROM pb_processes WHERE organisation_id = $1 "
                                          "AND phase IN ('results_published', 'delivering', 'closed') ORDER BY id LIMIT 1",
                                          {org_});
      ASSERT_TRUE(id) << e.path;
      path.replace(at, 4, id->text(0));
    }
    auto response = get(path, "officer");
    ASSERT_EQ(response.status, 200) << e.path;
    std::string header = response.body.substr(0, response.body.find('\n'));
    if (header.ends_with('\r')) header.pop_back();
    std::string declared;
    for (const auto& c : e.columns) {
      declared += (declared.empty() ? "" : ",") + c.name;
      for (const auto* keys : {&en, &cy}) {
        EXPECT_TRUE(keys->contains(c.meaning_key)) << c.meaning_key;
        for (const auto& code : c.values) EXPECT_TRUE(keys->contains(c.value_prefix + code)) << c.value_prefix + code;
      }
    }
    EXPECT_EQ(header, declared) << e.path;
  }
  auto officer = get("/data-dictionary", "officer", "cy");
  auto anyone = get("/data-dictionary", "anonymous", "cy");
  ASSERT_EQ(anyone.status, 200);
  EXPECT_NE(anyone.body.find("Geiriadur data"), std::string::npos);
  EXPECT_NE(anyone.body.find("<code>counts_as_coproduction</code>"), std::string::npos);
  EXPECT_NE(anyone.body.find(web::escape(i18n::t("cy", "map.cell.full_coproduction"))), std::string::npos);
  EXPECT_EQ(anyone.body.find("<code>actor_account_id</code>"), std::string::npos);  // the audit trail: officers only
  EXPECT_NE(officer.body.find("<code>actor_account_id</code>"), std::string::npos);
  EXPECT_NE(anyone.body.find(web::escape(i18n::t("cy", "commission.csv.where"))), std::string::npos)
      << "each process's ballots: where to find them";
  EXPECT_NE(anyone.body.find("<code>points</code>"), std::string::npos);
}

// A module of the test build: its route records a visit and, through the
// ledger, a contribution; the initiative page lists it with the link back to
// the visit, in English and in Welsh; its migration made its table.
TEST_F(App, ATestOnlyModulesContributionAppearsOnTheInitiativePageWithItsSourceLink) {
  auto c = db_->acquire();
  auto initiative = c->query_one("SELECT id FROM initiatives WHERE organisation_id = $1 AND name = $2",
                                 {org_, std::string("Tackley village shop")})->text(0);
  auto as = [&](const std::string& who, http::Method method, const std::string& path, std::string body,
                const std::string& locale = "en") {
    http::Dispatcher dispatcher{*router_,
                                [who, locale](const http::Request&, http::Context& ctx) {
                                  ctx.principal = principal(who);
                                  ctx.csrf_token = kToken;
                                  ctx.locale = locale;
                                },
                                registry_->csrf_check(), registry_->error_page(), {}};
    http::Request request;
    request.method = method;
    request.path = request.target = path;
    request.body = std::move(body);
    request.headers = {{"x-csrf-token", kToken}, {"content-type", "application/json"}};
    bool signed_in = false;
    return dispatcher.handle(request, "test", &signed_in);
  };
  auto created = as("professional", http::Method::post, "/api/v1/sample/visits",
                    R"({"initiative_id": ")" + initiative + R"(", "visitor_label": "Citizen inspector", "hours": "3", "visited_on": "2024-06-01"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto visit = boost::json::parse(created.body).at("id").as_string();
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM sample_visits")->integer(0), 1);
  // A resident may not record visits: the sample's own permission holds.
  EXPECT_EQ(as("resident", http::Method::post, "/api/v1/sample/visits", "{}").status, 403);

  std::string link = "href=\"/sample/visits/" + std::string(visit) + "\"";
  auto english = as("anonymous", http::Method::get, "/initiatives/" + initiative, "");
  EXPECT_NE(english.body.find(link + ">Inspection visit record</a>"), std::string::npos);
  auto welsh = as("anonymous", http::Method::get, "/initiatives/" + initiative, "", "cy");
  EXPECT_NE(welsh.body.find(link + ">Cofnod yr ymweliad arolygu</a>"), std::string::npos);
  // The link leads to the sample's page, and the typology counts the visit.
  EXPECT_EQ(as("anonymous", http::Method::get, "/sample/visits/" + std::string(visit), "").status, 200);
  auto api = boost::json::parse(as("anonymous", http::Method::get, "/api/v1/initiatives/" + initiative, "").body);
  bool found = false;
  for (const auto& e : api.at("contributions").as_array())
    if (e.at("source").at("type").as_string() == "sample.visit") {
      found = true;
      EXPECT_EQ(e.at("source").at("link").as_string(), "/sample/visits/" + std::string(visit));
      EXPECT_EQ(e.at("phase").as_string(), "evaluating");
    }
  EXPECT_TRUE(found);
  bool assessment_active = false;
  for (const auto& co : api.at("typology").at("active_cos").as_array()) assessment_active |= co.as_string() == "co_assessment";
  EXPECT_TRUE(assessment_active);
  // Its OpenAPI fragment is in the document.
  EXPECT_NE(registry_->openapi_json().find("/api/v1/sample/visits"), std::string::npos);
}

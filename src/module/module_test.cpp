// The registry refuses bad declarations with an error naming the module, and
// assembles what modules declare: routes with their policies, migrations in
// number order, the OpenAPI document, navigation, sources, settings and demo data.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "module/registry.hpp"
#include "module/testing.hpp"
#include "store/testing/test_databases.hpp"

using namespace coproduce;
using namespace coproduce::module;
using core::Role;

namespace {

http::Response ok(http::Context&) { return http::Response::json({{"ok", true}}); }

// Expects `modules` to be refused with a message containing each of `parts`.
void expect_refused(const std::vector<Module>& modules, std::vector<std::string> parts) {
  Registry registry({});
  try {
    registry.load(modules);
    ADD_FAILURE() << "loaded, but should have been refused";
  } catch (const std::invalid_argument& e) {
    for (const auto& part : parts)
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what() << "\nwanted: " << part;
  }
}

const Files kAlphaMigrations = {{"0001_alpha.sql", "CREATE TABLE alpha (organisation_id TEXT NOT NULL, x TEXT)"}};
const Files kBetaMigrations = {{"0002_beta.sql", "CREATE TABLE beta (organisation_id TEXT NOT NULL)"},
                               {"0003_beta_more.sql", "CREATE TABLE beta_more (organisation_id TEXT NOT NULL)"}};

void alpha(Loader& l) {
  l.migrations(kAlphaMigrations);
  l.permission({"alpha.edit", {Role::officer, Role::professional}, "Edit alpha"});
  l.schema("Alpha", R"({"type": "object", "properties": {"x": {"type": "string"}}})");
  l.api(http::Method::get, "/api/v1/alphas/{id}", kPublic, ok,
        Api("One alpha").returns(200, "The alpha", "Alpha"));
  l.api(http::Method::post, "/api/v1/alphas", "alpha.edit", ok,
        Api("Create an alpha").body("Alpha").returns(201, "Created").query("dry_run", "Check only"));
  l.page(http::Method::get, "/alphas", kPublic, ok, "The alphas");
  l.nav({"/alphas", "alpha.nav", kPublic, 20});
  l.nav({"/alphas/admin", "alpha.admin", "alpha.edit", 10});
  l.source({"alpha.visit", "alpha.source.visit", "/alphas/visits/{id}"});
  l.setting({"alpha.limit", "alpha.limit", "alpha.limit_hint", 20, 1, 100});
  l.demo([](store::Connection&, DemoContext& demo) { demo.organisation_id = "org-from-alpha"; });
}

void beta(Loader& l) {
  l.migrations(kBetaMigrations);
  l.api(http::Method::del, "/api/v1/betas/{id}", "alpha.edit", ok, Api("Remove a beta").returns(204, "Removed"));
  l.demo([](store::Connection&, DemoContext& demo) {
    if (demo.organisation_id != "org-from-alpha") throw std::runtime_error("alpha's demo did not run first");
  });
}

}  // namespace

TEST(Registry, RefusesARouteWithAnUnknownPermission) {
  expect_refused({{"gamma", [](Loader& l) { l.page(http::Method::get, "/g", "gamma.nobody", ok, "G"); }}},
                 {"module gamma", "gamma.nobody"});
}

TEST(Registry, RefusesApiRoutesOutsideApiAndPagesInsideIt) {
  expect_refused({{"gamma", [](Loader& l) { l.api(http::Method::get, "/g", kPublic, ok, Api("G").returns(200, "G")); }}},
                 {"module gamma", "not under /api/"});
  expect_refused({{"gamma", [](Loader& l) { l.page(http::Method::get, "/api/v1/g", kPublic, ok, "G"); }}},
                 {"module gamma", "declare it with api()"});
  expect_refused({{"gamma", [](Loader& l) { l.api(http::Method::get, "/api/v1/g", kPublic, ok, Api("G")); }}},
                 {"module gamma", "no successful answer"});
}

TEST(Registry, RefusesTwoModulesSharingAMigrationNumber) {
  expect_refused({{"alpha", alpha},
                  {"gamma", [](Loader& l) { l.migrations({{"0001_gamma.sql", "SELECT 1"}}); }}},
                 {"migration number 1", "module alpha", "module gamma"});
}

TEST(Registry, RefusesNamesOutsideTheModulesOwn) {
  expect_refused({{"gamma", [](Loader& l) { l.permission({"map.edit", {Role::officer}, ""}); }}},
                 {"module gamma", "must start with \"gamma.\""});
  expect_refused({{"gamma", [](Loader& l) { l.source({"map.x", "k", "/x/{id}"}); }}},
                 {"module gamma", "map.x"});
  expect_refused({{"gamma", [](Loader& l) { l.source({"gamma.x", "k", "/x"}); }}},
                 {"module gamma", "needs {id}"});
  expect_refused({{"gamma", [](Loader& l) { l.setting({"gamma.x", "k", "h", 200, 1, 100}); }}},
                 {"module gamma", "outside its range"});
}

TEST(Registry, RefusesASchemaReferenceNobodyDeclares) {
  expect_refused({{"gamma", [](Loader& l) {
                     l.api(http::Method::get, "/api/v1/g", kPublic, ok, Api("G").returns(200, "G", "Nowhere"));
                   }}},
                 {"module gamma", "#/components/schemas/Nowhere"});
}

TEST(Registry, RefusesARouteTwoModulesDeclare) {
  expect_refused({{"alpha", alpha},
                  {"gamma", [](Loader& l) { l.page(http::Method::get, "/alphas", kPublic, ok, "again"); }}},
                 {"module gamma", "GET /alphas", "module alpha"});
}

TEST(Registry, ModulesMayUseOnlyPermissionsDeclaredBeforeThem) {
  expect_refused({{"beta", beta}, {"alpha", alpha}}, {"module beta", "alpha.edit"});
}

TEST(Registry, AssemblesEverythingDeclared) {
  Registry registry({});
  registry.load({{"alpha", alpha}, {"beta", beta}});
  auto migrations = registry.migrations();
  ASSERT_EQ(migrations.size(), 3u);
  EXPECT_EQ(migrations[0].name, "alpha");
  EXPECT_EQ(migrations[2].name, "beta_more");

  http::Router router;
  registry.add_routes(router);
  ASSERT_EQ(router.routes().size(), 4u);
  core::Principal officer, resident, anonymous;
  officer.account_id = resident.account_id = "someone";
  officer.role = Role::officer;
  resident.role = Role::resident;
  bool allowed = true;
  auto post = router.match(http::Method::post, "/api/v1/alphas", &allowed);
  ASSERT_TRUE(post);
  EXPECT_EQ(post->route->policy.name, "alpha.edit");
  EXPECT_TRUE(post->route->policy.allows(officer));
  EXPECT_FALSE(post->route->policy.allows(resident));
  EXPECT_FALSE(post->route->policy.allows(anonymous));

  auto nav_for_officer = registry.navigation(officer);
  ASSERT_EQ(nav_for_officer.size(), 2u);
  EXPECT_EQ(nav_for_officer[0].href, "/alphas/admin");  // order 10 before 20
  EXPECT_EQ(registry.navigation(anonymous).size(), 1u);

  EXPECT_EQ(registry.source_link("alpha.visit", "abc"), "/alphas/visits/abc");
  EXPECT_EQ(registry.source_link("alpha.unknown", "abc"), "");
  EXPECT_EQ(registry.roles_of(kPublic), std::nullopt);
  EXPECT_EQ(registry.roles_of("alpha.edit")->size(), 2u);
  EXPECT_THROW(registry.roles_of("alpha.nobody"), std::invalid_argument);
}

TEST(Registry, BuildsAnOpenApiDocumentFromTheFragments) {
  Registry registry({});
  registry.load({{"alpha", alpha}, {"beta", beta}});
  auto doc = boost::json::parse(registry.openapi_json()).as_object();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  auto& paths = doc.at("paths").as_object();
  ASSERT_TRUE(paths.contains("/api/v1/alphas/{id}"));
  EXPECT_FALSE(paths.contains("/alphas")) << "pages are not API operations";
  auto& get = paths.at("/api/v1/alphas/{id}").at("get").as_object();
  EXPECT_EQ(get.at("parameters").at(0).at("name").as_string(), "id");
  EXPECT_EQ(get.at("parameters").at(0).at("in").as_string(), "path");
  EXPECT_TRUE(get.at("responses").as_object().contains("404"));
  EXPECT_FALSE(get.at("responses").as_object().contains("401")) << "public routes need no sign-in";
  EXPECT_EQ(get.at("security").as_array().size(), 0u);
  EXPECT_EQ(get.at("responses").at("200").at("content").at("application/json").at("schema").at("$ref").as_string(),
            "#/components/schemas/Alpha");
  auto& post = paths.at("/api/v1/alphas").at("post").as_object();
  for (const char* status : {"201", "400", "401", "403", "413", "422"})
    EXPECT_TRUE(post.at("responses").as_object().contains(status)) << status;
  EXPECT_EQ(post.at("parameters").at(0).at("in").as_string(), "query");
  EXPECT_FALSE(post.contains("security")) << "the document's default (session or bearer) applies";
  auto& del = paths.at("/api/v1/betas/{id}").at("delete").as_object();
  EXPECT_FALSE(del.at("responses").at("204").as_object().contains("content"));
  EXPECT_EQ(del.at("tags").at(0).as_string(), "beta");
}

class RegistryStore : public ::testing::TestWithParam<store::Dialect> {};

TEST_P(RegistryStore, MigratesAndReadsSettingsWithTheirDefaultsAndRanges) {
  auto db = store::open_database(store::testing::fresh_database_url(GetParam()), 2);
  auto& registry = module::testing::load({{"alpha", alpha},
                                       {"settings", [](Loader& l) {
                                          l.migrations({{"0006_settings.sql",
                                                         "CREATE TABLE organisation_settings (organisation_id TEXT NOT NULL, "
                                                         "key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (organisation_id, key))"}});
                                        }}},
                                      db.get());
  auto c = db->acquire();
  EXPECT_EQ(c->query("SELECT x FROM alpha").size(), 0u);
  EXPECT_EQ(registry.setting(*c, "org", "alpha.limit"), 20);
  c->execute("INSERT INTO organisation_settings VALUES ('org', 'alpha.limit', '35')");
  EXPECT_EQ(registry.setting(*c, "org", "alpha.limit"), 35);
  EXPECT_EQ(registry.setting(*c, "other", "alpha.limit"), 20);
  c->execute("UPDATE organisation_settings SET value = '500'");
  EXPECT_EQ(registry.setting(*c, "org", "alpha.limit"), 20) << "out of range falls back to the default";
  EXPECT_THROW(registry.setting(*c, "org", "alpha.undeclared"), std::invalid_argument);
}

TEST_P(RegistryStore, RunsEveryModulesDemoInOrderInOneTransaction) {
  auto db = store::open_database(store::testing::fresh_database_url(GetParam()), 2);
  auto& registry = module::testing::load({{"alpha", alpha}, {"beta", beta}}, db.get());
  EXPECT_TRUE(registry.load_demo(*db));

  Environment environment;
  environment.db = db.get();
  Registry stopping(environment);
  stopping.load({{"first", [](Loader& l) {
                    l.demo([](store::Connection&, DemoContext& d) { d.already_loaded = true; });
                  }},
                 {"second", [](Loader& l) {
                    l.demo([](store::Connection&, DemoContext&) { throw std::runtime_error("must not run"); });
                  }}});
  EXPECT_FALSE(stopping.load_demo(*db));
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryStore,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

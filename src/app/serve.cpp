#include "app/serve.hpp"

#include <iostream>

#include "access/access.hpp"
#include "app/demo.hpp"
#include "app/openapi.hpp"
#include "http/server.hpp"
#include "i18n/i18n.hpp"
#include "map/routes.hpp"
#include "web/routes.hpp"

namespace coproduce::app {
namespace {

access::AccessOptions access_options(const ServeConfig& config) {
  access::AccessOptions options;
  options.default_org_slug = config.default_org;
  options.secure_cookies = config.secure_cookies;
  return options;
}

}  // namespace

void add_all_routes(http::Router& router, store::Database& db, const ServeConfig& config) {
  router.add(http::Method::get, "/healthz", http::policy::everyone(),
      [&db](http::Context&) {
        auto conn = db.acquire();
        conn->query("SELECT 1");
        return http::Response::json({{"status", "ok"}});
      },
      "Liveness: answers 200 when the server and its database answer");
  router.add(http::Method::get, "/", http::policy::everyone(),
      [](http::Context&) { return http::Response::redirect("/map"); }, "Home: the map");
  router.add(http::Method::get, "/api/v1/openapi.json", http::policy::everyone(),
      [](http::Context&) { return http::Response::text(openapi_document(), "application/json"); },
      "This API's OpenAPI 3 description");
  access::add_routes(router, db, access_options(config));
  web::add_routes(router);
  map::add_api_routes(router, db);
  map::add_page_routes(router, db);
}

int serve(const ServeConfig& given) {
  ServeConfig config = given;
  // With --demo, visitors see the demo organisation unless --org says otherwise.
  if (config.demo && config.default_org.empty()) config.default_org = kDemoOrgSlug;
  auto db = store::open_database(config.db_url, config.threads + 1);
  int applied = store::migrate(*db);
  if (applied > 0) std::cerr << "coproduce: applied " << applied << " migrations\n";
  if (config.demo && load_demo(*db)) {
    std::cerr << "coproduce: loaded the demo organisation; sign in as one of:\n";
    for (const auto& a : demo_accounts())
      std::cerr << "  " << a.email << " (" << core::to_string(a.role) << ")\n";
    std::cerr << "  password for all: " << kDemoPassword << "\n";
  }

  http::Router router;
  add_all_routes(router, *db, config);

  http::ServerOptions options;
  options.address = config.address;
  options.port = config.port;
  options.threads = config.threads;
  options.static_dir = config.assets_dir;
  options.secure_cookies = config.secure_cookies;
  options.access_log = config.access_log;
  auto authenticate = access::make_authenticator(*db, access_options(config));
  http::Server server(
      options, router,
      [authenticate](const http::Request& request, http::Context& ctx) {
        ctx.locale = i18n::negotiate(request);
        authenticate(request, ctx);
      },
      access::make_csrf_check(access_options(config)));
  server.set_error_page(web::error_page);
  auto port = server.listen();
  std::cout << "coproduce: serving on http://" << config.address << ":" << port << std::endl;
  server.run();
  std::cerr << "coproduce: stopped\n";
  return 0;
}

}  // namespace coproduce::app

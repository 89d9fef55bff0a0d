#include "app/serve.hpp"

#include <iostream>
#include <thread>

#include "access/demo.hpp"
#include "app/modules.hpp"
#include "commission/process/channels.hpp"
#include "http/server.hpp"
#include "i18n/i18n.hpp"

namespace coproduce::app {

bool ServeConfig::secure_cookies() const {
  if (cookies == "secure") return true;
  if (cookies == "insecure") return false;
  bool loopback = address == "127.0.0.1" || address == "::1" || address == "localhost" ||
                  address.rfind("127.", 0) == 0;
  return !loopback;
}

std::string default_key_file(const std::string& db_url) {
  if (db_url.starts_with("sqlite::memory:")) return "";
  if (db_url.starts_with("sqlite://")) {
    auto path = db_url.substr(9);  // "/abs/path.db" or "relative.db"
    if (auto query = path.find('?'); query != std::string::npos) path.resize(query);
    return path.empty() || path == ":memory:" ? "" : path + ".key";
  }
  return "coproduce.key";
}

module::Environment environment_for(store::Database& db, const ServeConfig& config) {
  module::Environment environment;
  environment.db = &db;
  environment.default_org_slug = config.default_org;
  environment.secure_cookies = config.secure_cookies();
  environment.public_url = config.public_url.empty()
                               ? "http://" + config.address + ":" + std::to_string(config.port)
                               : config.public_url;
  while (!environment.public_url.empty() && environment.public_url.back() == '/')
    environment.public_url.pop_back();
  environment.key_file = config.key_file.empty() ? default_key_file(config.db_url) : config.key_file;
  environment.mail = config.mail;
  environment.mail.lease = std::chrono::seconds(config.mail_lease_seconds);
  if (environment.mail.from.empty()) {
    auto host = environment.public_url.substr(environment.public_url.find("://") + 3);
    host = host.substr(0, host.find_first_of(":/"));
    environment.mail.from = "coproduce <noreply@" + (host.find('.') == std::string::npos ? "localhost.localdomain" : host) + ">";
  }
  // The demo without an SMTP server writes its emails to the log.
  if (config.demo && environment.mail.smtp_url.empty()) environment.mail.log = true;
  return environment;
}

int serve(const ServeConfig& given) {
  ServeConfig config = given;
  // With --demo, visitors see the demo organisation unless --org says otherwise.
  if (config.demo && config.default_org.empty()) config.default_org = access::kDemoOrgSlug;
  auto db = store::open_database(config.db_url, config.db_connections);
  module::Registry registry(environment_for(*db, config));
  registry.load(modules());
  int applied = store::migrate(*db, registry.migrations());
  if (applied > 0) std::cerr << "coproduce: applied " << applied << " migrations\n";
  if (config.demo && registry.load_demo(*db)) {
    std::cerr << "coproduce: loaded the demo organisation; sign in as one of:\n";
    for (const auto& a : access::demo_accounts())
      std::cerr << "  " << a.email << " (" << core::to_string(a.role) << ")\n";
    std::cerr << "  password for all: " << access::kDemoPassword << "\n";
  }

  http::Router router;
  registry.add_routes(router);

  http::ServerOptions options;
  options.address = config.address;
  options.port = config.port;
  options.threads = config.threads;
  options.static_dir = config.assets_dir;
  options.secure_cookies = config.secure_cookies();
  options.workers = config.workers;
  options.trusted_proxies = config.trusted_proxies;
  options.access_log = config.access_log;
  // The census (up to 200,000 rows) is the one upload larger than the 1 MiB
  // every other request is held to: its page form (a file) and its API.
  options.larger_bodies = {
      {http::Method::post, "/pb/{id}/census", commission::process::kMostCensusBytes},
      {http::Method::put, "/api/v1/pb/processes/{id}/census", commission::process::kMostCensusBytes}};
  auto authenticate = registry.authenticator();
  http::Server server(
      options, router,
      [authenticate, &registry](const http::Request& request, http::Context& ctx) {
        ctx.locale = i18n::negotiate(request);
        if (authenticate) authenticate(request, ctx);
        registry.prepare(ctx);
      },
      registry.csrf_check());
  if (registry.error_page()) server.set_error_page(registry.error_page());
  server.set_translator([](const std::string& locale, const std::string& key) { return i18n::t(locale, key); });
  auto port = server.listen();
  std::cout << "coproduce: serving on http://" << config.address << ":" << port << std::endl;
  {
    // The modules' background tasks (the email sender) run while the server
    // does; leaving this scope asks each to stop and waits for it.
    std::vector<std::jthread> background;
    for (const auto& task : registry.background())
      background.emplace_back([&task](std::stop_token stop) { task.run(stop); });
    server.run();
  }
  std::cerr << "coproduce: stopped\n";
  return 0;
}

}  // namespace coproduce::app

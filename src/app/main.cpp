// coproduce: the one program. Subcommands: serve (the web server), demo (load
// the demo data), migrate (apply database migrations), org (organisations),
// routes (who may use what) and pb (vote counting).
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/modules.hpp"
#include "app/organisation.hpp"
#include "app/routes_table.hpp"
#include "app/serve.hpp"
#include "commission/pb/cli.hpp"
#include "commission/process/cli.hpp"
#include "store/database.hpp"

namespace {

// Hides a password in a database URL before it is printed.
std::string redacted(std::string url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon != std::string::npos && colon < at) url.replace(colon + 1, at - colon - 1, "***");
  return url;
}

// The modules loaded over `db` with their migrations applied.
std::unique_ptr<coproduce::module::Registry> loaded(coproduce::store::Database& db,
                                                   int* applied = nullptr, std::string key_file = {}) {
  using namespace coproduce;
  module::Environment environment;
  environment.db = &db;
  environment.key_file = std::move(key_file);
  auto registry = std::make_unique<module::Registry>(environment);
  registry->load(app::modules());
  int count = store::migrate(db, registry->migrations());
  if (applied) *applied = count;
  return registry;
}

void add_key_option(CLI::App* cmd, std::string& file) {
  cmd->add_option("--key-file", file,
                  "File of the 32-byte secret key that encrypts stored certificate numbers, created "
                  "(mode 0600) when missing; keep it, and back it up apart from the database "
                  "(default: next to an SQLite database as <file>.key, else ./coproduce.key)")
      ->envname("COPRODUCE_KEY_FILE");
}

void add_db_option(CLI::App* cmd, std::string& url) {
  cmd->add_option("--db", url,
                  "Database URL: sqlite:///path/to/file.db (embedded, the default) or "
                  "postgresql://user@host:port/dbname")
      ->envname("COPRODUCE_DB")
      ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace coproduce;
  CLI::App app{"coproduce: a platform on which councils, professionals, residents and community "
               "groups produce public services together"};
  app.require_subcommand(1);

  app::ServeConfig serve_config;
  auto* serve = app.add_subcommand("serve", "Run the web server (JSON API under /api/v1, pages)");
  add_db_option(serve, serve_config.db_url);
  serve->add_flag("--demo", serve_config.demo, "Load the demo organisation first if it is missing");
  add_key_option(serve, serve_config.key_file);
  serve->add_option("--address", serve_config.address, "Address to listen on")
      ->envname("COPRODUCE_ADDRESS")->capture_default_str();
  serve->add_option("--port", serve_config.port, "Port to listen on (0: any free port)")
      ->envname("COPRODUCE_PORT")->capture_default_str()->check(CLI::Range(0, 65535));
  serve->add_option("--threads", serve_config.threads, "Worker threads")
      ->envname("COPRODUCE_THREADS")->capture_default_str()->check(CLI::Range(1, 256));
  serve->add_option("--assets", serve_config.assets_dir, "Folder of static assets served under /assets/")
      ->envname("COPRODUCE_ASSETS")->capture_default_str();
  serve->add_option("--org", serve_config.default_org,
                    "Organisation (slug) that anonymous visitors see; default: the first one")
      ->envname("COPRODUCE_ORG");
  serve->add_option("--cookies", serve_config.cookies,
                    "auto: Secure cookies with the __Host- prefix unless listening on loopback only; "
                    "secure; or insecure (plain HTTP on a private network, never in production)")
      ->envname("COPRODUCE_COOKIES")->check(CLI::IsMember({"auto", "secure", "insecure"}))->capture_default_str();
  serve->add_option("--trusted-proxy", serve_config.trusted_proxies,
                    "A reverse proxy (address or CIDR range) whose X-Forwarded-For and "
                    "X-Forwarded-Proto are believed; repeat for several")
      ->envname("COPRODUCE_TRUSTED_PROXIES")->delimiter(',');
  serve->add_option("--workers", serve_config.workers,
                    "Threads that run requests; about one per core runs at a time, the others "
                    "wait on the database or the disk (the network threads only read and write)")
      ->envname("COPRODUCE_WORKERS")->capture_default_str()->check(CLI::Range(1, 1024));
  serve->add_option("--db-connections", serve_config.db_connections,
                    "Database connections this server keeps (each server of several counts "
                    "against PostgreSQL's max_connections)")
      ->envname("COPRODUCE_DB_CONNECTIONS")->capture_default_str()->check(CLI::Range(1, 1000));
  serve->add_flag("!--no-access-log", serve_config.access_log, "Do not write request log lines");
  serve->add_option("--public-url", serve_config.public_url,
                    "How people reach this server, e.g. https://coproduce.example.gov.uk: the start of "
                    "every link in emails (default: http://ADDRESS:PORT)")
      ->envname("COPRODUCE_PUBLIC_URL");
  serve->add_option("--smtp", serve_config.mail.smtp_url,
                    "SMTP server for email: smtp://host:587 (STARTTLS required) or smtps://host:465. "
                    "Without it email waits in the outbox (the demo writes it to the log). The "
                    "password is read from COPRODUCE_SMTP_PASSWORD only")
      ->envname("COPRODUCE_SMTP_URL");
  serve->add_option("--smtp-user", serve_config.mail.user, "SMTP user name")->envname("COPRODUCE_SMTP_USER");
  serve->add_flag("!--smtp-no-starttls", serve_config.mail.starttls,
                  "Send smtp:// mail without STARTTLS (a relay on this machine only)")
      ->envname("COPRODUCE_SMTP_NO_STARTTLS");
  serve->add_option("--smtp-ca-file", serve_config.mail.ca_file,
                    "Certificate authorities to trust for the SMTP server instead of the system's")
      ->envname("COPRODUCE_SMTP_CA_FILE");
  serve->add_option("--mail-from", serve_config.mail.from,
                    "The sender of every email, e.g. \"Co-production <noreply@example.gov.uk>\" "
                    "(default: noreply at the public URL's host)")
      ->envname("COPRODUCE_MAIL_FROM");
  serve->add_flag("--mail-log", serve_config.mail.log,
                  "Write emails to the log instead of sending them (local use; they hold sign-in links)")
      ->envname("COPRODUCE_MAIL_LOG");
  serve->add_option("--mail-lease", serve_config.mail_lease_seconds,
                    "Seconds a sender's claim on a message lasts: after a crash, unfinished messages "
                    "are sent again once it lapses")
      ->envname("COPRODUCE_MAIL_LEASE")->capture_default_str()->check(CLI::Range(1, 3600));
  serve->callback([&] {
    if (const char* password = std::getenv("COPRODUCE_SMTP_PASSWORD")) serve_config.mail.password = password;
    std::cerr << "coproduce: database " << redacted(serve_config.db_url) << "\n";
    int code = app::serve(serve_config);
    if (code != 0) throw CLI::RuntimeError(code);
  });

  std::string demo_db = serve_config.db_url;
  auto* demo = app.add_subcommand("demo", "Load the demo organisation (six case studies) and exit");
  add_db_option(demo, demo_db);
  std::string demo_key_file;
  add_key_option(demo, demo_key_file);
  demo->callback([&] {
    auto db = store::open_database(demo_db, 1);
    bool added = loaded(*db, nullptr, demo_key_file.empty() ? app::default_key_file(demo_db) : demo_key_file)
                     ->load_demo(*db);
    std::cout << (added ? "demo: loaded the demo organisation\n" : "demo: already loaded\n");
  });

  std::string migrate_db = serve_config.db_url;
  auto* migrate = app.add_subcommand("migrate", "Apply database migrations and exit");
  add_db_option(migrate, migrate_db);
  migrate->callback([&] {
    auto db = store::open_database(migrate_db, 1);
    int applied = 0;
    loaded(*db, &applied);
    std::cout << "migrate: applied " << applied << " migrations\n";
  });

  // Bootstrapping a real organisation: its first officer can then add members.
  std::string org_db = serve_config.db_url, org_slug, org_name, org_locale = "en", officer_email,
              officer_name = "Co-production officer";
  auto* org = app.add_subcommand("org", "Manage organisations")->require_subcommand(1);
  auto* org_create = org->add_subcommand(
      "create", "Create an organisation and its first co-production officer. The officer's "
                "password is read from COPRODUCE_PASSWORD or, if unset, from standard input");
  add_db_option(org_create, org_db);
  org_create->add_option("--slug", org_slug, "Short name used in URLs, e.g. cardiff")->required();
  org_create->add_option("--name", org_name, "Full name, e.g. Cardiff Council")->required();
  org_create->add_option("--locale", org_locale, "Default language: en or cy")
      ->check(CLI::IsMember({"en", "cy"}))->capture_default_str();
  org_create->add_option("--officer-email", officer_email, "The first officer's email")->required();
  org_create->add_option("--officer-name", officer_name, "The first officer's display name")
      ->capture_default_str();
  org_create->callback([&] {
    std::string password;
    if (const char* env = std::getenv("COPRODUCE_PASSWORD")) password = env;
    else std::getline(std::cin, password);
    auto db = store::open_database(org_db, 1);
    loaded(*db);
    app::create_organisation_with_officer(*db, org_slug, org_name, org_locale, officer_email,
                                          officer_name, password);
    std::cout << "org: created " << org_slug << "\n";
  });

  auto* routes = app.add_subcommand(
      "routes", "Print every route with the permission it needs and the roles that hold it "
                "(Markdown; docs/permissions.md is this output)");
  routes->callback([] {
    auto db = store::open_database("sqlite::memory:", 1);  // handlers are built, never run
    module::Environment environment;
    environment.db = db.get();
    module::Registry registry(environment);
    registry.load(app::modules());
    std::cout << app::routes_table(registry);
  });

  commission::pb::add_pb_commands(app);
  commission::process::add_process_commands(*app.get_subcommand("pb"),
                                            [](store::Database& db) { loaded(db); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "coproduce: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

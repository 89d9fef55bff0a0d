// What a module declares, in one place. Every module (access, map, and each
// later one) has one registration function, `void load(module::Loader&)`,
// that declares: its permissions; its routes, each with a permission and, for
// the JSON API, its OpenAPI fragment; its migrations and message catalogues
// (the files in its folder, embedded by coproduce_module_files); its
// navigation entries, demo data, exports, settings and the contribution
// sources it writes to the ledger. The app's wiring is a list of modules;
// the router, the OpenAPI document, the migration order, the catalogues and
// the navigation are assembled from these declarations and kept nowhere else.
// See docs/architecture.md for the smallest complete module.
#pragma once

#include <boost/json/fwd.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/roles.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "store/database.hpp"

namespace coproduce::module {

class Registry;

// (file name, contents) pairs, generated at build time from a module folder.
using Files = std::vector<std::pair<std::string_view, std::string_view>>;

// ---- permissions ---------------------------------------------------------
// Built-in permission names every module may use.
inline constexpr char kPublic[] = "public";       // anyone, signed in or not
inline constexpr char kSignedIn[] = "signed_in";  // any role in the organisation

// A named right, held by some roles. Names start with the module's name and a
// dot ("map.edit"); routes, navigation entries and exports refer to them.
struct Permission {
  std::string name;
  std::vector<core::Role> roles;
  std::string description;  // one line, for the route table and docs/permissions.md
};

// ---- the OpenAPI fragment of one API route ----------------------------------
// Schemas are a component name ("Initiative", declared with Loader::schema) or
// inline JSON text ("{\"type\": \"object\"}"). Path parameters are read from
// the pattern; the error answers every route can give (401 and 403 when not
// public, 404 with path parameters, 400/413/422 with a body) are added.
class Api {
 public:
  explicit Api(std::string summary) : summary_(std::move(summary)) {}
  Api& describe(std::string text);
  Api& query(std::string name, std::string description, std::string schema = R"({"type":"string"})");
  Api& body(std::string schema);
  Api& returns(int status, std::string description, std::string schema = {});
  // A non-JSON answer (text/csv, application/x-pb ...).
  Api& returns_file(int status, std::string description, std::string media_type);
  Api& error(int status, std::string description);  // a further 4xx this route gives

  struct Param {
    std::string name, description, schema;
  };
  struct Answer {
    int status;
    std::string description, schema, media_type;
  };
  const std::string& summary() const { return summary_; }
  const std::string& description() const { return description_; }
  const std::vector<Param>& query_params() const { return query_; }
  const std::string& body_schema() const { return body_; }
  const std::vector<Answer>& answers() const { return answers_; }

 private:
  std::string summary_, description_, body_;
  std::vector<Param> query_;
  std::vector<Answer> answers_;
};

// ---- the other declarations ------------------------------------------------
struct NavEntry {
  std::string href;
  std::string label_key;  // message key
  std::string permission;  // who sees the entry
  int order = 100;         // smaller comes first
};

// A download listed on the data page ("exports"), shown to who may use it.
// One column of a CSV export. Headers and codes are the same in every
// language; the data dictionary page says what they mean in the reader's.
struct Column {
  std::string name;                 // the header
  std::string meaning_key;          // what the column holds, in the module's catalogue
  std::string value_prefix;         // with `values`: value_prefix + code names each code
  std::vector<std::string> values;  // the codes the column can hold; empty: free values
};

struct Export {
  std::string label_key;
  std::string path;
  std::string permission;
  bool personal_data = false;  // never true for a public export
  std::vector<Column> columns;  // in the order of the header row
  // A download of each record (a path with "{id}", e.g. each process's
  // ballots): the catalogue key saying where readers find it. "" otherwise.
  std::string where_key;
};

// A kind of record that writes contributions to the ledger: how its link
// back reads and where it points ("{id}" is the record's id).
struct Source {
  std::string type;       // module.kind, e.g. map.contribution
  std::string label_key;  // "Recorded on the map", in the module's catalogue
  std::string link;       // "/contributions/{id}"
};

// An organisation setting with its default (whole numbers for now).
struct Setting {
  std::string key;  // module.name, e.g. map.load_warning_weekly_hours
  std::string label_key;
  std::string hint_key;
  std::int64_t default_value = 0;
  std::int64_t min = 0;
  std::int64_t max = 0;
};

// Demo data: each module adds its part inside one transaction, in module order.
struct DemoContext {
  std::string organisation_id;
  std::map<core::Role, std::string> accounts;  // one demo account per role
  bool already_loaded = false;                 // set by the first module when it exists
};
using DemoLoader = std::function<void(store::Connection& tx, DemoContext& demo)>;

// What the platform gives modules to build their routes with.
struct Environment {
  store::Database* db = nullptr;
  std::string default_org_slug;  // anonymous visitors' organisation ("" = the first)
  bool secure_cookies = true;  // false only for a server on loopback (local use, the demo)
  // Tests move time; empty means the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
  std::chrono::system_clock::time_point now() const {
    return clock ? clock() : std::chrono::system_clock::now();
  }
  // How people reach this server ("https://coproduce.example.gov.uk"), for
  // the links in emails; "" when unknown (links are then bare paths).
  std::string public_url;
  // The file of the 32-byte secret key that seals stored secrets (safeguarding
  // certificate numbers), created with mode 0600 on first use when missing;
  // "" keeps a random key in memory (tests, a database in memory).
  std::string key_file;
  std::string absolute_url(std::string_view path) const { return public_url + std::string(path); }
  // Outgoing email (notify module). Without an SMTP URL messages wait in the
  // outbox, or with `log` are written to the server's log (the demo).
  struct Mail {
    std::string smtp_url;   // smtp://host:587 (STARTTLS unless starttls is false) or smtps://host:465
    bool starttls = true;   // require STARTTLS on smtp:// URLs
    std::string user, password;
    std::string from;       // "coproduce <noreply@example.org>"
    std::string ca_file;    // a CA bundle to trust instead of the system's (tests, private CAs)
    bool log = false;
    std::chrono::seconds lease{60};  // how long a sender's claim on a message lasts
  } mail;
};

// A kind of notification a module sends (notify module). The catalogue holds
// "<key>.text" (the in-app line), "<key>.subject" and "<key>.body" (the email),
// and label_key names the kind on the preferences page.
struct NoticeKind {
  std::string key;  // module.notice.name, e.g. map.notice.confirmed
  std::string label_key;
};

// The personal data a module keeps about a person (an account), declared
// where it is kept: what "download my data" includes, and what deleting the
// account does to it. `erase` runs inside the deletion's transaction; what
// must stay (contributions to the ledger) it keeps without the person.
struct PersonalData {
  std::string name;  // the part of the download: the module and what it holds (map, contributions)
  std::function<boost::json::value(store::Connection& c, const std::string& account_id)> export_data;
  std::function<void(store::Connection& tx, const std::string& account_id)> erase;
};

// A task a module runs in the background while the server runs (the email
// sender). It returns soon after `stop` is requested.
struct Background {
  std::string name;
  std::function<void(std::stop_token stop)> run;
};

// Links beside "Sign out" in the page header (the account, notifications),
// computed per page request before its handler runs (so they may read the
// database without waiting on the handler's own connection); each module adds
// its own.
struct HeaderLink {
  std::string href;
  std::string label;  // in the page's language
};
using HeaderLinks = std::function<std::vector<HeaderLink>(const http::Context& ctx)>;

// ---- the loader a module's registration function is given -----------------
class Loader {
 public:
  Loader(Registry& registry, std::string module_name);

  const std::string& module_name() const { return name_; }
  store::Database& db() const;
  const Environment& environment() const;
  // Everything every module declared; complete once loading ends, so use it
  // from handlers (at request time), not during load.
  const Registry& registry() const { return registry_; }

  void migrations(const Files& files);
  void messages(const Files& files);
  void permission(Permission permission);
  // The policy of a permission declared by this or an earlier module, or built in.
  http::Policy policy(std::string_view permission) const;

  // An HTML page or form target (not under /api/).
  void page(http::Method method, std::string pattern, std::string_view permission,
            http::Handler handler, std::string summary);
  // A JSON API route (under /api/) with its OpenAPI fragment.
  void api(http::Method method, std::string pattern, std::string_view permission,
           http::Handler handler, Api doc);
  // A component schema of the OpenAPI document (JSON text).
  void schema(std::string name, std::string_view json);

  void nav(NavEntry entry);
  void demo(DemoLoader loader);
  void exports(Export entry);
  void source(Source source);
  void setting(Setting setting);
  void background(Background task);
  void notice_kind(NoticeKind kind);
  void personal_data(PersonalData data);
  void header_links(HeaderLinks links);
  // A link in the "More" list of the person's account page (their answers to
  // a module's questions, their settings there), shown to who may use it.
  void account_link(NavEntry entry);

  // Platform hooks, given by exactly one module each (access and web).
  void authenticator(http::Authenticator authenticate);
  void csrf_check(http::CsrfCheck check);
  void error_page(http::ErrorPage page);
  // The name of the organisation a request acts in, shown on every page;
  // called, like header links, before the handler runs.
  void organisation_name(std::function<std::string(const http::Context&)> name);
  // What a page request prepares once signed in and before its handler takes a
  // database connection (the page frame); the web module gives it.
  void request_setup(std::function<void(http::Context&)> setup);

 private:
  void add_route(http::Method method, std::string pattern, std::string_view permission,
                 http::Handler handler, std::string summary, std::optional<Api> doc);
  Registry& registry_;
  std::string name_;
};

// A module as the app lists it.
struct Module {
  std::string name;  // also the prefix of its message keys and permissions
  std::function<void(Loader&)> load;
};

}  // namespace coproduce::module

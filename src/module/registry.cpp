// Collects and checks what modules declare (Loader), and assembles the router,
// the migration order, the navigation and the rest from it (Registry). The
// OpenAPI document is built in openapi.cpp.
#include "module/registry.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <stdexcept>

#include "i18n/catalogue.hpp"
#include "store/migration_files.hpp"

namespace coproduce::module {
namespace {

[[noreturn]] void refuse(std::string_view module, const std::string& problem) {
  throw std::invalid_argument("module " + std::string(module) + ": " + problem);
}

std::string route_key(http::Method method, std::string_view pattern) {
  std::string m(http::to_string(method));
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::toupper(c); });
  return m + " " + std::string(pattern);
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

// ---- Api -------------------------------------------------------------------

Api& Api::describe(std::string text) {
  description_ = std::move(text);
  return *this;
}
Api& Api::query(std::string name, std::string description, std::string schema) {
  query_.push_back({std::move(name), std::move(description), std::move(schema)});
  return *this;
}
Api& Api::body(std::string schema) {
  body_ = std::move(schema);
  return *this;
}
Api& Api::returns(int status, std::string description, std::string schema) {
  answers_.push_back({status, std::move(description), std::move(schema),
                      schema.empty() && status == 204 ? "" : "application/json"});
  return *this;
}
Api& Api::returns_file(int status, std::string description, std::string media_type) {
  answers_.push_back({status, std::move(description), "", std::move(media_type)});
  return *this;
}
Api& Api::error(int status, std::string description) {
  answers_.push_back({status, std::move(description), "Error", "application/json"});
  return *this;
}

// ---- Loader ----------------------------------------------------------------

Loader::Loader(Registry& registry, std::string module_name)
    : registry_(registry), name_(std::move(module_name)) {}

store::Database& Loader::db() const {
  if (!registry_.environment_.db) refuse(name_, "no database was given to the registry");
  return *registry_.environment_.db;
}

const Environment& Loader::environment() const { return registry_.environment_; }

// "src/map/migrations/0003_map.sql" -> "0003_map.sql".
static std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

void Loader::migrations(const Files& files) {
  std::vector<store::Migration> assembled;
  try {
    Files by_name;
    for (const auto& [path, sql] : files) by_name.emplace_back(base_name(path), sql);
    assembled = store::assemble_migrations(by_name);
  } catch (const std::exception& e) {
    refuse(name_, e.what());
  }
  for (auto& m : assembled) registry_.migrations_.emplace_back(name_, std::move(m));
}

void Loader::messages(const Files& files) {
  std::vector<i18n::CatalogueFile> installed;
  for (const auto& [path, json] : files) {
    std::string_view name = base_name(path);
    if (!name.ends_with(".json")) refuse(name_, "message file " + std::string(path) + " is not .json");
    std::string locale(name.substr(0, name.size() - 5));
    if (!i18n::is_supported(locale))
      refuse(name_, "message file " + std::string(path) + " is for a locale other than en and cy");
    Registry::Catalogue catalogue{name_, locale, std::string(path), std::string(json)};
    registry_.catalogues_.push_back(catalogue);
    installed.push_back({catalogue.module, catalogue.locale, catalogue.path, catalogue.json});
  }
  try {
    i18n::install(installed);
  } catch (const std::exception& e) {
    refuse(name_, e.what());
  }
}

void Loader::permission(Permission permission) {
  if (!starts_with(permission.name, name_ + "."))
    refuse(name_, "permission " + permission.name + " must start with \"" + name_ + ".\"");
  if (registry_.find_permission(permission.name))
    refuse(name_, "permission " + permission.name + " is declared twice");
  if (permission.roles.empty())
    refuse(name_, "permission " + permission.name + " names no role; use \"public\" instead");
  registry_.permissions_.push_back(std::move(permission));
}

http::Policy Loader::policy(std::string_view permission) const {
  try {
    return registry_.policy(permission);
  } catch (const std::exception& e) {
    refuse(name_, e.what());
  }
}

void Loader::page(http::Method method, std::string pattern, std::string_view permission,
                  http::Handler handler, std::string summary) {
  if (starts_with(pattern, "/api/"))
    refuse(name_, route_key(method, pattern) + " is an API route: declare it with api()");
  add_route(method, std::move(pattern), permission, std::move(handler), std::move(summary),
            std::nullopt);
}

void Loader::api(http::Method method, std::string pattern, std::string_view permission,
                 http::Handler handler, Api doc) {
  if (!starts_with(pattern, "/api/"))
    refuse(name_, route_key(method, pattern) + " is not under /api/: declare it with page()");
  if (doc.summary().empty()) refuse(name_, route_key(method, pattern) + " has no summary");
  bool success = false;
  for (const auto& a : doc.answers()) success = success || (a.status >= 200 && a.status < 400);
  if (!success) refuse(name_, route_key(method, pattern) + " declares no successful answer");
  std::string summary = doc.summary();
  add_route(method, std::move(pattern), permission, std::move(handler), std::move(summary),
            std::move(doc));
}

void Loader::add_route(http::Method method, std::string pattern, std::string_view permission,
                       http::Handler handler, std::string summary, std::optional<Api> doc) {
  policy(permission);  // refuses an unknown permission, naming the module
  if (!handler) refuse(name_, route_key(method, pattern) + " has no handler");
  for (const auto& r : registry_.routes_)
    if (r.method == method && r.pattern == pattern)
      refuse(name_, route_key(method, pattern) + " is already declared by module " + r.module);
  registry_.routes_.push_back({name_, method, std::move(pattern), std::string(permission),
                               std::move(handler), std::move(summary), std::move(doc)});
}

void Loader::schema(std::string name, std::string_view json) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(json, ec);
  if (ec || !parsed.is_object()) refuse(name_, "schema " + name + " is not a JSON object");
  for (const auto& [existing, text] : registry_.schemas_)
    if (existing == name) refuse(name_, "schema " + name + " is declared twice");
  registry_.schemas_.emplace_back(std::move(name), std::string(json));
}

void Loader::nav(NavEntry entry) {
  policy(entry.permission);
  registry_.nav_.push_back(std::move(entry));
}

void Loader::account_link(NavEntry entry) {
  policy(entry.permission);
  registry_.account_links_.push_back(std::move(entry));
}

void Loader::demo(DemoLoader loader) { registry_.demos_.push_back(std::move(loader)); }

void Loader::exports(Export entry) {
  policy(entry.permission);
  if (entry.personal_data && entry.permission == kPublic)
    refuse(name_, "export " + entry.path + " holds personal data and cannot be public");
  if ((entry.path.find("{id}") != std::string::npos) != !entry.where_key.empty())
    refuse(name_, "export " + entry.path + ": a download of each record (\"{id}\") says where it is found, and only it");
  registry_.exports_.push_back(std::move(entry));
}

void Loader::source(Source source) {
  if (!starts_with(source.type, name_ + "."))
    refuse(name_, "contribution source " + source.type + " must start with \"" + name_ + ".\"");
  if (registry_.find_source(source.type))
    refuse(name_, "contribution source " + source.type + " is declared twice");
  if (source.link.find("{id}") == std::string::npos)
    refuse(name_, "contribution source " + source.type + " links nowhere: its link needs {id}");
  registry_.sources_.push_back(std::move(source));
}

void Loader::setting(Setting setting) {
  if (!starts_with(setting.key, name_ + "."))
    refuse(name_, "setting " + setting.key + " must start with \"" + name_ + ".\"");
  if (registry_.find_setting(setting.key)) refuse(name_, "setting " + setting.key + " is declared twice");
  if (setting.min > setting.max || setting.default_value < setting.min ||
      setting.default_value > setting.max)
    refuse(name_, "setting " + setting.key + " has a default outside its range");
  registry_.settings_.push_back(std::move(setting));
}

void Loader::authenticator(http::Authenticator authenticate) {
  if (registry_.authenticator_) refuse(name_, "a second module gives the authenticator");
  registry_.authenticator_ = std::move(authenticate);
}

void Loader::csrf_check(http::CsrfCheck check) {
  if (registry_.csrf_check_) refuse(name_, "a second module gives the CSRF check");
  registry_.csrf_check_ = std::move(check);
}

void Loader::error_page(http::ErrorPage page) {
  if (registry_.error_page_) refuse(name_, "a second module gives the error page");
  registry_.error_page_ = std::move(page);
}

void Loader::organisation_name(std::function<std::string(const http::Context&)> name) {
  if (registry_.organisation_name_) refuse(name_, "a second module gives the organisation's name");
  registry_.organisation_name_ = std::move(name);
}

void Loader::request_setup(std::function<void(http::Context&)> setup) {
  if (registry_.request_setup_) refuse(name_, "a second module gives the request setup");
  registry_.request_setup_ = std::move(setup);
}

void Loader::background(Background task) {
  if (!starts_with(task.name, name_ + "."))
    refuse(name_, "background task " + task.name + " must start with \"" + name_ + ".\"");
  registry_.background_.push_back(std::move(task));
}

void Loader::notice_kind(NoticeKind kind) {
  if (!starts_with(kind.key, name_ + "."))
    refuse(name_, "notice kind " + kind.key + " must start with \"" + name_ + ".\"");
  registry_.notice_kinds_.push_back(std::move(kind));
}

void Loader::personal_data(PersonalData data) {
  if (!starts_with(data.name, name_ + "."))
    refuse(name_, "personal data " + data.name + " must start with \"" + name_ + ".\"");
  if (!data.export_data || !data.erase) refuse(name_, "personal data " + data.name + " needs both an export and an erase");
  registry_.personal_data_.push_back(std::move(data));
}

void Loader::header_links(HeaderLinks links) { registry_.header_links_.push_back(std::move(links)); }

// ---- Registry --------------------------------------------------------------

std::vector<HeaderLink> Registry::header_links(const http::Context& ctx) const {
  std::vector<HeaderLink> links;
  for (const auto& source : header_links_)
    for (auto& link : source(ctx)) links.push_back(std::move(link));
  return links;
}

Registry::Registry(Environment environment) : environment_(std::move(environment)) {}
Registry::~Registry() = default;

void Registry::load(const std::vector<Module>& modules) {
  for (const auto& m : modules) {
    if (m.name.empty() || m.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
      throw std::invalid_argument("module name '" + m.name + "' must be lowercase letters or _");
    if (std::find(modules_.begin(), modules_.end(), m.name) != modules_.end())
      throw std::invalid_argument("module " + m.name + " is listed twice");
    modules_.push_back(m.name);
    Loader loader(*this, m.name);
    m.load(loader);
  }
  migrations();    // refuses two modules sharing a migration number
  openapi_json();  // refuses a $ref to a schema nobody declared
}

void Registry::add_routes(http::Router& router) const {
  for (const auto& r : routes_) router.add(r.method, r.pattern, policy(r.permission), r.handler, r.summary);
}

const Permission* Registry::find_permission(std::string_view name) const {
  for (const auto& p : permissions_)
    if (p.name == name) return &p;
  return nullptr;
}

http::Policy Registry::policy(std::string_view name) const {
  if (name == kPublic) return http::policy::everyone();
  if (name == kSignedIn) return http::policy::signed_in();
  if (const Permission* p = find_permission(name)) return http::policy::any_of(p->name, p->roles);
  throw std::invalid_argument("no module declares the permission \"" + std::string(name) + "\"");
}

std::optional<std::vector<core::Role>> Registry::roles_of(std::string_view name) const {
  if (name == kPublic) return std::nullopt;
  if (name == kSignedIn) return std::vector<core::Role>(std::begin(core::kAllRoles), std::end(core::kAllRoles));
  if (const Permission* p = find_permission(name)) return p->roles;
  throw std::invalid_argument("no module declares the permission \"" + std::string(name) + "\"");
}

std::vector<store::Migration> Registry::migrations() const {
  std::vector<std::pair<std::string, store::Migration>> sorted = migrations_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.number < b.second.number; });
  std::vector<store::Migration> out;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i].second.number == sorted[i - 1].second.number)
      throw std::invalid_argument(
          "migration number " + std::to_string(sorted[i].second.number) + " is used by module " +
          sorted[i - 1].first + " (" + sorted[i - 1].second.name + ") and by module " +
          sorted[i].first + " (" + sorted[i].second.name + "); take the next free number");
    out.push_back(sorted[i].second);
  }
  return out;
}

std::vector<NavEntry> Registry::navigation(const core::Principal& principal) const {
  std::vector<NavEntry> out;
  for (const auto& e : nav_)
    if (policy(e.permission).allows(principal)) out.push_back(e);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
  return out;
}

std::vector<NavEntry> Registry::account_links(const core::Principal& principal) const {
  std::vector<NavEntry> out;
  for (const auto& e : account_links_)
    if (policy(e.permission).allows(principal)) out.push_back(e);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
  return out;
}

std::vector<Export> Registry::exports(const core::Principal& principal) const {
  std::vector<Export> out;
  for (const auto& e : exports_)
    if (policy(e.permission).allows(principal)) out.push_back(e);
  return out;
}

const Source* Registry::find_source(std::string_view type) const {
  for (const auto& s : sources_)
    if (s.type == type) return &s;
  return nullptr;
}

std::string Registry::source_link(std::string_view type, std::string_view id) const {
  const Source* source = find_source(type);
  if (!source) return {};
  std::string link = source->link;
  link.replace(link.find("{id}"), 4, id);
  return link;
}

const Setting* Registry::find_setting(std::string_view key) const {
  for (const auto& s : settings_)
    if (s.key == key) return &s;
  return nullptr;
}

std::int64_t Registry::setting(store::Connection& c, const std::string& organisation_id,
                               std::string_view key) const {
  const Setting* declared = find_setting(key);
  if (!declared) throw std::invalid_argument("no module declares the setting " + std::string(key));
  // organisation_settings belongs to the access module (its migration 0006).
  auto row = c.query_one("SELECT value FROM organisation_settings WHERE organisation_id = $1 AND key = $2",
                         {organisation_id, std::string(key)});
  if (!row) return declared->default_value;
  const std::string& text = row->text(0);
  std::int64_t value = 0;
  bool digits = !text.empty() && text.size() < 19 &&
                text.find_first_not_of("0123456789") == std::string::npos;
  if (digits) value = std::stoll(text);
  if (!digits || value < declared->min || value > declared->max) return declared->default_value;
  return value;
}

bool Registry::load_demo(store::Database& db) const {
  auto conn = db.acquire();
  return conn->transaction([&] {
    DemoContext demo;
    for (const auto& load : demos_) {
      load(*conn, demo);
      if (demo.already_loaded) return false;
    }
    return true;
  });
}

}  // namespace coproduce::module

// The registry: everything the listed modules declared, checked as it arrives
// (a route without a known permission, an API route without its OpenAPI
// fragment, a migration number two modules share, a permission or message key
// outside its module's name each stop the program with an error naming the
// module), and assembled into what the platform runs: the router, the
// migrations in order, the OpenAPI document, the navigation and the rest.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "module/module.hpp"

namespace coproduce::module {

struct RouteDecl {
  std::string module;
  http::Method method;
  std::string pattern;
  std::string permission;
  http::Handler handler;
  std::string summary;
  std::optional<Api> api;  // set for routes under /api/
};

class Registry {
 public:
  explicit Registry(Environment environment);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Loads each module in order (a module may use what earlier ones declared).
  // Throws std::invalid_argument naming the module and the problem. The
  // modules' message catalogues are installed for i18n::t as they load.
  void load(const std::vector<Module>& modules);

  const Environment& environment() const { return environment_; }
  const std::vector<std::string>& module_names() const { return modules_; }

  // ---- routes and permissions
  const std::vector<RouteDecl>& routes() const { return routes_; }
  void add_routes(http::Router& router) const;
  const std::vector<Permission>& permissions() const { return permissions_; }
  // nullptr for the built-in names and unknown ones.
  const Permission* find_permission(std::string_view name) const;
  // Throws std::invalid_argument for an unknown name.
  http::Policy policy(std::string_view name) const;
  // The roles a permission admits; nullopt for "public" (everyone, anonymous too).
  std::optional<std::vector<core::Role>> roles_of(std::string_view name) const;

  // ---- storage and text
  // Every module's migrations, ordered by number. Throws std::invalid_argument
  // naming both modules when two use one number.
  std::vector<store::Migration> migrations() const;
  struct Catalogue {
    std::string module, locale, path, json;
  };
  const std::vector<Catalogue>& catalogues() const { return catalogues_; }

  // ---- the OpenAPI 3.1 document of every API route, as JSON text
  std::string openapi_json() const;

  // ---- navigation, exports, sources, settings
  // The entries `principal` may see, in order.
  std::vector<NavEntry> navigation(const core::Principal& principal) const;
  std::vector<Export> exports(const core::Principal& principal) const;
  // The account page's links from modules (Loader::account_link) `principal` may see, in order.
  std::vector<NavEntry> account_links(const core::Principal& principal) const;
  const Source* find_source(std::string_view type) const;
  // The link back to a ledger entry's source record ("" for an unknown type).
  std::string source_link(std::string_view type, std::string_view id) const;
  const std::vector<Setting>& settings() const { return settings_; }
  const Setting* find_setting(std::string_view key) const;
  // The organisation's value of a declared setting, else its default.
  std::int64_t setting(store::Connection& c, const std::string& organisation_id,
                       std::string_view key) const;

  // ---- demo data: every module's part, in one transaction. False when the
  // demo organisation was already there.
  bool load_demo(store::Database& db) const;

  // ---- platform hooks
  const http::Authenticator& authenticator() const { return authenticator_; }
  const http::CsrfCheck& csrf_check() const { return csrf_check_; }
  const http::ErrorPage& error_page() const { return error_page_; }
  // "" when no module names organisations.
  std::string organisation_name(const http::Context& ctx) const {
    return organisation_name_ ? organisation_name_(ctx) : std::string();
  }
  // Every module's header links for this request, in module order.
  std::vector<HeaderLink> header_links(const http::Context& ctx) const;
  // Runs the request setup (see Loader::request_setup); serve calls it after
  // the authenticator, for every request.
  void prepare(http::Context& ctx) const {
    if (request_setup_) request_setup_(ctx);
  }
  const std::vector<Background>& background() const { return background_; }
  const std::vector<NoticeKind>& notice_kinds() const { return notice_kinds_; }
  const std::vector<PersonalData>& personal_data() const { return personal_data_; }

 private:
  friend class Loader;
  Environment environment_;
  std::vector<std::string> modules_;
  std::vector<RouteDecl> routes_;
  std::vector<Permission> permissions_;
  std::vector<std::pair<std::string, store::Migration>> migrations_;  // module, migration
  std::vector<Catalogue> catalogues_;
  std::vector<std::pair<std::string, std::string>> schemas_;  // name, JSON text
  std::vector<NavEntry> nav_;
  std::vector<NavEntry> account_links_;
  std::vector<DemoLoader> demos_;
  std::vector<Export> exports_;
  std::vector<Source> sources_;
  std::vector<Setting> settings_;
  http::Authenticator authenticator_;
  http::CsrfCheck csrf_check_;
  http::ErrorPage error_page_;
  std::function<std::string(const http::Context&)> organisation_name_;
  std::function<void(http::Context&)> request_setup_;
  std::vector<Background> background_;
  std::vector<NoticeKind> notice_kinds_;
  std::vector<PersonalData> personal_data_;
  std::vector<HeaderLinks> header_links_;
};

}  // namespace coproduce::module

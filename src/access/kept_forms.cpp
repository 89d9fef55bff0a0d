// Keeping a form's answers across signing in again (see kept_forms.hpp).
#include "access/kept_forms.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "core/ids.hpp"
#include "core/text.hpp"
#include "web/components.hpp"
#include "web/html.hpp"

namespace coproduce::access {
namespace {

constexpr std::size_t kSecretBytes = 32;

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower(text.substr(0, prefix.size())) == lower(prefix);
}


// "https://host:port/path?q" -> "host:port" and "/path?q"; nullopt for anything else.
std::optional<std::pair<std::string, std::string>> split_url(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  auto rest = url.substr(scheme + 3);
  auto slash = rest.find('/');
  std::string host(rest.substr(0, slash));
  std::string path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (auto hash = path.find('#'); hash != std::string::npos) path.resize(hash);
  return std::pair{lower(host), path};
}

// The browser says the form was sent from this site (a page elsewhere cannot
// have its answers kept here, even to be shown back unsent).
bool from_this_site(const http::Request& r) {
  if (auto site = r.header("sec-fetch-site"); site && *site != "same-origin") return false;
  auto host = lower(r.header("host").value_or(""));
  if (auto origin = r.header("origin"); origin && *origin != "null") {
    auto parts = split_url(*origin + "/");
    if (!parts || parts->first != host) return false;
  }
  return true;
}

// Where the form is: the page it says it is on, else the page it was sent from.
std::string form_page(const http::Request& r, const FormFields& posted) {
  for (const auto& [name, value] : posted)
    if (name == web::kFormPageField && core::is_local_path(value)) return value;
  if (auto referer = r.header("referer"))
    if (auto parts = split_url(*referer); parts && parts->first == lower(r.header("host").value_or("")) &&
                                          core::is_local_path(parts->second))
      return parts->second;
  return {};
}

std::string fields_json(const FormFields& fields) {
  boost::json::array out;
  for (const auto& [name, value] : fields) out.push_back(boost::json::array{name, value});
  return boost::json::serialize(out);
}

FormFields fields_from_json(const std::string& text) {
  FormFields out;
  boost::json::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& pair : value.as_array()) {
    const auto* items = pair.if_array();
    if (!items || items->size() != 2 || !(*items)[0].is_string() || !(*items)[1].is_string()) continue;
    out.emplace_back(std::string((*items)[0].as_string()), std::string((*items)[1].as_string()));
  }
  return out;
}

}  // namespace

std::optional<FormFields> fields_to_keep(const FormFields& posted) {
  FormFields kept;
  std::size_t bytes = 0;
  for (const auto& [name, value] : posted) {
    auto n = lower(name);
    bool secret = n.find("password") != std::string::npos || n.find("passwd") != std::string::npos ||
                  n.find("secret") != std::string::npos || n.find("token") != std::string::npos ||
                  n == kCsrfField || n == web::kFormPageField;
    if (secret) continue;
    bytes += name.size() + value.size();
    kept.emplace_back(name, value);
  }
  if (bytes > kMaxKeptBytes || kept.size() > kMaxKeptFields) return std::nullopt;
  return kept;
}

http::FormKeeper make_form_keeper(store::Database& db, const AccessOptions& options) {
  return [&db, options](http::Context& ctx, bool session_changed) -> std::optional<http::Response> {
    const auto& r = ctx.request;
    auto type = r.header("content-type");
    if (!type || !starts_with_ignoring_case(*type, "application/x-www-form-urlencoded")) return std::nullopt;
    if (!from_this_site(r) || ctx.principal.organisation_id.empty()) return std::nullopt;
    auto posted = r.form_fields();
    auto page = form_page(r, posted);
    auto fields = fields_to_keep(posted);
    if (page.empty() || !fields) return std::nullopt;

    auto now = options.clock ? options.clock() : Clock::now();
    auto secret = core::random_token(kSecretBytes);
    auto c = db.acquire();
    bool kept = c->transaction([&] {
      c->execute("DELETE FROM kept_forms WHERE expires_at <= $1", {iso_utc(now)});
      // The browser's earlier kept form, if any, gives way to this one.
      if (auto earlier = r.cookie(options.cookie_name(kKeptCookie)); earlier && is_hex(*earlier, kSecretBytes * 2))
        c->execute("DELETE FROM kept_forms WHERE id = $1", {sha256_hex(*earlier)});
      auto count = c->query_one("SELECT COUNT(*) FROM kept_forms");
      if (count && count->integer(0) >= kMaxKeptForms) return false;
      c->execute(
          "INSERT INTO kept_forms (organisation_id, id, form_page, action, fields, expires_at) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {ctx.principal.organisation_id, sha256_hex(secret), page, r.path, fields_json(*fields),
           iso_utc(now + kKeepFor)});
      return true;
    });
    if (!kept) return std::nullopt;
    // Signed in already (the session changed): straight back to the form. Otherwise sign in first.
    auto response = http::Response::redirect(
        session_changed ? page
                        : "/login?kept=1&return=" + web::url_encode(page));
    response.headers.emplace_back(
        "Set-Cookie",
        http::make_cookie(options.cookie_name(kKeptCookie), secret,
                          static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(kKeepFor).count()),
                          options.secure_cookies));
    return response;
  };
}

std::optional<http::KeptForm> take_kept_form(store::Connection& c, const http::Request& request,
                                             std::string_view organisation_id, std::string_view secret,
                                             Clock::time_point now) {
  if (!is_hex(secret, kSecretBytes * 2)) return std::nullopt;
  std::string target = request.target.empty() ? request.path : request.target;
  auto id = sha256_hex(secret);
  auto row = c.query_one(
      "SELECT action, fields FROM kept_forms WHERE organisation_id = $1 AND id = $2 AND form_page = $3 "
      "AND expires_at > $4",
      {std::string(organisation_id), id, target, iso_utc(now)});
  if (!row) return std::nullopt;
  c.execute("DELETE FROM kept_forms WHERE organisation_id = $1 AND id = $2", {std::string(organisation_id), id});
  return http::KeptForm{row->text(0), fields_from_json(row->text(1))};
}

}  // namespace coproduce::access

#include "notify/module.hpp"

#include <boost/json.hpp>

#include "i18n/i18n.hpp"
#include "module/registry.hpp"
#include "notify/notices.hpp"
#include "notify/sender.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::notify {
namespace {

using http::Context;
using http::Method;
using http::Response;
using web::escape;
namespace json = boost::json;

std::string t(const Context& ctx, std::string_view key, const i18n::Args& args = {}) {
  return i18n::t(ctx.locale, key, args);
}

Response no_store(Response r) {
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response notifications_page(store::Database& db, Context& ctx) {
  auto c = db.acquire();
  const auto& p = ctx.principal;
  auto notices = list_notices(*c, p.organisation_id, p.account_id, ctx.locale);
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" +
                     escape(t(ctx, "notify.page.title")) + "</h1>";
  if (notices.empty()) {
    html += "<p class=\"govuk-body\">" + escape(t(ctx, "notify.page.none")) + "</p>";
  } else {
    html += "<ul class=\"govuk-list app-notices\">";
    for (const auto& n : notices) {
      html += "<li class=\"app-notice\">";
      if (!n.read) html += web::tag(t(ctx, "notify.page.new"), "blue") + " ";
      html += "<a class=\"govuk-link\" href=\"" + escape(n.link) + "\">" + escape(n.text) + "</a>";
      html += " <span class=\"govuk-body-s app-secondary\">" +
              escape(i18n::format_date(ctx.locale, n.created_at.substr(0, 10))) + "</span></li>";
    }
    html += "</ul>";
    bool any_unread = std::any_of(notices.begin(), notices.end(), [](const auto& n) { return !n.read; });
    if (any_unread)
      html += "<form method=\"post\" action=\"/notifications/read\" novalidate>" + web::csrf_field(ctx) +
              web::button({t(ctx, "notify.page.mark_read"), true, "", ""}) + "</form>";
  }
  html += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/notifications/settings\">" +
          escape(t(ctx, "notify.page.settings_link")) + "</a></p>";
  return no_store(Response::html(web::page(ctx, {t(ctx, "notify.page.title"), {}, {}, "/notifications"}, html)));
}

Response settings_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto c = db.acquire();
  std::vector<web::Option> options;
  std::vector<std::string> checked;
  for (const auto& kind : registry.notice_kinds()) {
    options.push_back({kind.key, t(ctx, kind.label_key), ""});
    if (wants_email(*c, ctx.principal.account_id, kind.key)) checked.push_back(kind.key);
  }
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" +
                     escape(t(ctx, "notify.settings.title")) + "</h1>" +
                     "<p class=\"govuk-body\">" + escape(t(ctx, "notify.settings.intro")) + "</p>" +
                     "<form method=\"post\" action=\"/notifications/settings\" novalidate>" + web::csrf_field(ctx);
  web::Choices choices;
  choices.id = "by_email";
  choices.name = "by_email";
  choices.legend = t(ctx, "notify.settings.legend");
  choices.hint = t(ctx, "notify.settings.hint");
  choices.options = options;
  choices.selected = checked;
  html += web::checkboxes(ctx.locale, choices);
  html += web::button({t(ctx, "notify.settings.save"), false, "", ""}) + "</form>";
  return no_store(Response::html(web::page(
      ctx, {t(ctx, "notify.settings.title"), {{t(ctx, "notify.page.title"), "/notifications"}}, {}, "/notifications"},
      html)));
}

Response save_settings(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto wanted = ctx.request.form_values("by_email");
  for (const auto& value : wanted) {
    bool known = std::any_of(registry.notice_kinds().begin(), registry.notice_kinds().end(),
                             [&](const auto& k) { return k.key == value; });
    if (!known) throw core::localised(422, "invalid", "notify.error.unknown_kind", "by_email");
  }
  auto c = db.acquire();
  c->transaction([&] {
    for (const auto& kind : registry.notice_kinds())
      set_wants_email(*c, ctx.principal.account_id, kind.key,
                      std::find(wanted.begin(), wanted.end(), kind.key) != wanted.end());
  });
  return Response::redirect(web::with_done("/notifications/settings", "notify.settings.saved.done"));
}

// The person's notifications and choices, in every organisation.
json::value export_notifications(store::Connection& c, const std::string& account_id) {
  json::array notifications, preferences;
  for (const auto& r : c.query("SELECT organisation_id, kind, args, link, created_at, read_at FROM notifications "
                               "WHERE account_id = $1 ORDER BY created_at, id",
                               {account_id}))
    notifications.push_back({{"organisation_id", r.text(0)}, {"kind", r.text(1)}, {"details", json::parse(r.text(2))},
                             {"link", r.text(3)}, {"created_at", r.text(4)},
                             {"read_at", r.is_null(5) ? json::value() : json::value(r.text(5))}});
  for (const auto& r : c.query("SELECT kind, by_email FROM notification_preferences WHERE account_id = $1 ORDER BY kind",
                               {account_id}))
    preferences.push_back({{"kind", r.text(0)}, {"by_email", r.integer(1) != 0}});
  return json::object{{"notifications", notifications}, {"email_preferences", preferences}};
}

// Runs before the account's address is emptied: messages to it, sent or not,
// go with the rest.
void erase_notifications(store::Connection& tx, const std::string& account_id) {
  tx.execute("DELETE FROM notifications WHERE account_id = $1", {account_id});
  tx.execute("DELETE FROM notification_preferences WHERE account_id = $1", {account_id});
  tx.execute("DELETE FROM outbox WHERE recipient = (SELECT email FROM accounts WHERE id = $1)", {account_id});
}

}  // namespace

void load(module::Loader& l) {
  l.migrations(migration_files());
  l.messages(message_files());
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  const auto& environment = l.environment();
  set_site_url(environment.public_url);
  l.personal_data({"notify.notifications", export_notifications, erase_notifications});

  l.background({"notify.sender", [&db, mail = environment.mail, clock = environment.clock](std::stop_token stop) {
                  Sender(db, mail, clock).run(stop);
                }});
  l.header_links([&db](const Context& ctx) {
    std::vector<module::HeaderLink> links;
    if (!ctx.principal.signed_in() || ctx.principal.via_api_token) return links;
    auto c = db.acquire();
    auto unread = unread_count(*c, ctx.principal.organisation_id, ctx.principal.account_id);
    links.push_back({"/notifications", unread == 0 ? t(ctx, "notify.nav.none")
                                                   : i18n::plural(ctx.locale, "notify.nav.unread", unread)});
    return links;
  });

  using module::kSignedIn;
  l.page(Method::get, "/notifications", kSignedIn, [&db](Context& ctx) { return notifications_page(db, ctx); },
         "Your notifications, newest first");
  l.page(Method::post, "/notifications/read", kSignedIn,
         [&db](Context& ctx) {
           auto c = db.acquire();
           c->transaction([&] { mark_all_read(*c, ctx.principal.organisation_id, ctx.principal.account_id); });
           return Response::redirect(web::with_done("/notifications", "notify.page.marked.done"));
         },
         "Mark all your notifications read");
  l.page(Method::get, "/notifications/settings", kSignedIn,
         [&db, &registry](Context& ctx) { return settings_page(db, registry, ctx); },
         "Choose which notifications also come by email");
  l.page(Method::post, "/notifications/settings", kSignedIn,
         [&db, &registry](Context& ctx) { return save_settings(db, registry, ctx); },
         "Save which notifications come by email");

  l.api(Method::get, "/api/v1/notifications", kSignedIn,
        [&db](Context& ctx) {
          auto c = db.acquire();
          json::array items;
          for (const auto& n : list_notices(*c, ctx.principal.organisation_id, ctx.principal.account_id, ctx.locale))
            items.push_back({{"id", n.id}, {"text", n.text}, {"link", n.link}, {"created_at", n.created_at},
                             {"read", n.read}});
          return no_store(Response::json(json::object{
              {"unread", unread_count(*c, ctx.principal.organisation_id, ctx.principal.account_id)},
              {"notifications", items}}));
        },
        module::Api("Your notifications, newest first, in the request's language, with the unread count")
            .returns(200, "The notifications", R"({"type": "object", "properties": {
                "unread": {"type": "integer"}, "notifications": {"type": "array", "items": {"type": "object",
                "properties": {"id": {"type": "string"}, "text": {"type": "string"}, "link": {"type": "string"},
                "created_at": {"type": "string"}, "read": {"type": "boolean"}}}}}})"));
  l.api(Method::post, "/api/v1/notifications/read", kSignedIn,
        [&db](Context& ctx) {
          auto c = db.acquire();
          c->transaction([&] { mark_all_read(*c, ctx.principal.organisation_id, ctx.principal.account_id); });
          return Response{204, {}, {}};
        },
        module::Api("Mark all your notifications read").returns(204, "Marked"));
}

}  // namespace coproduce::notify

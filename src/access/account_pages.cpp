// Joining and the account: sign up, confirm the address, reset a forgotten
// password, the account's summary with a page per change (GOV.UK's "check
// answers" shape: one question per page), sessions with "sign out
// everywhere", the download of one's data, deleting the account, and API
// tokens. Every form re-shows what was typed (never a password) beside
// errors that name the field; every action ends on a page that says it happened.
#include <boost/json.hpp>

#include "access/accounts.hpp"
#include "access/passwords.hpp"
#include "access/people_pages.hpp"
#include "access/repository.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "i18n/i18n.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::access {
namespace {

using http::Context;
using http::Method;
using http::Response;
using web::escape;
namespace json = boost::json;
using Deps = std::shared_ptr<const PeopleDeps>;

std::string h1(const Context& ctx, std::string_view key) {
  return "<h1 class=\"govuk-heading-l\">" + escape(t(ctx, key)) + "</h1>";
}
std::string link(std::string_view href, std::string_view text) {
  return "<a class=\"govuk-link\" href=\"" + escape(href) + "\">" + escape(text) + "</a>";
}
web::TextInput input(const Context& ctx, const std::string& id, std::string_view label_key,
                     const web::FormErrors& errors, std::string value = {}, std::string type = "text",
                     std::string autocomplete = {}, std::string hint = {}) {
  web::TextInput in;
  in.id = id;
  in.name = id;
  in.label = t(ctx, label_key);
  in.hint = std::move(hint);
  in.error = errors[id];
  in.value = std::move(value);
  in.type = std::move(type);
  in.autocomplete = std::move(autocomplete);
  return in;
}

std::string password_input(const Context& ctx, const std::string& id, std::string_view label_key,
                           const web::FormErrors& errors, std::string autocomplete, bool with_rule) {
  auto in = input(ctx, id, label_key, errors, {}, "password", std::move(autocomplete),
                  with_rule ? t(ctx, "access.password.hint") : std::string());
  return web::text_input(ctx.locale, in);
}

std::string language_radios(const Context& ctx, const std::string& selected, const web::FormErrors& errors) {
  web::Choices c;
  c.id = "locale";
  c.name = "locale";
  c.legend = t(ctx, "access.account.language");
  c.hint = t(ctx, "access.account.language_hint");
  c.error = errors["locale"];
  c.options = {{"en", "English", ""}, {"cy", "Cymraeg", ""}};
  c.selected = {selected};
  c.small = true;
  return web::radios(ctx.locale, c);
}

Response page(const Context& ctx, std::string_view title_key, const std::string& html,
              const web::FormErrors& errors = {}, std::vector<web::Breadcrumb> crumbs = {}, int status = 200) {
  auto response = Response::html(
      web::page(ctx, {t(ctx, title_key), std::move(crumbs), errors.summary, "/account"}, html), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

int form_status(const core::Error& e) { return e.http_status() >= 500 ? e.http_status() : 422; }

std::vector<web::Breadcrumb> account_crumbs(const Context& ctx) {
  return {{t(ctx, "access.account.title"), "/account"}};
}

// The page a bad or used link leads to (410 Gone), with the way forward.
Response link_gone(const Context& ctx, std::string_view message_key, std::string_view next_href,
                   std::string_view next_key) {
  std::string html = h1(ctx, "access.link.gone_title") + para(t(ctx, message_key)) +
                     "<p class=\"govuk-body\">" + link(next_href, t(ctx, next_key)) + "</p>";
  return page(ctx, "access.link.gone_title", html, {}, {}, 410);
}

// ---- signing up

std::string sign_up_form(const Context& ctx, const http::Fields& typed, const web::FormErrors& errors) {
  auto value = [&](const char* n) { return web::value_of(typed, n); };
  auto locale = value("locale").empty() ? ctx.locale : value("locale");
  std::string html = h1(ctx, "access.sign_up.title") + para(t(ctx, "access.sign_up.intro")) +
                     form_open(ctx, "/sign-up");
  html += web::text_input(ctx.locale, input(ctx, "display_name", "access.account.name", errors, value("display_name"),
                                            "text", "name", t(ctx, "access.account.name_hint")));
  html += web::text_input(ctx.locale, input(ctx, "email", "access.login.email", errors, value("email"), "email",
                                            "email", t(ctx, "access.sign_up.email_hint")));
  html += password_input(ctx, "password", "access.login.password", errors, "new-password", true);
  html += language_radios(ctx, locale, errors);
  html += web::button({t(ctx, "access.sign_up.submit"), false, "", ""}) + "</form>";
  html += "<p class=\"govuk-body\">" + link("/login", t(ctx, "access.sign_up.have_account")) + "</p>";
  return html;
}

Response show_sign_up(const Deps& d, Context& ctx) {
  return anonymous_form_page(*d, ctx, web::page(ctx, {t(ctx, "access.sign_up.title"), {}, {}, ""},
                                                 sign_up_form(ctx, {}, {})));
}

Response submit_sign_up(const Deps& d, Context& ctx) {
  auto form = ctx.request.form();
  try {
    sign_up(d->db, ctx.principal.organisation_id,
            {web::value_of(form, "display_name"), web::value_of(form, "email"), web::value_of(form, "password"),
             web::value_of(form, "locale")},
            d->public_url, d->now());
  } catch (const core::Error& e) {
    auto errors = web::form_errors(ctx, e, "email");
    return anonymous_form_page(*d, ctx,
                               web::page(ctx, {t(ctx, "access.sign_up.title"), {}, errors.summary, ""},
                                         sign_up_form(ctx, form, errors)),
                               form_status(e));
  }
  return Response::redirect("/sign-up/check-email");
}

Response check_email(const Context& ctx, std::string_view body_key) {
  std::string html = h1(ctx, "access.check_email.title") + para(t(ctx, body_key)) +
                     para(t(ctx, "access.check_email.spam"));
  return page(ctx, "access.check_email.title", html);
}

Response follow_verify_link(const Deps& d, Context& ctx) {
  auto link_token = verify_email(d->db, ctx.request.query_param("token").value_or(""), d->now());
  if (!link_token) return link_gone(ctx, "access.verify.gone", "/login", "access.verify.sign_in_for_new");
  return Response::redirect(web::with_done("/login", "access.verify.done"));
}

// ---- forgotten passwords

std::string forgot_form(const Context& ctx, const std::string& email, const web::FormErrors& errors) {
  return h1(ctx, "access.forgot.title") + para(t(ctx, "access.forgot.intro")) + form_open(ctx, "/forgot-password") +
         web::text_input(ctx.locale, input(ctx, "email", "access.login.email", errors, email, "email", "email")) +
         web::button({t(ctx, "access.forgot.submit"), false, "", ""}) + "</form>";
}

Response submit_forgot(const Deps& d, Context& ctx) {
  auto email = web::value_of(ctx.request.form(), "email");
  try {
    request_password_reset(d->db, ctx.principal.organisation_id, email, d->public_url, d->now());
  } catch (const core::Error& e) {
    auto errors = web::form_errors(ctx, e, "email");
    return anonymous_form_page(
        *d, ctx, web::page(ctx, {t(ctx, "access.forgot.title"), {}, errors.summary, ""}, forgot_form(ctx, email, errors)),
        form_status(e));
  }
  return Response::redirect("/forgot-password/sent");
}

std::string reset_form(const Context& ctx, const std::string& token, const web::FormErrors& errors) {
  return h1(ctx, "access.reset.title") + form_open(ctx, "/reset-password") +
         "<input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">" +
         password_input(ctx, "password", "access.reset.new_password", errors, "new-password", true) +
         web::button({t(ctx, "access.reset.submit"), false, "", ""}) + "</form>";
}

Response show_reset(const Deps& d, Context& ctx) {
  auto token = ctx.request.query_param("token").value_or("");
  {
    auto c = d->db.acquire();
    if (!find_token(*c, token, TokenPurpose::reset_password, d->now(), false))
      return link_gone(ctx, "access.reset.gone", "/forgot-password", "access.reset.ask_again");
  }
  return anonymous_form_page(*d, ctx, web::page(ctx, {t(ctx, "access.reset.title"), {}, {}, ""}, reset_form(ctx, token, {})));
}

Response submit_reset(const Deps& d, Context& ctx) {
  auto form = ctx.request.form();
  auto token = web::value_of(form, "token");
  try {
    reset_password(d->db, token, web::value_of(form, "password"), d->now());
  } catch (const core::Error& e) {
    if (e.http_status() == 410) return link_gone(ctx, "access.reset.gone", "/forgot-password", "access.reset.ask_again");
    auto errors = web::form_errors(ctx, e, "password");
    return anonymous_form_page(
        *d, ctx, web::page(ctx, {t(ctx, "access.reset.title"), {}, errors.summary, ""}, reset_form(ctx, token, errors)),
        form_status(e));
  }
  return Response::redirect(web::with_done("/login", "access.reset.done"));
}

// ---- the account

std::string language_name(std::string_view locale) { return locale == "cy" ? "Cymraeg" : "English"; }

Response show_account(const Deps& d, Context& ctx) {
  auto c = d->db.acquire();
  auto details = account_details(*c, ctx.principal.account_id);
  if (!details) throw core::unauthenticated();
  auto organisation = find_organisation(*c, ctx.principal.organisation_id);
  auto change = [&](std::string_view href, std::string_view what_key) {
    return " <a class=\"govuk-link\" href=\"" + escape(href) + "\">" + escape(t(ctx, "access.account.change")) +
           "<span class=\"govuk-visually-hidden\"> " + escape(t(ctx, what_key)) + "</span></a>";
  };
  std::string html = web::done_banner(ctx) + h1(ctx, "access.account.title");
  html += web::summary_list({
      {t(ctx, "access.account.name"), escape(details->display_name) + change("/account/details", "access.account.name")},
      {t(ctx, "access.login.email"), escape(details->email) + change("/account/email", "access.login.email")},
      {t(ctx, "access.login.password"), "********" + change("/account/password", "access.login.password")},
      {t(ctx, "access.account.language"),
       escape(language_name(details->locale)) + change("/account/details", "access.account.language")},
      {t(ctx, "access.account.role"),
       escape(t(ctx, "access.role." + std::string(core::to_string(ctx.principal.role.value_or(core::Role::resident))))) +
           (organisation ? " (" + escape(organisation->name) + ")" : std::string())},
  });

  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "access.sessions.title")) + "</h2>";
  web::Table table;
  table.caption = t(ctx, "access.sessions.caption");
  table.headers = {t(ctx, "access.sessions.organisation"), t(ctx, "access.sessions.device"),
                   t(ctx, "access.sessions.signed_in"), t(ctx, "access.sessions.last_seen")};
  table.stack_on_narrow = true;
  for (const auto& s : list_sessions(*c, ctx.principal)) {
    auto device = s.device.empty() ? t(ctx, "access.sessions.unknown_device") : s.device;
    if (s.current) device += " (" + t(ctx, "access.sessions.this_one") + ")";
    table.rows_html.push_back({escape(s.organisation_name), escape(device),
                               escape(i18n::format_date(ctx.locale, s.created_at.substr(0, 10))),
                               escape(i18n::format_date(ctx.locale, s.last_seen_at.substr(0, 10)))});
  }
  html += web::table(table) + form_open(ctx, "/account/sign-out-everywhere") +
          web::button({t(ctx, "access.sessions.sign_out_everywhere"), true, "", ""}) + "</form>";

  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "access.account.more")) + "</h2><ul class=\"govuk-list\">";
  html += "<li>" + link("/notifications/settings", t(ctx, "access.account.notification_settings")) + "</li>";
  for (const auto& entry : d->registry.account_links(ctx.principal))
    html += "<li>" + link(entry.href, t(ctx, entry.label_key)) + "</li>";
  html += "<li>" + link("/account/tokens", t(ctx, "access.tokens.title")) + "</li>";
  html += "<li>" + link("/account/data", t(ctx, "access.account.download")) + "</li>";
  html += "<li>" + link("/account/delete", t(ctx, "access.delete.title")) + "</li></ul>";
  return page(ctx, "access.account.title", html);
}

// A one-form page under the account: its heading, its fields and its button.
struct AccountForm {
  std::string_view title_key, action, submit_key;
  std::function<std::string(const Context&, const http::Fields&, const web::FormErrors&)> fields;
};

Response account_form(const Context& ctx, const AccountForm& f, const http::Fields& typed,
                      const web::FormErrors& errors, int status = 200) {
  std::string html = h1(ctx, f.title_key) + form_open(ctx, f.action) + f.fields(ctx, typed, errors) +
                     "<div class=\"govuk-button-group\">" + web::button({t(ctx, f.submit_key), false, "", ""}) +
                     link("/account", t(ctx, "access.account.cancel")) + "</div></form>";
  return page(ctx, f.title_key, html, errors, account_crumbs(ctx), status);
}

// GET shows the form; POST runs `act`, which answers (a redirect to a page
// that says it happened), or re-shows the form with what was typed and the errors.
void account_form_routes(module::Loader& l, const Deps& d, AccountForm form,
                         std::function<http::Fields(const Deps&, const Context&)> initial,
                         std::function<Response(const Deps&, Context&, const http::Fields&)> act,
                         const char* get_doc, const char* post_doc) {
  auto f = std::make_shared<AccountForm>(std::move(form));
  l.page(Method::get, std::string(f->action), module::kSignedIn,
         [d, f, initial](Context& ctx) { return account_form(ctx, *f, initial(d, ctx), {}); }, get_doc);
  l.page(Method::post, std::string(f->action), module::kSignedIn,
         [d, f, act](Context& ctx) {
           auto typed = ctx.request.form();
           try {
             return act(d, ctx, typed);
           } catch (const core::Error& e) {
             if (e.http_status() == 401 || e.http_status() == 403) throw;
             auto errors = web::form_errors(ctx, e, "current_password");
             return account_form(ctx, *f, typed, errors, form_status(e));
           }
         },
         post_doc);
}

http::Fields current_details(const Deps& d, const Context& ctx) {
  auto c = d->db.acquire();
  auto details = account_details(*c, ctx.principal.account_id);
  if (!details) throw core::unauthenticated();
  return {{"display_name", details->display_name}, {"locale", details->locale}};
}

Response download_data(const Deps& d, Context& ctx) {
  auto c = d->db.acquire();
  auto data = personal_data(*c, d->registry, ctx.principal.account_id);
  auto response = Response::json(data);
  response.set_header("Content-Disposition", "attachment; filename=\"my-coproduce-data.json\"");
  return response;
}

constexpr int kOneYearSeconds = 365 * 24 * 60 * 60;

std::string cleared_cookie(const PeopleDeps& d) {
  return http::make_cookie(d.options.session_cookie(), "", 0, d.options.secure_cookies);
}

// ---- API tokens

constexpr int kTokenLifeChoices[] = {30, 90, 365};

std::string tokens_page_html(const Deps& d, const Context& ctx, const web::FormErrors& errors,
                             const http::Fields& typed, const std::string& new_secret) {
  auto c = d->db.acquire();
  std::string html = web::done_banner(ctx);
  if (!new_secret.empty())
    html += web::notification_banner(ctx.locale, t(ctx, "access.tokens.created"),
                                     "<p class=\"govuk-body\">" + escape(t(ctx, "access.tokens.copy_now")) +
                                         "</p><p class=\"govuk-body app-secret\"><code>" + escape(new_secret) +
                                         "</code></p>",
                                     true);
  html += h1(ctx, "access.tokens.title") + para(t(ctx, "access.tokens.intro"));
  auto tokens = list_api_tokens(*c, ctx.principal);
  if (tokens.empty()) {
    html += para(t(ctx, "access.tokens.none"));
  } else {
    web::Table table;
    table.caption = t(ctx, "access.tokens.caption");
    table.headers = {t(ctx, "access.tokens.name"), t(ctx, "access.tokens.created_at"), t(ctx, "access.tokens.last_used"),
                     t(ctx, "access.tokens.expires"), t(ctx, "access.tokens.action")};
    table.stack_on_narrow = true;
    auto date = [&](const std::optional<std::string>& iso) {
      return iso ? escape(i18n::format_date(ctx.locale, iso->substr(0, 10))) : escape(t(ctx, "access.tokens.never"));
    };
    for (const auto& token : tokens) {
      std::string action = token.revoked
                               ? web::tag(t(ctx, "access.tokens.revoked"), "grey")
                               : form_open(ctx, "/account/tokens/" + token.id + "/revoke") +
                                     "<button class=\"govuk-button govuk-button--warning govuk-!-margin-bottom-0\" "
                                     "data-module=\"govuk-button\">" +
                                     escape(t(ctx, "access.tokens.revoke")) +
                                     "<span class=\"govuk-visually-hidden\"> " + escape(token.name) +
                                     "</span></button></form>";
      table.rows_html.push_back({escape(token.name), date(token.created_at), date(token.last_used_at),
                                 date(token.expires_at), action});
    }
    html += web::table(table);
  }
  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "access.tokens.new")) + "</h2>" +
          form_open(ctx, "/account/tokens");
  html += web::text_input(ctx.locale, input(ctx, "name", "access.tokens.name", errors, web::value_of(typed, "name"),
                                            "text", "off", t(ctx, "access.tokens.name_hint")));
  web::Choices life;
  life.id = "expires_in_days";
  life.name = "expires_in_days";
  life.legend = t(ctx, "access.tokens.life");
  life.error = errors["expires_in_days"];
  for (int days : kTokenLifeChoices)
    life.options.push_back({std::to_string(days), i18n::plural(ctx.locale, "access.tokens.days", days), ""});
  auto chosen = web::value_of(typed, "expires_in_days");
  life.selected = {chosen.empty() ? "90" : chosen};
  life.small = true;
  html += web::radios(ctx.locale, life);
  html += web::button({t(ctx, "access.tokens.create"), false, "", ""}) + "</form>";
  return html;
}

Response tokens_page(const Deps& d, const Context& ctx, const web::FormErrors& errors, const http::Fields& typed,
                     const std::string& new_secret, int status) {
  return page(ctx, "access.tokens.title", tokens_page_html(d, ctx, errors, typed, new_secret), errors,
              account_crumbs(ctx), status);
}

Response create_token_from_form(const Deps& d, Context& ctx) {
  if (ctx.principal.via_api_token) throw core::forbidden();
  auto typed = ctx.request.form();
  try {
    auto days = parse_token_life(web::value_of(typed, "expires_in_days"));
    auto c = d->db.acquire();
    auto created = c->transaction(
        [&] { return insert_api_token(*c, ctx.principal, web::value_of(typed, "name"), d->now(), days); });
    return tokens_page(d, ctx, {}, {}, created.secret, 201);
  } catch (const core::Error& e) {
    if (e.http_status() >= 500 || e.http_status() == 401 || e.http_status() == 403) throw;
    return tokens_page(d, ctx, web::form_errors(ctx, e, "name"), typed, "", 422);
  }
}

}  // namespace

std::chrono::days parse_token_life(const std::string& text) {
  for (int days : kTokenLifeChoices)
    if (text == std::to_string(days)) return std::chrono::days(days);
  if (text.empty()) return std::chrono::days(90);
  throw core::localised(422, "invalid", "access.error.token_life", "expires_in_days");
}

Response anonymous_form_page(const PeopleDeps& deps, const Context& ctx, std::string html, int status) {
  auto response = Response::html(std::move(html), status);
  response.set_header("Cache-Control", "no-store");
  if (auto cookie = anonymous_csrf_cookie(ctx, deps.options)) response.headers.emplace_back("Set-Cookie", *cookie);
  return response;
}

void add_account_pages(module::Loader& l, Deps d) {
  using module::kPublic;
  using module::kSignedIn;
  auto bind = [d](Response (*handler)(const Deps&, Context&)) {
    return [d, handler](Context& ctx) { return handler(d, ctx); };
  };

  l.page(Method::get, "/sign-up", kPublic, bind(show_sign_up), "Create an account as a resident");
  l.page(Method::post, "/sign-up", kPublic, bind(submit_sign_up),
         "Create an account; a link to confirm the address is emailed");
  l.page(Method::get, "/sign-up/check-email", kPublic,
         [](Context& ctx) { return check_email(ctx, "access.check_email.sign_up"); },
         "Says that a confirmation link was emailed");
  l.page(Method::get, "/verify-email", kPublic, bind(follow_verify_link),
         "Confirm an email address by its emailed link (?token=)");
  l.page(Method::get, "/forgot-password", kPublic,
         [d](Context& ctx) {
           return anonymous_form_page(*d, ctx, web::page(ctx, {t(ctx, "access.forgot.title"), {}, {}, ""},
                                                          forgot_form(ctx, "", {})));
         },
         "Ask for a link to reset a forgotten password");
  l.page(Method::post, "/forgot-password", kPublic, bind(submit_forgot),
         "Email a reset link if the address has an account; the answer is the same either way");
  l.page(Method::get, "/forgot-password/sent", kPublic,
         [](Context& ctx) { return check_email(ctx, "access.check_email.reset"); },
         "Says that a reset link was emailed if the address has an account");
  l.page(Method::get, "/reset-password", kPublic, bind(show_reset), "Choose a new password by an emailed link (?token=)");
  l.page(Method::post, "/reset-password", kPublic, bind(submit_reset),
         "Set the new password; every session of the account ends");

  l.page(Method::get, "/account", kSignedIn, bind(show_account),
         "Your account: details, sessions, your data, API tokens");
  account_form_routes(
      l, d,
      {"access.details.title", "/account/details", "access.details.submit",
       [](const Context& ctx, const http::Fields& typed, const web::FormErrors& errors) {
         return web::text_input(ctx.locale, input(ctx, "display_name", "access.account.name", errors,
                                                  web::value_of(typed, "display_name"), "text", "name",
                                                  t(ctx, "access.account.name_hint"))) +
                language_radios(ctx, web::value_of(typed, "locale"), errors);
       }},
      current_details,
      [](const Deps& d, Context& ctx, const http::Fields& typed) {
        auto locale = web::value_of(typed, "locale");
        update_profile(d->db, ctx.principal, web::value_of(typed, "display_name"), locale);
        // The pages follow the language chosen at once, in this browser too
        // (whose switch may have chosen another before).
        auto response = Response::redirect(web::with_done("/account", "access.details.done"));
        response.headers.emplace_back("Set-Cookie", http::make_cookie(i18n::kLanguageCookie, locale, kOneYearSeconds,
                                                                      d->options.secure_cookies || ctx.request.secure));
        return response;
      },
      "Change your name and language", "Save your name and language");
  account_form_routes(
      l, d,
      {"access.change_email.title", "/account/email", "access.change_email.submit",
       [](const Context& ctx, const http::Fields& typed, const web::FormErrors& errors) {
         return para(t(ctx, "access.change_email.intro")) +
                web::text_input(ctx.locale, input(ctx, "new_email", "access.change_email.new", errors,
                                                  web::value_of(typed, "new_email"), "email", "email")) +
                password_input(ctx, "current_password", "access.account.current_password", errors,
                               "current-password", false);
       }},
      [](const Deps&, const Context&) { return http::Fields{}; },
      [](const Deps& d, Context& ctx, const http::Fields& typed) {
        request_email_change(d->db, ctx.principal, web::value_of(typed, "new_email"),
                             web::value_of(typed, "current_password"), d->public_url, d->now());
        return Response::redirect(web::with_done("/account", "access.change_email.done"));
      },
      "Change your email address", "Email a confirmation link to the new address");
  account_form_routes(
      l, d,
      {"access.change_password.title", "/account/password", "access.change_password.submit",
       [](const Context& ctx, const http::Fields&, const web::FormErrors& errors) {
         return password_input(ctx, "current_password", "access.account.current_password", errors,
                               "current-password", false) +
                password_input(ctx, "password", "access.reset.new_password", errors, "new-password", true) +
                para(t(ctx, "access.change_password.others_end"));
       }},
      [](const Deps&, const Context&) { return http::Fields{}; },
      [](const Deps& d, Context& ctx, const http::Fields& typed) {
        change_password(d->db, ctx.principal, web::value_of(typed, "current_password"),
                        web::value_of(typed, "password"));
        return Response::redirect(web::with_done("/account", "access.change_password.done"));
      },
      "Change your password", "Change your password; your other sessions end");
  l.page(Method::get, "/account/email/confirm", kPublic,
         [d](Context& ctx) {
           try {
             confirm_email_change(d->db, ctx.request.query_param("token").value_or(""), d->now());
           } catch (const core::Error& e) {
             if (e.http_status() != 410 && e.http_status() != 409) throw;
             return link_gone(ctx, e.http_status() == 409 ? "access.error.email_taken" : "access.change_email.gone",
                              "/account/email", "access.change_email.try_again");
           }
           return Response::redirect(
               web::with_done(ctx.principal.signed_in() ? "/account" : "/login", "access.change_email.confirmed.done"));
         },
         "Confirm a new email address by its emailed link (?token=)");
  l.page(Method::post, "/account/sign-out-everywhere", kSignedIn,
         [d](Context& ctx) {
           sign_out_everywhere(d->db, ctx.principal);
           auto response = Response::redirect(web::with_done("/login", "access.sessions.ended.done"));
           response.headers.emplace_back("Set-Cookie", cleared_cookie(*d));
           return response;
         },
         "End every session of your account, this one too");
  l.page(Method::get, "/account/data", kSignedIn, bind(download_data),
         "Download everything kept about you (JSON)");
  l.page(Method::get, "/account/delete", kSignedIn,
         [d](Context& ctx) {
           bool alone = false;
           {
             auto c = d->db.acquire();
             alone = !organisations_it_alone_runs(*c, ctx.principal.account_id).empty();
           }
           if (alone) {
             // Said before any password is asked for: the way forward, not a refusal after it.
             std::string html = h1(ctx, "access.delete.title") +
                                web::inset_text(escape(t(ctx, "access.error.delete_last_officer"))) +
                                para(t(ctx, "access.delete.what_stays"));
             if (ctx.principal.has(core::Role::officer))
               html += "<p class=\"govuk-body\">" + link("/members", t(ctx, "access.members.title")) + "</p>";
             html += "<p class=\"govuk-body\">" + link("/account", t(ctx, "access.account.title")) + "</p>";
             return page(ctx, "access.delete.title", html, {}, account_crumbs(ctx));
           }
           std::string html = h1(ctx, "access.delete.title") + para(t(ctx, "access.delete.what_goes")) +
                              para(t(ctx, "access.delete.what_stays")) + form_open(ctx, "/account/delete") +
                              password_input(ctx, "current_password", "access.account.current_password", {},
                                             "current-password", false) +
                              "<button class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">" +
                              escape(t(ctx, "access.delete.submit")) + "</button></form>";
           return page(ctx, "access.delete.title", html, {}, account_crumbs(ctx));
         },
         "What deleting your account does, and the form to do it");
  l.page(Method::post, "/account/delete", kSignedIn,
         [d](Context& ctx) {
           try {
             delete_account(d->db, d->registry, ctx.principal, web::value_of(ctx.request.form(), "current_password"));
           } catch (const core::Error& e) {
             if (e.http_status() == 401 || e.http_status() >= 500) throw;
             auto errors = web::form_errors(ctx, e, "current_password");
             std::string html = h1(ctx, "access.delete.title") + para(t(ctx, "access.delete.what_goes")) +
                                para(t(ctx, "access.delete.what_stays")) + form_open(ctx, "/account/delete") +
                                password_input(ctx, "current_password", "access.account.current_password", errors,
                                               "current-password", false) +
                                "<button class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">" +
                                escape(t(ctx, "access.delete.submit")) + "</button></form>";
             return page(ctx, "access.delete.title", html, errors, account_crumbs(ctx), form_status(e));
           }
           auto response = Response::redirect(web::with_done("/login", "access.delete.done"));
           response.headers.emplace_back("Set-Cookie", cleared_cookie(*d));
           return response;
         },
         "Delete your account; what you contributed stays, without your name");

  l.page(Method::get, "/account/tokens", kSignedIn,
         [d](Context& ctx) { return tokens_page(d, ctx, {}, {}, "", 200); },
         "Your API tokens: name, expiry, last use; make or revoke one");
  l.page(Method::post, "/account/tokens", kSignedIn, bind(create_token_from_form),
         "Make an API token; its secret is shown on this page once");
  l.page(Method::post, "/account/tokens/{id}/revoke", kSignedIn,
         [d](Context& ctx) {
           const auto& id = ctx.param("id");
           auto c = d->db.acquire();
           bool found = core::looks_like_id(id) && c->transaction([&] { return revoke_api_token(*c, ctx.principal, id); });
           if (!found) throw core::localised(404, "not_found", "access.error.token_not_found");
           return Response::redirect(web::with_done("/account/tokens", "access.tokens.revoked.done"));
         },
         "Revoke one of your API tokens");
}

}  // namespace coproduce::access

// Members and invitations, as pages for officers and as the JSON API: invite
// by email with a role, see and revoke pending invitations, change a
// member's role, remove a member; and the page where an invited person
// accepts, signed in or by creating their account there.
#include <boost/json.hpp>

#include "access/accounts.hpp"
#include "access/members.hpp"
#include "access/passwords.hpp"
#include "access/people_pages.hpp"
#include "access/repository.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "http/fields.hpp"
#include "i18n/i18n.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"
#include "notify/outbox.hpp"

namespace coproduce::access {
namespace {

using http::Context;
using http::Method;
using http::Response;
using web::escape;
namespace json = boost::json;
using Deps = std::shared_ptr<const PeopleDeps>;
constexpr const char* kManage = "access.manage_members";
constexpr const char* kMembersPath = "/members";

std::string role_name(const Context& ctx, core::Role role) {
  return t(ctx, "access.role." + std::string(core::to_string(role)));
}
std::string h1(const Context&, std::string_view text) {
  return "<h1 class=\"govuk-heading-l\">" + escape(text) + "</h1>";
}
std::string date(const Context& ctx, const std::string& iso) {
  return iso.size() >= 10 ? i18n::format_date(ctx.locale, iso.substr(0, 10)) : iso;
}

web::Choices role_choices(const Context& ctx, const std::string& legend, const std::string& selected,
                          const std::string& error) {
  web::Choices c;
  c.id = "role";
  c.name = "role";
  c.legend = legend;
  c.error = error;
  for (auto role : core::kAllRoles)
    c.options.push_back({std::string(core::to_string(role)), role_name(ctx, role),
                         t(ctx, "access.role_hint." + std::string(core::to_string(role)))});
  c.selected = {selected};
  return c;
}

Response page(const Context& ctx, const std::string& title, const std::string& html, const web::FormErrors& errors = {},
              std::vector<web::Breadcrumb> crumbs = {}, int status = 200) {
  return Response::html(web::page(ctx, {title, std::move(crumbs), errors.summary, kMembersPath}, html), status);
}

// ---- the members page

Response members_page(const Deps& d, const Context& ctx, const http::Fields& typed = {},
                      const web::FormErrors& errors = {}, int status = 200) {
  auto c = d->db.acquire();
  const auto& org = ctx.principal.organisation_id;
  std::string html = web::done_banner(ctx) + h1(ctx, t(ctx, "access.members.title"));

  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "access.invite.title")) + "</h2>" +
          para(t(ctx, "access.invite.intro")) + form_open(ctx, "/members/invite");
  web::TextInput email;
  email.id = email.name = "email";
  email.label = t(ctx, "access.invite.email");
  email.type = "email";
  email.autocomplete = "off";
  email.value = web::value_of(typed, "email");
  email.error = errors["email"];
  html += web::text_input(ctx.locale, email);
  auto chosen = web::value_of(typed, "role");
  html += web::radios(ctx.locale, role_choices(ctx, t(ctx, "access.invite.role"), chosen.empty() ? "resident" : chosen,
                                               errors["role"]));
  html += web::button({t(ctx, "access.invite.submit"), false, "", ""}) + "</form>";

  auto invitations = pending_invitations(*c, org, d->now());
  if (!invitations.empty()) {
    web::Table table;
    table.caption = t(ctx, "access.invitations.caption");
    table.headers = {t(ctx, "access.invite.email"), t(ctx, "access.members.role"), t(ctx, "access.invitations.by"),
                     t(ctx, "access.invitations.expires"), t(ctx, "access.members.action")};
    table.stack_on_narrow = true;
    for (const auto& i : invitations)
      table.rows_html.push_back(
          {escape(i.email), escape(role_name(ctx, i.role)), escape(i.invited_by), escape(date(ctx, i.expires_at)),
           form_open(ctx, "/invitations/" + i.id + "/revoke") +
               "<button class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
               "data-module=\"govuk-button\">" +
               escape(t(ctx, "access.invitations.revoke")) + "<span class=\"govuk-visually-hidden\"> " +
               escape(i.email) + "</span></button></form>"});
    html += web::table(table);
  }

  web::Table members;
  members.caption = t(ctx, "access.members.caption");
  members.headers = {t(ctx, "access.account.name"), t(ctx, "access.login.email"), t(ctx, "access.members.role"),
                     t(ctx, "access.members.since"), t(ctx, "access.members.action")};
  members.stack_on_narrow = true;
  for (const auto& m : list_members(*c, org))
    members.rows_html.push_back(
        {escape(m.display_name), escape(m.email), escape(role_name(ctx, m.role)), escape(date(ctx, m.since)),
         "<a class=\"govuk-link\" href=\"/members/" + escape(m.account_id) + "\">" +
             escape(t(ctx, "access.members.manage")) + "<span class=\"govuk-visually-hidden\"> " +
             escape(m.display_name) + "</span></a>"});
  html += web::table(members);
  return page(ctx, t(ctx, "access.members.title"), html, errors, {}, status);
}

Response member_page(const Deps& d, const Context& ctx, const web::FormErrors& errors = {}, int status = 200) {
  auto c = d->db.acquire();
  auto member = find_member(*c, ctx.principal.organisation_id, ctx.param("id"));
  if (!member) throw core::localised(404, "not_found", "access.error.member_not_found");
  std::string html = h1(ctx, member->display_name);
  html += web::summary_list({{t(ctx, "access.login.email"), escape(member->email)},
                             {t(ctx, "access.members.role"), escape(role_name(ctx, member->role))},
                             {t(ctx, "access.members.since"), escape(date(ctx, member->since))}});
  html += form_open(ctx, "/members/" + member->account_id + "/role") +
          web::radios(ctx.locale, role_choices(ctx, t(ctx, "access.members.change_role"),
                                               std::string(core::to_string(member->role)), errors["role"])) +
          web::button({t(ctx, "access.members.save_role"), false, "", ""}) + "</form>";
  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "access.members.remove_title")) + "</h2>" +
          para(t(ctx, "access.members.remove_intro")) + form_open(ctx, "/members/" + member->account_id + "/remove") +
          "<button class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">" +
          escape(t(ctx, "access.members.remove", {{"name", member->display_name}})) + "</button></form>";
  return page(ctx, member->display_name, html, errors, {{t(ctx, "access.members.title"), kMembersPath}}, status);
}

// ---- accepting an invitation

std::string session_cookie(const PeopleDeps& d, const std::string& value) {
  return http::make_cookie(d.options.session_cookie(), value, static_cast<int>(d.options.session_lifetime.count()),
                           d.options.secure_cookies);
}

// Signs the person in to the organisation they joined, replacing the session they had.
Response signed_in_to(const Deps& d, const Context& ctx, store::Connection& c, const std::string& organisation_id,
                      const std::string& account_id) {
  auto session = c.transaction([&] {
    if (!ctx.principal.session_id.empty())
      c.execute("DELETE FROM sessions WHERE organisation_id = $1 AND id = $2",
                {ctx.principal.organisation_id, ctx.principal.session_id});
    return insert_session(c, organisation_id, account_id, d->now(), d->options.session_lifetime,
                          device_name(ctx.request.header("user-agent").value_or("")));
  });
  auto response = Response::redirect(web::with_done("/account", "access.invitation.accepted.done"));
  response.headers.emplace_back("Set-Cookie", session_cookie(*d, session.cookie_value));
  return response;
}

std::string new_account_form(const Context& ctx, const std::string& token, const http::Fields& typed,
                             const web::FormErrors& errors) {
  web::TextInput name;
  name.id = name.name = "display_name";
  name.label = t(ctx, "access.account.name");
  name.hint = t(ctx, "access.account.name_hint");
  name.autocomplete = "name";
  name.value = web::value_of(typed, "display_name");
  name.error = errors["display_name"];
  web::TextInput password;
  password.id = password.name = "password";
  password.label = t(ctx, "access.login.password");
  password.hint = t(ctx, "access.password.hint");
  password.type = "password";
  password.autocomplete = "new-password";
  password.error = errors["password"];
  web::Choices language;
  language.id = language.name = "locale";
  language.legend = t(ctx, "access.account.language");
  language.options = {{"en", "English", ""}, {"cy", "Cymraeg", ""}};
  auto chosen = web::value_of(typed, "locale");
  language.selected = {chosen.empty() ? ctx.locale : chosen};
  language.error = errors["locale"];
  language.small = true;
  return "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "access.invitation.new_account")) + "</h2>" +
         form_open(ctx, "/invitations/accept") + "<input type=\"hidden\" name=\"token\" value=\"" + escape(token) +
         "\"><input type=\"hidden\" name=\"new_account\" value=\"1\">" + web::text_input(ctx.locale, name) +
         web::text_input(ctx.locale, password) + web::radios(ctx.locale, language) +
         web::button({t(ctx, "access.invitation.create_and_join"), false, "", ""}) + "</form>";
}

Response invitation_page(const Deps& d, const Context& ctx, const std::string& token, const http::Fields& typed = {},
                         const web::FormErrors& errors = {}, int status = 200) {
  auto c = d->db.acquire();
  auto invitation = find_invitation(*c, token, d->now());
  if (!invitation) {
    std::string html = h1(ctx, t(ctx, "access.link.gone_title")) + para(t(ctx, "access.error.invitation_invalid"));
    return anonymous_form_page(*d, ctx, web::page(ctx, {t(ctx, "access.link.gone_title"), {}, {}, ""}, html), 410);
  }
  auto title = t(ctx, "access.invitation.title", {{"organisation", invitation->organisation_name}});
  std::string html = h1(ctx, title) +
                     para(t(ctx, "access.invitation.intro", {{"inviter", invitation->invited_by},
                                                             {"role", role_name(ctx, invitation->role)},
                                                             {"email", invitation->email}}));
  auto accept_form = form_open(ctx, "/invitations/accept") + "<input type=\"hidden\" name=\"token\" value=\"" +
                     escape(token) + "\">" + web::button({t(ctx, "access.invitation.accept"), false, "", ""}) + "</form>";
  if (ctx.principal.signed_in()) {
    auto me = find_account(*c, ctx.principal.account_id);
    if (me && me->email == invitation->email) html += accept_form;
    else html += web::inset_text(escape(t(ctx, "access.error.invitation_other_address")));
  } else {
    bool has_account = find_account_by_email(*c, invitation->email).has_value();
    auto sign_in = "/login?return=" + web::url_encode("/invitations/accept?token=" + token);
    if (has_account)
      html += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" + escape(sign_in) + "\">" +
              escape(t(ctx, "access.invitation.sign_in")) + "</a></p>";
    else
      html += new_account_form(ctx, token, typed, errors);
  }
  return anonymous_form_page(*d, ctx, web::page(ctx, {title, {}, errors.summary, ""}, html), status);
}

Response accept(const Deps& d, Context& ctx) {
  auto form = ctx.request.form();
  auto token = web::value_of(form, "token");
  auto c = d->db.acquire();
  if (!find_invitation(*c, token, d->now())) return invitation_page(d, ctx, token);
  if (web::value_of(form, "new_account").empty()) {
    if (!ctx.principal.signed_in())
      return Response::redirect("/login?return=" + web::url_encode("/invitations/accept?token=" + token));
    auto organisation = c->transaction([&] { return accept_invitation(*c, token, ctx.principal.account_id, d->now()); });
    return signed_in_to(d, ctx, *c, organisation, ctx.principal.account_id);
  }
  // A new account: the same checks as signing up, the address proven by the link.
  std::vector<core::FieldProblem> problems;
  auto name = web::value_of(form, "display_name");
  auto password = web::value_of(form, "password");
  auto locale = web::value_of(form, "locale");
  if (name.find_first_not_of(" \t") == std::string::npos) problems.push_back({"display_name", "access.error.name_required"});
  else if (name.size() > 200) problems.push_back({"display_name", "access.error.name_too_long"});
  if (password.empty()) problems.push_back({"password", "access.error.password_required"});
  else if (password.size() > kMaxPasswordBytes) problems.push_back({"password", "access.error.password_too_long"});
  else if (password_characters(password) < kMinPasswordCharacters)
    problems.push_back({"password", "access.error.password_too_short"});
  if (locale != "en" && locale != "cy") problems.push_back({"locale", "access.error.locale"});
  if (!problems.empty())
    return invitation_page(d, ctx, token, form, web::form_errors(ctx, problems), 422);
  auto hash = password_hasher().hash(password);
  std::string organisation, account;
  try {
    c->transaction([&] {
      organisation = find_invitation(*c, token, d->now()).value().organisation_id;
      account = accept_with_new_account(*c, token, name, hash, locale, d->now());
    });
  } catch (const core::Error& e) {
    if (e.http_status() != 409) throw;
    return invitation_page(d, ctx, token, form, web::form_errors(ctx, e, "display_name"), 409);
  }
  return signed_in_to(d, ctx, *c, organisation, account);
}

// ---- JSON

json::object member_json(const Member& m) {
  return {{"account_id", m.account_id}, {"display_name", m.display_name}, {"email", m.email},
          {"role", core::to_string(m.role)}, {"since", m.since}};
}

json::object invitation_json(const Invitation& i) {
  return {{"id", i.id}, {"email", i.email}, {"role", core::to_string(i.role)}, {"invited_by", i.invited_by},
          {"created_at", i.created_at}, {"expires_at", i.expires_at}};
}

http::Fields json_fields(const Context& ctx, const std::vector<std::string>& allowed) {
  return http::fields_from_json(ctx.request.body, allowed);
}

}  // namespace

void add_member_pages(module::Loader& l, Deps d) {
  using module::Api;
  using module::kPublic;

  l.nav({kMembersPath, "access.members.nav", kManage, 80});
  l.page(Method::get, kMembersPath, kManage, [d](Context& ctx) { return members_page(d, ctx); },
         "Members and pending invitations; invite someone with a role");
  l.page(Method::post, "/members/invite", kManage,
         [d](Context& ctx) {
           auto typed = ctx.request.form();
           try {
             auto c = d->db.acquire();
             c->transaction([&] {
               invite(*c, ctx.principal, web::value_of(typed, "email"), web::value_of(typed, "role"), d->public_url,
                      d->now());
             });
             notify::wake_sender();
           } catch (const core::Error& e) {
             if (e.http_status() >= 500) throw;
             return members_page(d, ctx, typed, web::form_errors(ctx, e, "email"), 422);
           }
           return Response::redirect(web::with_done(kMembersPath, "access.invite.done"));
         },
         "Invite someone by email with a role; they join when they accept");
  l.page(Method::post, "/invitations/{id}/revoke", kManage,
         [d](Context& ctx) {
           auto c = d->db.acquire();
           if (!c->transaction([&] { return revoke_invitation(*c, ctx.principal, ctx.param("id")); }))
             throw core::localised(404, "not_found", "access.error.invitation_not_found");
           return Response::redirect(web::with_done(kMembersPath, "access.invitations.revoked.done"));
         },
         "Revoke a pending invitation");
  l.page(Method::get, "/members/{id}", kManage, [d](Context& ctx) { return member_page(d, ctx); },
         "One member: change their role or remove them");
  l.page(Method::post, "/members/{id}/role", kManage,
         [d](Context& ctx) {
           auto role = core::parse_role(web::value_of(ctx.request.form(), "role"));
           try {
             if (!role) throw core::localised(422, "invalid", "access.error.role_required", "role");
             auto c = d->db.acquire();
             c->transaction([&] { change_role(*c, ctx.principal, ctx.param("id"), *role); });
             notify::wake_sender();
           } catch (const core::Error& e) {
             if (e.http_status() != 422 && e.http_status() != 409) throw;
             return member_page(d, ctx, web::form_errors(ctx, e, "role"), e.http_status());
           }
           return Response::redirect(web::with_done(kMembersPath, "access.members.role_changed.done"));
         },
         "Change a member's role; they are told");
  l.page(Method::post, "/members/{id}/remove", kManage,
         [d](Context& ctx) {
           try {
             auto c = d->db.acquire();
             c->transaction([&] { remove_member(*c, ctx.principal, ctx.param("id")); });
           } catch (const core::Error& e) {
             if (e.http_status() != 409) throw;
             return member_page(d, ctx, web::form_errors(ctx, e, "role"), 409);
           }
           return Response::redirect(web::with_done(kMembersPath, "access.members.removed.done"));
         },
         "Remove a member; what they contributed stays");
  l.page(Method::get, "/invitations/accept", kPublic,
         [d](Context& ctx) { return invitation_page(d, ctx, ctx.request.query_param("token").value_or("")); },
         "An invitation: accept it signed in, or by creating an account (?token=)");
  l.page(Method::post, "/invitations/accept", kPublic, [d](Context& ctx) { return accept(d, ctx); },
         "Accept an invitation; signs you in to the organisation you joined");

  l.schema("Member", R"({"type": "object", "properties": {"account_id": {"type": "string"},
      "display_name": {"type": "string"}, "email": {"type": "string"},
      "role": {"type": "string", "enum": ["resident", "community_member", "professional", "councillor", "officer"]},
      "since": {"type": "string"}}})");
  l.schema("Invitation", R"({"type": "object", "properties": {"id": {"type": "string"},
      "email": {"type": "string"}, "role": {"type": "string"}, "invited_by": {"type": "string"},
      "created_at": {"type": "string"}, "expires_at": {"type": "string"}}})");
  l.api(Method::post, "/api/v1/invitations", kManage,
        [d](Context& ctx) {
          auto body = json_fields(ctx, {"email", "role"});
          auto c = d->db.acquire();
          auto id = c->transaction([&] {
            return invite(*c, ctx.principal, body["email"], body["role"], d->public_url, d->now());
          });
          notify::wake_sender();
          return Response::json(json::object{{"id", id}, {"status", "sent"}}, 202);
        },
        Api("Invite someone by email with a role. The answer is the same whether the address has an account "
            "or not; nobody joins until they accept the emailed link")
            .body(R"({"type": "object", "additionalProperties": false, "required": ["email", "role"],
                "properties": {"email": {"type": "string"},
                  "role": {"type": "string", "enum": ["resident", "community_member", "professional", "councillor", "officer"]}}})")
            .returns(202, "The invitation was sent",
                     R"({"type": "object", "properties": {"id": {"type": "string"}, "status": {"type": "string"}}})"));
  l.api(Method::get, "/api/v1/invitations", kManage,
        [d](Context& ctx) {
          auto c = d->db.acquire();
          json::array items;
          for (const auto& i : pending_invitations(*c, ctx.principal.organisation_id, d->now()))
            items.push_back(invitation_json(i));
          return Response::json(json::object{{"invitations", items}});
        },
        Api("Pending invitations, newest first")
            .returns(200, "The invitations",
                     R"({"type": "object", "properties": {"invitations": {"type": "array", "items": {"$ref": "#/components/schemas/Invitation"}}}})"));
  l.api(Method::del, "/api/v1/invitations/{id}", kManage,
        [d](Context& ctx) {
          auto c = d->db.acquire();
          if (!c->transaction([&] { return revoke_invitation(*c, ctx.principal, ctx.param("id")); }))
            throw core::localised(404, "not_found", "access.error.invitation_not_found");
          return Response{204, {}, {}};
        },
        Api("Revoke a pending invitation").returns(204, "Revoked"));
  l.api(Method::get, "/api/v1/members", kManage,
        [d](Context& ctx) {
          auto c = d->db.acquire();
          json::array items;
          for (const auto& m : list_members(*c, ctx.principal.organisation_id)) items.push_back(member_json(m));
          return Response::json(json::object{{"members", items}});
        },
        Api("The organisation's members and their roles")
            .returns(200, "The members",
                     R"({"type": "object", "properties": {"members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}}})"));
  l.api(Method::patch, "/api/v1/members/{id}", kManage,
        [d](Context& ctx) {
          auto body = json_fields(ctx, {"role"});
          auto role = core::parse_role(body["role"]);
          if (!role) throw core::localised(422, "invalid", "access.error.role_required", "role");
          auto c = d->db.acquire();
          c->transaction([&] { change_role(*c, ctx.principal, ctx.param("id"), *role); });
          notify::wake_sender();
          return Response::json(member_json(*find_member(*c, ctx.principal.organisation_id, ctx.param("id"))));
        },
        Api("Change a member's role; they are told. The last officer keeps the role")
            .body(R"({"type": "object", "additionalProperties": false, "required": ["role"],
                "properties": {"role": {"type": "string", "enum": ["resident", "community_member", "professional", "councillor", "officer"]}}})")
            .returns(200, "The member", "Member")
            .error(409, "The last officer cannot give up the role"));
  l.api(Method::del, "/api/v1/members/{id}", kManage,
        [d](Context& ctx) {
          auto c = d->db.acquire();
          c->transaction([&] { remove_member(*c, ctx.principal, ctx.param("id")); });
          return Response{204, {}, {}};
        },
        Api("Remove a member (their sessions and API tokens here end; what they contributed stays)")
            .returns(204, "Removed")
            .error(409, "The last officer cannot be removed"));
}

}  // namespace coproduce::access

// The organisation's details, policy pages and feedback: validation first,
// then the write and its audit event in one transaction (organisation.hpp).
#include "access/organisation.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "access/repository.hpp"
#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/ids.hpp"
#include "i18n/i18n.hpp"
#include "notify/outbox.hpp"

namespace coproduce::access {
namespace {

namespace json = boost::json;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trimmed(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Line ends as a browser's textarea sends them (CR LF) become LF.
std::string unix_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool is_single_line(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

void check_name(std::vector<core::FieldProblem>& problems, const std::string& field, const std::string& name,
                bool required) {
  if (name.empty()) {
    if (required) problems.push_back({field, "access.organisation.error.name_required"});
  } else if (characters(name) > kMaxOrganisationNameCharacters) {
    problems.push_back({field, "access.organisation.error.name_too_long"});
  } else if (!is_single_line(name)) {
    problems.push_back({field, "access.organisation.error.name_one_line"});
  }
}

// An email address, lower-cased, or "" for none; a problem on `field` otherwise.
std::string optional_email(std::vector<core::FieldProblem>& problems, const std::string& field,
                           const std::string& text) {
  if (trimmed(text).empty()) return {};
  try {
    return normalise_email(text);
  } catch (const core::Error&) {
    problems.push_back({field, "access.error.email_format"});
    return {};
  }
}

void throw_if_any(std::vector<core::FieldProblem> problems) {
  if (!problems.empty()) throw core::ValidationFailed(std::move(problems));
}

}  // namespace

std::size_t characters(std::string_view utf8) { return core::utf8_length(utf8); }

// ---- the organisation's details

std::optional<OrganisationDetails> organisation_details(store::Connection& c, const std::string& organisation_id) {
  auto row = c.query_one(
      "SELECT id, slug, name, name_cy, default_locale, contact_email FROM organisations WHERE id = $1",
      {organisation_id});
  if (!row) return std::nullopt;
  return OrganisationDetails{row->text(0), row->text(1), row->text(2), row->text(3), row->text(4), row->text(5)};
}

OrganisationDetails change_organisation(store::Database& db, const core::Principal& actor,
                                        const OrganisationChange& change) {
  std::vector<core::FieldProblem> problems;
  std::optional<std::string> name, name_cy, locale, email;
  if (change.name) {
    name = trimmed(*change.name);
    check_name(problems, "name", *name, true);
  }
  if (change.name_cy) {
    name_cy = trimmed(*change.name_cy);
    check_name(problems, "name_cy", *name_cy, false);
  }
  if (change.default_locale) {
    locale = trimmed(*change.default_locale);
    if (*locale != "en" && *locale != "cy") problems.push_back({"default_locale", "access.error.locale"});
  }
  if (change.contact_email) {
    if (change.contact_email->size() > 320) problems.push_back({"contact_email", "access.error.email_format"});
    else email = optional_email(problems, "contact_email", *change.contact_email);
  }
  throw_if_any(std::move(problems));

  auto c = db.acquire();
  return c->transaction([&] {
    auto current = organisation_details(*c, actor.organisation_id);
    if (!current) throw core::not_found("Organisation");
    json::object before, after;
    auto apply = [&](const char* column, const std::optional<std::string>& wanted, std::string& now) {
      if (!wanted || *wanted == now) return;
      before[column] = now;
      after[column] = *wanted;
      now = *wanted;
    };
    auto next = *current;
    apply("name", name, next.name);
    apply("name_cy", name_cy, next.name_cy);
    apply("default_locale", locale, next.default_locale);
    apply("contact_email", email, next.contact_email);
    if (after.empty()) return next;
    c->execute(
        "UPDATE organisations SET name = $2, name_cy = $3, default_locale = $4, contact_email = $5 WHERE id = $1",
        {next.id, next.name, next.name_cy, next.default_locale, next.contact_email});
    audit::record(*c, actor, "update", "organisation", next.id, json::value(before), json::value(after));
    return next;
  });
}

// ---- policy pages

bool is_policy_page(std::string_view page) {
  return std::find(kPolicyPages.begin(), kPolicyPages.end(), page) != kPolicyPages.end();
}

std::optional<CustomPolicy> custom_policy(store::Connection& c, const std::string& organisation_id,
                                          std::string_view page, std::string_view locale) {
  auto row = c.query_one(
      "SELECT body, updated_at FROM organisation_pages WHERE organisation_id = $1 AND page = $2 AND locale = $3",
      {organisation_id, std::string(page), std::string(locale)});
  if (!row) return std::nullopt;
  return CustomPolicy{row->text(0), row->text(1)};
}

std::string standard_policy(std::string_view page, std::string_view locale, const std::string& organisation_name) {
  return i18n::t(locale, "access.policy." + std::string(page) + ".standard", {{"organisation", organisation_name}});
}

void change_policy(store::Database& db, const core::Principal& actor, std::string_view page,
                   const std::string& body_en, const std::string& body_cy) {
  if (!is_policy_page(page)) throw core::localised(404, "not_found", "access.policy.error.no_such_page");
  std::vector<core::FieldProblem> problems;
  std::pair<std::string, std::string> bodies[] = {{"en", trimmed(unix_lines(body_en))},
                                                  {"cy", trimmed(unix_lines(body_cy))}};
  for (const auto& [locale, body] : bodies)
    if (characters(body) > kMaxPolicyCharacters) problems.push_back({"body_" + locale, "access.policy.error.too_long"});
  throw_if_any(std::move(problems));

  auto c = db.acquire();
  c->transaction([&] {
    auto now = core::now_utc();
    for (const auto& [locale, body] : bodies) {
      auto current = custom_policy(*c, actor.organisation_id, page, locale);
      if ((!current && body.empty()) || (current && current->body == body)) continue;
      c->execute("DELETE FROM organisation_pages WHERE organisation_id = $1 AND page = $2 AND locale = $3",
                 {actor.organisation_id, std::string(page), locale});
      if (!body.empty())
        c->execute(
            "INSERT INTO organisation_pages (organisation_id, page, locale, body, updated_at) "
            "VALUES ($1, $2, $3, $4, $5)",
            {actor.organisation_id, std::string(page), locale, body, now});
      // A null body: the platform's standard text is shown.
      json::object was{{"locale", locale}, {"body", current ? json::value(current->body) : json::value(nullptr)}};
      json::object is{{"locale", locale}, {"body", body.empty() ? json::value(nullptr) : json::value(body)}};
      audit::record(*c, actor, "update", "policy_page", std::string(page) + "." + locale, json::value(was),
                    json::value(is));
    }
  });
}

std::vector<std::string> paragraphs(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.push_back(std::move(current));
    current.clear();
  };
  auto lines = unix_lines(text);
  std::size_t start = 0;
  while (start <= lines.size()) {
    auto end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    auto line = trimmed(std::string_view(lines).substr(start, end - start));
    if (line.empty()) flush();
    else current += (current.empty() ? "" : "\n") + line;
    start = end + 1;
  }
  flush();
  return out;
}

// ---- feedback

std::string submit_feedback(store::Database& db, const std::string& organisation_id, const FeedbackForm& form,
                            const std::string& public_url) {
  std::vector<core::FieldProblem> problems;
  auto doing = trimmed(unix_lines(form.doing));
  auto body = trimmed(unix_lines(form.body));
  if (characters(doing) > kMaxFeedbackDoingCharacters) problems.push_back({"doing", "access.feedback.error.doing_too_long"});
  if (body.empty()) problems.push_back({"feedback", "access.feedback.error.required"});
  else if (characters(body) > kMaxFeedbackCharacters) problems.push_back({"feedback", "access.feedback.error.too_long"});
  std::string reply;
  if (form.reply_email.size() > 320) problems.push_back({"email", "access.error.email_format"});
  else reply = optional_email(problems, "email", form.reply_email);
  auto locale = i18n::is_supported(form.locale) ? form.locale : std::string("en");
  throw_if_any(std::move(problems));

  auto c = db.acquire();
  auto id = core::new_id();
  c->transaction([&] {
    auto organisation = organisation_details(*c, organisation_id);
    if (!organisation) throw core::not_found("Organisation");
    c->execute(
        "INSERT INTO feedback (organisation_id, id, doing, body, reply_email, locale, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {organisation_id, id, doing, body, reply, locale, core::now_utc()});
    if (!organisation->contact_email.empty()) {
      const auto& to_locale = organisation->default_locale;
      notify::enqueue(*c, notify::Email{organisation_id, organisation->contact_email, to_locale,
                                        "access.email.feedback",
                                        {{"doing", doing.empty() ? i18n::t(to_locale, "access.feedback.not_given") : doing},
                                         {"feedback", body},
                                         {"reply", reply.empty() ? i18n::t(to_locale, "access.feedback.no_reply") : reply},
                                         {"language", locale == "cy" ? "Cymraeg" : "English"},
                                         {"link", public_url + "/settings/feedback"}}});
    }
  });
  return id;
}

std::vector<Feedback> list_feedback(store::Connection& c, const std::string& organisation_id, int limit) {
  std::vector<Feedback> out;
  for (const auto& r : c.query(
           "SELECT id, doing, body, reply_email, locale, created_at FROM feedback WHERE organisation_id = $1 "
           "ORDER BY created_at DESC, id DESC LIMIT $2",
           {organisation_id, static_cast<std::int64_t>(std::clamp(limit, 1, 1000))}))
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5)});
  return out;
}

std::int64_t count_feedback(store::Connection& c, const std::string& organisation_id) {
  return c.query_one("SELECT COUNT(*) FROM feedback WHERE organisation_id = $1", {organisation_id})->integer(0);
}

bool delete_feedback(store::Database& db, const core::Principal& actor, const std::string& id) {
  if (!core::looks_like_id(id)) return false;
  auto c = db.acquire();
  return c->transaction([&] {
    auto row = c->query_one("SELECT created_at FROM feedback WHERE organisation_id = $1 AND id = $2",
                            {actor.organisation_id, id});
    if (!row) return false;
    c->execute("DELETE FROM feedback WHERE organisation_id = $1 AND id = $2", {actor.organisation_id, id});
    audit::record(*c, actor, "delete", "feedback", id, json::object{{"created_at", row->text(0)}}, std::nullopt);
    return true;
  });
}

}  // namespace coproduce::access

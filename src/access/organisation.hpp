// What an organisation says about itself and hears from the public: its
// names in English and Welsh, its default language and contact address; its
// accessibility statement, privacy notice and cookies page (the platform's
// standard text from the catalogues unless an officer wrote the
// organisation's own, per language); and the feedback people send from the
// Beta banner's form. Every problem is a catalogue key naming its field;
// every change writes its audit event in the same transaction.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/roles.hpp"
#include "store/database.hpp"

namespace coproduce::access {

// ---- the organisation's details

inline constexpr std::size_t kMaxOrganisationNameCharacters = 120;

struct OrganisationDetails {
  std::string id, slug, name, name_cy, default_locale, contact_email;
};
std::optional<OrganisationDetails> organisation_details(store::Connection& c, const std::string& organisation_id);

// The fields to change; absent ones stay as they are.
struct OrganisationChange {
  std::optional<std::string> name, name_cy, default_locale, contact_email;
};
// Validates every given field (name required, one line, at most
// kMaxOrganisationNameCharacters; language en or cy; an email address or
// empty) before writing; throws core::ValidationFailed naming each field.
// Writes the changed fields and one audit event (before and after of what
// changed) in one transaction; returns the details as they now are.
OrganisationDetails change_organisation(store::Database& db, const core::Principal& actor,
                                        const OrganisationChange& change);

// ---- policy pages

inline constexpr std::array<std::string_view, 3> kPolicyPages = {"accessibility", "privacy", "cookies"};
bool is_policy_page(std::string_view page);
inline constexpr std::size_t kMaxPolicyCharacters = 20000;

// The organisation's own text of `page` in `locale`, if an officer wrote one.
struct CustomPolicy {
  std::string body, updated_at;
};
std::optional<CustomPolicy> custom_policy(store::Connection& c, const std::string& organisation_id,
                                          std::string_view page, std::string_view locale);
// The platform's standard text of `page` in `locale` ("access.policy.<page>.standard"),
// naming the organisation.
std::string standard_policy(std::string_view page, std::string_view locale, const std::string& organisation_name);

// Replaces the organisation's text of `page` in each language; an empty text
// (after trimming) returns that language to the standard text. Throws
// core::ValidationFailed (body_en, body_cy: too long) or 404 for an unknown page.
void change_policy(store::Database& db, const core::Principal& actor, std::string_view page,
                   const std::string& body_en, const std::string& body_cy);

// Plain text as paragraphs: split on blank lines, each paragraph's lines
// trimmed and kept; empty paragraphs dropped. No markup is interpreted.
std::vector<std::string> paragraphs(std::string_view text);

// ---- feedback

inline constexpr std::size_t kMaxFeedbackDoingCharacters = 1000;
inline constexpr std::size_t kMaxFeedbackCharacters = 5000;

struct FeedbackForm {
  std::string doing, body, reply_email, locale;
};
// Validates (body required; sizes; the reply address an email address or
// empty), stores the feedback for the organisation and, when it has a
// contact address, queues an email to it in the organisation's language,
// all in one transaction. Returns the feedback's id.
std::string submit_feedback(store::Database& db, const std::string& organisation_id, const FeedbackForm& form,
                            const std::string& public_url);

struct Feedback {
  std::string id, doing, body, reply_email, locale, created_at;
};
// Newest first, at most `limit`.
std::vector<Feedback> list_feedback(store::Connection& c, const std::string& organisation_id, int limit = 200);
std::int64_t count_feedback(store::Connection& c, const std::string& organisation_id);
// Deletes one piece of feedback of the actor's organisation (audited, without
// its text); false when there is no such feedback there.
bool delete_feedback(store::Database& db, const core::Principal& actor, const std::string& id);

// Characters (code points) in UTF-8 text.
std::size_t characters(std::string_view utf8);

}  // namespace coproduce::access

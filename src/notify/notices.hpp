// Notifications: a line in the person's list on the site (with the unread
// count in the page header) and, unless they turned it off for that kind, an
// email in their language. Kinds are declared by the modules that send them
// (module::NoticeKind).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "i18n/i18n.hpp"
#include "store/database.hpp"

namespace coproduce::notify {

struct Notice {
  std::string organisation_id;
  std::string account_id;
  std::string kind;  // a declared NoticeKind key
  i18n::Args args;   // its placeholders, kept to say it in the reader's language
  std::string link;  // a path on this site
};

// The site's public address, which makes an email's link absolute; the notify
// module sets it once at start, before any request.
void set_site_url(std::string url);

// Writes the notification and queues its email, on the caller's transaction.
// Nothing for a deleted account.
void send_notice(store::Connection& tx, const Notice& notice);

struct NoticeView {
  std::string id;
  std::string text;  // in the reader's language
  std::string link;
  std::string created_at;
  bool read = false;
};
std::int64_t unread_count(store::Connection& c, const std::string& organisation_id,
                          const std::string& account_id);
// Newest first.
std::vector<NoticeView> list_notices(store::Connection& c, const std::string& organisation_id,
                                     const std::string& account_id, const std::string& locale,
                                     int limit = 50);
void mark_all_read(store::Connection& tx, const std::string& organisation_id,
                   const std::string& account_id);

// Whether `kind` comes by email to this person (yes unless they said no).
bool wants_email(store::Connection& c, const std::string& account_id, const std::string& kind);
void set_wants_email(store::Connection& tx, const std::string& account_id, const std::string& kind,
                     bool by_email);

}  // namespace coproduce::notify

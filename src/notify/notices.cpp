#include "notify/notices.hpp"

#include <boost/json.hpp>

#include "core/dates.hpp"
#include "core/ids.hpp"
#include "notify/outbox.hpp"

namespace coproduce::notify {
namespace {

std::string args_json(const i18n::Args& args) {
  boost::json::object out;
  for (const auto& [name, value] : args) out[name] = value;
  return boost::json::serialize(out);
}

i18n::Args args_from(const std::string& text) {
  i18n::Args args;
  boost::json::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return args;
  for (const auto& [name, v] : value.as_object())
    if (v.is_string()) args.emplace_back(std::string(name), std::string(v.as_string()));
  return args;
}

std::string& site_url() {
  static std::string url;
  return url;
}

}  // namespace

void set_site_url(std::string url) { site_url() = std::move(url); }

void send_notice(store::Connection& tx, const Notice& n) {
  auto account = tx.query_one("SELECT email, locale FROM accounts WHERE id = $1 AND deleted_at IS NULL",
                              {n.account_id});
  if (!account) return;
  tx.execute("INSERT INTO notifications (organisation_id, id, account_id, kind, args, link, created_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7)",
             {n.organisation_id, core::new_id(), n.account_id, n.kind, args_json(n.args), n.link,
              core::now_utc()});
  if (!wants_email(tx, n.account_id, n.kind)) return;
  auto args = n.args;
  args.emplace_back("link", site_url() + n.link);
  enqueue(tx, Email{n.organisation_id, account->text(0), account->text(1), n.kind, args});
}

std::int64_t unread_count(store::Connection& c, const std::string& organisation_id,
                          const std::string& account_id) {
  auto row = c.query_one("SELECT COUNT(*) FROM notifications WHERE organisation_id = $1 AND account_id = $2 "
                         "AND read_at IS NULL",
                         {organisation_id, account_id});
  return row ? row->integer(0) : 0;
}

std::vector<NoticeView> list_notices(store::Connection& c, const std::string& organisation_id,
                                     const std::string& account_id, const std::string& locale, int limit) {
  std::vector<NoticeView> out;
  for (const auto& r : c.query("SELECT id, kind, args, link, created_at, read_at FROM notifications "
                               "WHERE organisation_id = $1 AND account_id = $2 ORDER BY created_at DESC, id "
                               "LIMIT " + std::to_string(limit),
                               {organisation_id, account_id}))
    out.push_back({r.text(0), i18n::t(locale, r.text(1) + ".text", args_from(r.text(2))), r.text(3), r.text(4),
                   !r.is_null(5)});
  return out;
}

void mark_all_read(store::Connection& tx, const std::string& organisation_id, const std::string& account_id) {
  tx.execute("UPDATE notifications SET read_at = $1 WHERE organisation_id = $2 AND account_id = $3 "
             "AND read_at IS NULL",
             {core::now_utc(), organisation_id, account_id});
}

bool wants_email(store::Connection& c, const std::string& account_id, const std::string& kind) {
  auto row = c.query_one("SELECT by_email FROM notification_preferences WHERE account_id = $1 AND kind = $2",
                         {account_id, kind});
  return !row || row->integer(0) == 1;
}

void set_wants_email(store::Connection& tx, const std::string& account_id, const std::string& kind,
                     bool by_email) {
  tx.execute("DELETE FROM notification_preferences WHERE account_id = $1 AND kind = $2", {account_id, kind});
  tx.execute("INSERT INTO notification_preferences (account_id, kind, by_email) VALUES ($1, $2, $3)",
             {account_id, kind, std::int64_t{by_email ? 1 : 0}});
}

}  // namespace coproduce::notify

#include "notify/outbox.hpp"

#include <condition_variable>
#include <stdexcept>

#include "core/dates.hpp"
#include "core/ids.hpp"
#include "notify/sender.hpp"

namespace coproduce::notify {

std::string enqueue(store::Connection& tx, const Email& email) {
  if (email.to.empty() || email.to.find_first_of("\r\n<>,") != std::string::npos)
    throw std::invalid_argument("an email recipient must be one plain address");
  auto args = email.args;
  auto organisation = tx.query_one("SELECT name FROM organisations WHERE id = $1", {email.organisation_id});
  if (!organisation) throw std::invalid_argument("an email needs the organisation it is sent for");
  args.emplace_back("organisation", organisation->text(0));
  std::string subject_key = email.key + ".subject";
  auto subject = i18n::t(email.locale, subject_key, args);
  if (subject == subject_key) throw std::invalid_argument("no message " + subject_key + " in the catalogues");
  auto body = i18n::t(email.locale, email.key + ".body", args) + "\n\n-- \n" +
              i18n::t(email.locale, "notify.email.footer", args) + "\n";
  auto id = core::new_id();
  auto now = core::now_utc();
  tx.execute(
      "INSERT INTO outbox (organisation_id, id, recipient, locale, template, subject, body, "
      "status, attempts, next_attempt_at, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $8)",
      {email.organisation_id, id, email.to, email.locale, email.key, subject, body, now});
  wake_sender();
  return id;
}

OutboxCounts outbox_counts(store::Connection& c) {
  OutboxCounts counts;
  for (const auto& row : c.query("SELECT status, COUNT(*) FROM outbox GROUP BY status")) {
    const auto& status = row.text(0);
    auto n = row.integer(1);
    if (status == "queued") counts.queued = n;
    else if (status == "sending") counts.sending = n;
    else if (status == "sent") counts.sent = n;
    else counts.failed = n;
  }
  return counts;
}

}  // namespace coproduce::notify

// The email outbox. A module that has something to tell someone writes an
// Email on the connection of the transaction that makes the change, so the
// message exists if and only if the change does; the sender (sender.hpp)
// delivers it later. Subject and body are rendered now, from the module's
// catalogue in the recipient's language, so a queued message never changes.
#pragma once

#include <string>

#include "i18n/i18n.hpp"
#include "store/database.hpp"

namespace coproduce::notify {

struct Email {
  std::string organisation_id;
  std::string to;      // an address
  std::string locale;  // "en" or "cy": the recipient's language
  // A catalogue key prefix: "<key>.subject" and "<key>.body" are the message,
  // e.g. "access.email.invitation". {organisation} is always filled.
  std::string key;
  i18n::Args args;
};

// Queues the message; returns its id. Throws std::invalid_argument when the
// address holds a line break or the key has no subject in the catalogue.
std::string enqueue(store::Connection& tx, const Email& email);

// Wakes this process's sender at once (it also looks every second).
void wake_sender();

// What the outbox holds, for the operator (`coproduce mail status`).
struct OutboxCounts {
  std::int64_t queued = 0, sending = 0, sent = 0, failed = 0;
};
OutboxCounts outbox_counts(store::Connection& c);

}  // namespace coproduce::notify

#include "notify/sender.hpp"

#include <condition_variable>
#include <iostream>
#include <mutex>

#include "core/dates.hpp"
#include "core/ids.hpp"
#include "notify/message.hpp"
#include "notify/outbox.hpp"
#include "notify/smtp.hpp"

namespace coproduce::notify {
namespace {

struct Wakeup {
  std::mutex mutex;
  std::condition_variable_any ready;
  std::uint64_t generation = 0;
};

Wakeup& wakeup() {
  static Wakeup w;
  return w;
}

struct Claimed {
  std::string organisation_id, id, recipient, subject, body, created_at;
  std::int64_t attempts = 0;
  std::string claim;  // this pass's token: every later update is conditional on it
};

std::string domain_of(const std::string& mailbox) {
  auto address = address_of(mailbox);
  auto at = address.rfind('@');
  return at == std::string::npos ? "coproduce.invalid" : address.substr(at + 1);
}

}  // namespace

void wake_sender() {
  auto& w = wakeup();
  {
    std::lock_guard lock(w.mutex);
    ++w.generation;
  }
  w.ready.notify_all();
}

struct Sender::Impl {
  store::Database& db;
  module::Environment::Mail settings;
  std::function<Clock::time_point()> clock;
  std::unique_ptr<SmtpClient> smtp;

  Clock::time_point now() const { return clock ? clock() : Clock::now(); }

  std::vector<Claimed> claim() {
    auto c = db.acquire();
    auto token = core::random_token(16);
    auto at = now();
    auto now_text = core::iso_utc(at);
    auto due = "((status = 'queued' AND next_attempt_at <= $3) OR (status = 'sending' AND lease_until < $3))";
    c->transaction([&] {
      c->execute(std::string("UPDATE outbox SET status = 'sending', claim = $1, lease_until = $2, "
                             "attempts = attempts + 1 WHERE (organisation_id, id) IN (SELECT organisation_id, id "
                             "FROM outbox WHERE ") + due + " ORDER BY next_attempt_at LIMIT " +
                     std::to_string(kBatch) + ") AND " + due,
                 {token, core::iso_utc(at + settings.lease), now_text});
    });
    std::vector<Claimed> claimed;
    for (const auto& r : c->query("SELECT organisation_id, id, recipient, subject, body, created_at, attempts "
                                  "FROM outbox WHERE claim = $1 AND status = 'sending' ORDER BY created_at, id",
                                  {token}))
      claimed.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.integer(6), token});
    return claimed;
  }

  // Extends the claim before sending; false when another sender has taken
  // the message over (this pass was slower than its lease).
  bool renew(const Claimed& m) {
    auto c = db.acquire();
    return c->transaction([&] {
      return c->execute("UPDATE outbox SET lease_until = $1 WHERE organisation_id = $2 AND id = $3 "
                        "AND status = 'sending' AND claim = $4",
                        {core::iso_utc(now() + settings.lease), m.organisation_id, m.id, m.claim});
    }) == 1;
  }

  void mark_sent(const Claimed& m) {
    auto c = db.acquire();
    auto changed = c->transaction([&] {
      return c->execute(
          "UPDATE outbox SET status = 'sent', sent_at = $1, body = '', claim = NULL, lease_until = NULL, "
          "last_error = NULL WHERE organisation_id = $2 AND id = $3 AND status = 'sending' AND claim = $4",
          {core::iso_utc(now()), m.organisation_id, m.id, m.claim});
    });
    if (changed == 0) std::cerr << "coproduce: mail " << m.id << " was sent after its claim had lapsed\n";
  }

  void mark_failed(const Claimed& m, const SendResult& result) {
    bool give_up = result.permanent || m.attempts >= kMaxAttempts;
    auto c = db.acquire();
    c->transaction([&] {
      c->execute(
          "UPDATE outbox SET status = $1, next_attempt_at = $2, claim = NULL, lease_until = NULL, last_error = $3 "
          "WHERE organisation_id = $4 AND id = $5 AND status = 'sending' AND claim = $6",
          {give_up ? "failed" : "queued", core::iso_utc(now() + retry_delay(static_cast<int>(m.attempts))),
           result.error, m.organisation_id, m.id, m.claim});
    });
    std::cerr << "coproduce: mail " << m.id << (give_up ? " failed: " : " will be retried: ") << result.error
              << "\n";
  }

  SendResult deliver(const Claimed& m) {
    Message message{settings.from, m.recipient, m.subject, m.body,
                    m.id + "@" + domain_of(settings.from), rfc5322_date(m.created_at)};
    if (settings.smtp_url.empty()) {  // log mode (the demo): the operator reads it
      std::cerr << "coproduce: email to " << m.recipient << "\nSubject: " << m.subject << "\n\n"
                << m.body << "\n";
      return {true, false, ""};
    }
    if (!smtp) smtp = std::make_unique<SmtpClient>(settings);
    return smtp->send(m.recipient, format_message(message));
  }
};

Sender::Sender(store::Database& db, module::Environment::Mail settings,
               std::function<Clock::time_point()> clock)
    : impl_(std::make_unique<Impl>(Impl{db, std::move(settings), std::move(clock), nullptr})) {}

Sender::~Sender() = default;

std::chrono::seconds Sender::retry_delay(int attempts) {
  std::chrono::seconds delay{30};
  for (int i = 1; i < attempts && delay < std::chrono::hours(6); ++i) delay *= 4;
  return std::min<std::chrono::seconds>(delay, std::chrono::hours(6));
}

int Sender::run_once() {
  if (impl_->settings.smtp_url.empty() && !impl_->settings.log) return 0;  // held until configured
  auto batch = impl_->claim();
  for (const auto& m : batch) {
    if (!impl_->renew(m)) continue;
    auto result = impl_->deliver(m);
    if (result.sent) impl_->mark_sent(m);
    else impl_->mark_failed(m, result);
  }
  return static_cast<int>(batch.size());
}

void Sender::run(std::stop_token stop) {
  if (impl_->settings.smtp_url.empty() && !impl_->settings.log)
    std::cerr << "coproduce: no SMTP server configured (--smtp): email waits in the outbox\n";
  auto& w = wakeup();
  while (!stop.stop_requested()) {
    std::uint64_t seen;
    {
      std::lock_guard lock(w.mutex);
      seen = w.generation;
    }
    int handled = 0;
    try {
      handled = run_once();
    } catch (const std::exception& e) {
      std::cerr << "coproduce: the mail sender met an error and will try again: " << e.what() << "\n";
    }
    if (handled == kBatch) continue;  // more may be due
    std::unique_lock lock(w.mutex);
    w.ready.wait_for(lock, stop, std::chrono::seconds(1), [&] { return w.generation != seen; });
  }
}

}  // namespace coproduce::notify

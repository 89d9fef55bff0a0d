// The background sender: claims due messages from the outbox, sends each
// over SMTP, and commits "sent" before it starts the next, so a sender killed
// at any moment leaves every message either sent and marked, or still to
// send. The one window no protocol closes (RFC 1047: the server has accepted
// the message, the sender dies before its commit) sends that message again
// with the same Message-ID once the claim's lease expires, which receiving
// systems use to drop the copy. Failures are retried with growing delays;
// a permanent refusal (5xx) or the eighth failure marks the message failed.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>

#include "module/module.hpp"
#include "store/database.hpp"

namespace coproduce::notify {

class Sender {
 public:
  using Clock = std::chrono::system_clock;
  Sender(store::Database& db, module::Environment::Mail settings,
         std::function<Clock::time_point()> clock = {});
  ~Sender();

  // One pass over what is due now; returns how many messages it handled.
  int run_once();
  // Passes until `stop`: at once when woken (wake_sender), else every second.
  void run(std::stop_token stop);

  // The delay before attempt `attempts` + 1: 30 s, 2 min, 8 min, ... at most 6 h.
  static std::chrono::seconds retry_delay(int attempts);
  static constexpr int kMaxAttempts = 8;
  static constexpr int kBatch = 10;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace coproduce::notify

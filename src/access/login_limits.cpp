#include "access/login_limits.hpp"

#include <algorithm>

#include "access/secrets.hpp"

namespace coproduce::access {
namespace {

struct Count {
  std::int64_t failures = 0;
  std::string window_start, last_failure;
};

std::optional<Count> read(store::Connection& c, const std::string& key) {
  auto row = c.query_one("SELECT failures, window_start, last_failure FROM login_limits WHERE key = $1", {key});
  if (!row) return std::nullopt;
  return Count{row->integer(0), row->text(1), row->text(2)};
}

// Adds a failure; a window older than `window` starts again at one.
void add_failure(store::Connection& c, const std::string& key, const std::string& now,
                 const std::string& window_opened_after) {
  c.execute(
      "INSERT INTO login_limits (key, failures, window_start, last_failure) VALUES ($1, 1, $2, $2) "
      "ON CONFLICT (key) DO UPDATE SET "
      "failures = CASE WHEN login_limits.window_start < $3 THEN 1 ELSE login_limits.failures + 1 END, "
      "window_start = CASE WHEN login_limits.window_start < $3 THEN $2 ELSE login_limits.window_start END, "
      "last_failure = $2",
      {key, now, window_opened_after});
}

std::chrono::system_clock::time_point parse(const std::string& iso) {
  std::tm tm{};
  strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

int seconds_until(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now) {
  auto left = std::chrono::duration_cast<std::chrono::seconds>(when - now).count();
  return static_cast<int>(std::max<std::int64_t>(1, left + 1));
}

}  // namespace

std::optional<int> LoginLimits::wait_before(const std::string& email, const std::string& address,
                                            Clock::time_point now) {
  auto c = db_.acquire();
  int wait = 0;
  if (auto everyone = read(*c, "everyone");
      everyone && everyone->failures >= rules_.overall && parse(everyone->window_start) + rules_.overall_window > now)
    wait = std::max(wait, seconds_until(parse(everyone->window_start) + rules_.overall_window, now));
  if (auto by_address = read(*c, "address:" + address);
      by_address && by_address->failures >= rules_.per_address &&
      parse(by_address->window_start) + rules_.address_window > now)
    wait = std::max(wait, seconds_until(parse(by_address->window_start) + rules_.address_window, now));
  if (auto account = read(*c, "account:" + email); account && account->failures >= rules_.free_failures) {
    // 4 s, 8 s, 16 s ... (times are kept to the second: the first wait is never shorter than 3 s)
    auto steps = std::min<std::int64_t>(account->failures - rules_.free_failures, 20);
    auto backoff = std::min<std::chrono::seconds>(std::chrono::seconds(std::int64_t{4} << steps), rules_.max_backoff);
    auto open_at = parse(account->last_failure) + backoff;
    if (open_at > now) wait = std::max(wait, seconds_until(open_at, now));
  }
  if (wait == 0) return std::nullopt;
  return wait;
}

void LoginLimits::record_failure(const std::string& email, const std::string& address, Clock::time_point now) {
  auto c = db_.acquire();
  auto at = iso_utc(now);
  c->transaction([&] {
    add_failure(*c, "everyone", at, iso_utc(now - rules_.overall_window));
    add_failure(*c, "address:" + address, at, iso_utc(now - rules_.address_window));
    // An account's failures count until a success; a day without one starts afresh.
    add_failure(*c, "account:" + email, at, iso_utc(now - std::chrono::hours(24)));
  });
}

void LoginLimits::record_success(const std::string& email) {
  auto c = db_.acquire();
  c->execute("DELETE FROM login_limits WHERE key = $1", {"account:" + email});
}

}  // namespace coproduce::access

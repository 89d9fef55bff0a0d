// Internal to the server: one JSON line per request on stderr, without
// personal data (no query string, account ids, names, emails, cookies,
// bodies or client addresses; only whether the request was signed in).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace coproduce::http {

struct AccessLogEntry {
  std::string_view request_id;
  std::string_view method;
  std::string_view path;  // decoded path, never the query string
  int status = 0;
  std::size_t bytes = 0;  // response body bytes
  double duration_ms = 0;
  bool signed_in = false;
};

// The line, ending in '\n'.
std::string format_access_log(const AccessLogEntry& entry);
// Writes the line with a single write(2) so lines from threads do not interleave.
void write_access_log(const AccessLogEntry& entry);
// {"time", "level":"error", "request_id", "message"} for failures inside handlers.
void write_error_log(std::string_view request_id, std::string_view message);

}  // namespace coproduce::http

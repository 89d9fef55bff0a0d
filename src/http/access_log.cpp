// Structured request and error logs as JSON lines on stderr.
#include "http/access_log.hpp"

#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "core/text.hpp"

namespace coproduce::http {

namespace {

std::string utc_now() {
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[80];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis.count()));
  return text;
}

void write_line(const std::string& line) {
  std::size_t written = 0;
  while (written < line.size()) {
    auto n = ::write(STDERR_FILENO, line.data() + written, line.size() - written);
    if (n <= 0) return;  // logging must never take the server down
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::string format_access_log(const AccessLogEntry& e) {
  boost::json::object fields{
      {"time", utc_now()},        {"request_id", e.request_id}, {"method", e.method},
      {"path", core::valid_utf8(e.path)}, {"status", e.status}, {"bytes", e.bytes},
      {"signed_in", e.signed_in},
  };
  // Boost.JSON would write 5.97E-1; people read logs too, so milliseconds go
  // last with three fixed decimals.
  std::string line = boost::json::serialize(fields);
  char duration[48];
  std::snprintf(duration, sizeof duration, ",\"duration_ms\":%.3f}\n", e.duration_ms);
  line.pop_back();  // the closing brace
  return line + duration;
}

void write_access_log(const AccessLogEntry& entry) {
  write_line(format_access_log(entry));
}

void write_error_log(std::string_view request_id, std::string_view message) {
  boost::json::object line{
      {"time", utc_now()}, {"level", "error"}, {"request_id", request_id}, {"message", core::valid_utf8(message)}};
  write_line(boost::json::serialize(line) + "\n");
}

}  // namespace coproduce::http

// An email as it goes over SMTP (RFC 5322 with MIME): headers in 7-bit ASCII
// (non-ASCII subjects and names as RFC 2047 encoded words), the UTF-8 body in
// base64, lines ending CRLF. Pure, so it is tested without a server.
#pragma once

#include <string>
#include <string_view>

namespace coproduce::notify {

struct Message {
  std::string from;        // "Name <address>" or an address
  std::string to;          // an address
  std::string subject;     // UTF-8
  std::string body;        // UTF-8 text, lines separated by \n
  std::string message_id;  // without angle brackets: "<id>@<domain>"
  std::string date;        // RFC 5322 date, e.g. "Sun, 06 Dec 2026 10:00:00 +0000"
};

std::string format_message(const Message& message);

// The address inside "Name <address>" (or the text itself).
std::string address_of(std::string_view mailbox);

// RFC 5322's date for an ISO-8601 UTC instant ("2026-12-06T10:00:00Z").
std::string rfc5322_date(std::string_view iso_utc);

}  // namespace coproduce::notify

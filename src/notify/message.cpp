#include "notify/message.hpp"

#include <chrono>
#include <cstdio>

namespace coproduce::notify {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < data.size(); i += 3) {
    std::uint32_t n = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) n |= static_cast<unsigned char>(data[i + 1]) << 8;
    if (i + 2 < data.size()) n |= static_cast<unsigned char>(data[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += i + 1 < data.size() ? kBase64[(n >> 6) & 63] : '=';
    out += i + 2 < data.size() ? kBase64[n & 63] : '=';
  }
  return out;
}

bool is_ascii_printable(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
  return true;
}

// RFC 2047 encoded words, each under 76 characters, split between UTF-8
// characters, never inside one.
std::string encoded_words(std::string_view text) {
  if (is_ascii_printable(text)) return std::string(text);
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.size(), start + 45);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

// "Name <address>" with a non-ASCII name encoded.
std::string mailbox(std::string_view text) {
  auto open = text.rfind('<');
  if (open == std::string_view::npos || open == 0) return std::string(text);
  auto name = text.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  return encoded_words(name) + " " + std::string(text.substr(open));
}

}  // namespace

std::string address_of(std::string_view text) {
  auto open = text.rfind('<');
  auto close = text.rfind('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return std::string(text);
  return std::string(text.substr(open + 1, close - open - 1));
}

std::string rfc5322_date(std::string_view iso) {
  using namespace std::chrono;
  int y = 1970;
  unsigned mo = 1, d = 1, h = 0, mi = 0, s = 0;
  std::sscanf(std::string(iso).c_str(), "%d-%u-%uT%u:%u:%u", &y, &mo, &d, &h, &mi, &s);
  year_month_day date{year(y), month(mo), day(d)};
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  weekday wd{sys_days(date)};
  char out[64];
  std::snprintf(out, sizeof out, "%s, %02u %s %04d %02u:%02u:%02u +0000", kDays[wd.c_encoding()], d,
                kMonths[(mo - 1) % 12], y, h, mi, s);
  return out;
}

std::string format_message(const Message& m) {
  std::string body;
  for (char c : m.body) {
    if (c == '\n') body += "\r\n";
    else if (c != '\r') body += c;
  }
  std::string encoded = base64(body);
  std::string out = "Date: " + m.date + "\r\nFrom: " + mailbox(m.from) + "\r\nTo: " + m.to +
                    "\r\nSubject: " + encoded_words(m.subject) + "\r\nMessage-ID: <" +
                    m.message_id + ">\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: text/plain; charset=UTF-8\r\n"
                    "Content-Transfer-Encoding: base64\r\n"
                    "Auto-Submitted: auto-generated\r\n\r\n";
  for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

}  // namespace coproduce::notify

// libFuzzer entry point for the request path the server owns: the bytes of one
// request go through the same steps, in the same order, as in server.cpp
// (header block, framing, parsed message, target and query, text checks), then
// through form decoding, the JSON body's fields, and the number and date
// parsing that validation applies to each field. Anything may be refused with
// a core::Error; nothing may crash, hang, throw anything else, or let through
// what a check promises to refuse.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <regex>
#include <string_view>

#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "http/fields.hpp"
#include "http/inputs.hpp"
#include "http/message.hpp"

using namespace coproduce;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

// What parse_money_minor must accept, written independently as a pattern.
bool money_shaped(std::string_view text) {
  static const std::regex plain(R"([0-9]+(\.[0-9]{1,2})?)");
  static const std::regex grouped(R"([0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,2})?)");
  std::string s(text);
  return std::regex_match(s, plain) || std::regex_match(s, grouped);
}

// The amount in minor units computed independently (128-bit), for text that
// money_shaped accepts and that has at most 36 digits.
std::optional<__int128> reference_minor(std::string_view text) {
  __int128 value = 0;
  int digits = 0, decimals = -1;
  for (char c : text) {
    if (c == ',') continue;
    if (c == '.') {
      decimals = 0;
      continue;
    }
    if (++digits > 36) return std::nullopt;
    value = value * 10 + (c - '0');
    if (decimals >= 0) ++decimals;
  }
  for (int d = decimals < 0 ? 0 : decimals; d < 2; ++d) value *= 10;
  return value;
}

void check_money(std::string_view text) {
  auto parsed = core::parse_money_minor(text);
  if (!money_shaped(text)) return require(!parsed);
  if (auto expected = reference_minor(text))
    require(*expected <= core::kMaxMoneyMinor ? parsed == static_cast<std::int64_t>(*expected) : !parsed);
  if (!parsed) return;
  require(*parsed >= 0 && *parsed <= core::kMaxMoneyMinor);
  require(core::parse_money_minor(core::format_money_minor(*parsed)) == parsed);
}

void check_date(std::string_view text) {
  if (!core::is_iso_date(text)) return require(!core::is_plausible_date(text));
  require(text.size() == 10 && text[4] == '-' && text[7] == '-');
  int year = std::atoi(std::string(text.substr(0, 4)).c_str());
  require(core::is_plausible_date(text) == (year >= core::kFirstYear && year <= core::kLastYear));
}

void check_text(std::string_view text) {
  auto repaired = core::valid_utf8(text);
  require(core::is_valid_utf8(repaired));
  require(core::is_valid_utf8(text) == (repaired == text));
  require(core::escape_html(text).find_first_of("<>\"'") == std::string::npos);
  check_money(text);
  check_date(text);
}

// The fields the map's commands accept, and a few that no command does.
const std::vector<std::string> kAllowed = {"name", "hours", "money", "date", "started_on",
                                           "role", "phase", "confirm", "group_id", "reason"};

void check_request(http::Request& request) {
  try {
    http::check_text_inputs(request);
  } catch (const core::Error& e) {
    require(e.http_status() == 400 || e.http_status() == 422);
    return;
  }
  // Whatever passed the edge is storable text.
  require(core::text_problem(request.path).empty());
  for (const auto& [name, value] : request.query)
    require(core::text_problem(name).empty() && core::text_problem(value).empty());
  try {
    for (const auto& field : request.form_fields()) check_text(field.second);
  } catch (const core::Error& e) {
    require(e.http_status() == 400);  // malformed percent-encoding
  }
  try {
    auto fields = http::fields_from_json(request.body, kAllowed);
    for (const auto& [name, value] : fields) {
      require(std::find(kAllowed.begin(), kAllowed.end(), name) != kAllowed.end());
      check_text(value);
    }
  } catch (const core::ValidationFailed& e) {
    require(!e.problems().empty());
  } catch (const core::Error& e) {
    require(e.http_status() == 400);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace bhttp = boost::beast::http;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) return 0;  // the server waits for more
  if (http::has_obsolete_folding(bytes.substr(0, end + 2))) return 0;  // refused: 400

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1 << 20);
  boost::beast::error_code ec;
  auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_header_done()) return 0;  // refused by the parser: 400
  if (auto problem = http::framing_problem(parser.get())) {
    require(problem->http_status() == 400 || problem->http_status() == 501);
    return 0;
  }
  bytes.remove_prefix(used);
  parser.eager(true);
  while (!parser.is_done()) {
    used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == bhttp::error::need_more || (!ec && used == 0)) {  // the bytes ran out
      parser.put_eof(ec);
      if (ec) return 0;  // the body never ends: the read timeout closes it
      break;
    }
    if (ec) return 0;
    bytes.remove_prefix(used);
  }

  http::Request request;
  try {
    http::to_request(parser.get(), 8192, request);
  } catch (const core::Error& e) {
    require(e.http_status() == 400 || e.http_status() == 414 || e.http_status() == 501);
    return 0;
  }
  require(!request.path.empty());
  require(request.path.find('\0') == std::string::npos);
  check_request(request);
  return 0;
}

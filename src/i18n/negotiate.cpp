// Chooses "en" or "cy" for a request: an explicit ?lang= choice, then the
// remembered cookie, then the browser's Accept-Language preferences.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "i18n/i18n.hpp"

namespace coproduce::i18n {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "cy-GB" / "CY" -> "cy" when supported.
std::optional<std::string> supported_primary(std::string_view tag) {
  std::string primary(tag.substr(0, tag.find_first_of("-_")));
  for (char& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (is_supported(primary)) return primary;
  return std::nullopt;
}

// q-value in thousandths (RFC 9110: 0 to 1 with up to three decimals); 1000 when absent.
int quality(std::string_view params) {
  for (std::size_t start = 0; start < params.size();) {
    auto end = std::min(params.find(';', start), params.size());
    auto param = trim(params.substr(start, end - start));
    if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      auto value = param.substr(2);
      auto dot = value.find('.');
      int whole = 0;
      std::from_chars(value.data(), value.data() + std::min(dot, value.size()), whole);
      std::string fraction(dot == std::string_view::npos ? "" : value.substr(dot + 1, 3));
      fraction.resize(3, '0');
      int thousandths = 0;
      std::from_chars(fraction.data(), fraction.data() + 3, thousandths);
      return std::clamp(whole * 1000 + thousandths, 0, 1000);
    }
    start = end + 1;
  }
  return 1000;
}

std::optional<std::string> from_accept_language(std::string_view header) {
  std::optional<std::string> best;
  int best_quality = 0;
  for (std::size_t start = 0; start <= header.size();) {
    auto end = std::min(header.find(',', start), header.size());
    auto item = trim(header.substr(start, end - start));
    auto semicolon = item.find(';');
    auto tag = trim(item.substr(0, semicolon));
    int q = semicolon == std::string_view::npos ? 1000 : quality(item.substr(semicolon + 1));
    auto locale = supported_primary(tag);
    if (locale && q > best_quality) {  // strictly greater: earlier entries win ties
      best = locale;
      best_quality = q;
    }
    start = end + 1;
  }
  return best;
}

std::optional<std::string> cookie_value(const http::Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    std::string_view cookies = value;
    for (std::size_t start = 0; start < cookies.size();) {
      auto end = std::min(cookies.find(';', start), cookies.size());
      auto pair = trim(cookies.substr(start, end - start));
      auto equals = pair.find('=');
      if (equals != std::string_view::npos && pair.substr(0, equals) == name)
        return std::string(pair.substr(equals + 1));
      start = end + 1;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string negotiate(const http::Request& request) {
  for (const auto& [name, value] : request.query)
    if (name == "lang")
      if (auto locale = supported_primary(value)) return *locale;
  if (auto remembered = cookie_value(request, kLanguageCookie))
    if (auto locale = supported_primary(*remembered)) return *locale;
  for (const auto& [name, value] : request.headers)
    if (name == "accept-language")
      if (auto locale = from_accept_language(value)) return *locale;
  return locales().front();
}

}  // namespace coproduce::i18n

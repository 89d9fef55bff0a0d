// HTML escaping and URL encoding.
#include "web/html.hpp"

#include "core/text.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace coproduce::web {

std::string escape(std::string_view text) { return core::escape_html(text); }

std::string url_encode(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

std::string path_with_query(std::string_view path,
                            const std::vector<std::pair<std::string, std::string>>& query) {
  // Path characters stay as they are; anything else (spaces, "?", non-ASCII) is encoded.
  static constexpr auto kPathChars = boost::urls::pchars + '/';
  std::string out = boost::urls::encode(path, kPathChars);
  char separator = '?';
  for (const auto& [name, value] : query) {
    out += separator;
    out += url_encode(name) + "=" + url_encode(value);
    separator = '&';
  }
  return out;
}

}  // namespace coproduce::web

// The one HTML-escaping helper, and URL encoding for hrefs built from data.
// Every component escapes plain text through escape(); nothing else does.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coproduce::web {

// Text safe in element content and in double- or single-quoted attributes:
// & < > " ' are replaced by entities.
std::string escape(std::string_view text);

// Percent-encodes everything except unreserved characters (RFC 3986), for a
// query-string name or value.
std::string url_encode(std::string_view text);

// A URL for a decoded path and decoded query pairs, both encoded here:
// ("/areas/Ynys Môn", {{"a", "1 2"}}) -> "/areas/Ynys%20M%C3%B4n?a=1%202".
std::string path_with_query(std::string_view path,
                            const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace coproduce::web

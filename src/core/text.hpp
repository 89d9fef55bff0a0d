// Escaping text for HTML: the one implementation (web::escape and the HTTP
// layer's fallback error page both use it).
#pragma once

#include <string>
#include <string_view>

namespace coproduce::core {

// Safe in element content and in quoted attributes: & < > " ' become entities.
std::string escape_html(std::string_view text);

}  // namespace coproduce::core

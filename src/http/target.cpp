// Decodes request-targets with Boost.URL: no hand-written percent-decoding.
#include "http/target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/error.hpp"

namespace coproduce::http {

void decode_target(Request& request, std::string_view target) {
  request.target.assign(target);
  // Until decoded, the raw path stands in so errors still know whether the
  // client is an API client.
  request.path.assign(target.substr(0, target.find('?')));
  request.query.clear();
  // Origin-form ("/path?query") from clients; absolute-form from proxies.
  auto parsed = target.starts_with('/') ? boost::urls::parse_origin_form(target)
                                        : boost::urls::parse_absolute_uri(target);
  if (!parsed)
    throw core::malformed("The request target is not a valid URL path (" +
                          parsed.error().message() + ")");
  const auto& url = *parsed;
  request.path = url.path();
  if (request.path.empty()) request.path = "/";  // "http://host" and "http://host?q" (RFC 9110 4.2.3)
  if (request.path.find('\0') != std::string::npos)
    throw core::malformed("The request path contains an encoded NUL byte");
  if (url.has_query()) {
    for (const auto& param : url.params(boost::urls::encoding_opts(true))) {
      if (param.key.empty() && param.value.empty()) continue;  // "a=1&&b=2"
      request.query.emplace_back(param.key, param.value);
    }
  }
}

}  // namespace coproduce::http

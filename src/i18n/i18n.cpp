// The locale list and the message functions over the installed catalogue.
#include "i18n/i18n.hpp"

#include <algorithm>

#include "i18n/catalogue.hpp"

namespace coproduce::i18n {

const std::vector<std::string>& locales() {
  static const std::vector<std::string> supported = {"en", "cy"};
  return supported;
}

bool is_supported(std::string_view locale) {
  const auto& all = locales();
  return std::find(all.begin(), all.end(), locale) != all.end();
}

std::string t(std::string_view locale, std::string_view key, const Args& args) {
  return installed_catalogue().text(locale, key, args);
}

std::string plural(std::string_view locale, std::string_view key, std::int64_t n,
                   const Args& args) {
  return installed_catalogue().plural(locale, key, n, args);
}

}  // namespace coproduce::i18n

// Builds the shared ICU objects for each supported locale on first use.
#include "i18n/icu_locale.hpp"

#include <memory>
#include <stdexcept>
#include <string>

namespace coproduce::i18n {
namespace {

struct LocaleData {
  icu::number::LocalizedNumberFormatter numbers;
  std::unique_ptr<icu::PluralRules> rules;

  explicit LocaleData(const icu::Locale& locale)
      : numbers(icu::number::NumberFormatter::withLocale(locale)) {
    UErrorCode status = U_ZERO_ERROR;
    rules.reset(icu::PluralRules::forLocale(locale, status));
    if (U_FAILURE(status))
      throw std::runtime_error(std::string("ICU has no plural rules for ") + locale.getName());
  }
};

const LocaleData& data_for(std::string_view locale) {
  static const LocaleData english(icu_locale("en"));
  static const LocaleData welsh(icu_locale("cy"));
  return locale == "cy" ? welsh : english;
}

}  // namespace

icu::Locale icu_locale(std::string_view locale) {
  return locale == "cy" ? icu::Locale("cy", "GB") : icu::Locale("en", "GB");
}

const icu::number::LocalizedNumberFormatter& number_formatter(std::string_view locale) {
  return data_for(locale).numbers;
}

const icu::PluralRules& plural_rules(std::string_view locale) {
  return *data_for(locale).rules;
}

}  // namespace coproduce::i18n

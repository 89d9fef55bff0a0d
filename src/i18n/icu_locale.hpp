// Our locale codes mapped to ICU (British English, Welsh as used in the UK),
// with the per-locale ICU objects built once and shared: they are immutable,
// so concurrent requests may use them. Internal to i18n.
#pragma once

#include <unicode/locid.h>
#include <unicode/numberformatter.h>
#include <unicode/plurrule.h>

#include <string_view>

namespace coproduce::i18n {

// "cy" -> cy_GB; anything else -> en_GB.
icu::Locale icu_locale(std::string_view locale);
const icu::number::LocalizedNumberFormatter& number_formatter(std::string_view locale);
const icu::PluralRules& plural_rules(std::string_view locale);

}  // namespace coproduce::i18n

// Consistency checks over catalogue files: every module speaks both
// languages with the same keys, placeholders and plural categories.
#include <map>

#include "i18n/catalogue.hpp"

namespace coproduce::i18n {
namespace {

// All placeholder names a message uses, across its plural forms.
std::set<std::string> message_placeholders(const Message& message) {
  if (!message.is_plural()) return placeholders(message.text);
  std::set<std::string> names;
  for (const auto& [category, form] : message.plural_forms) names.merge(placeholders(form));
  return names;
}

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return "{" + out + "}";
}

void check_plural_forms(const std::string& where, std::string_view locale, const Message& message,
                        std::vector<std::string>& problems) {
  for (const auto& category : plural_categories(locale))
    if (!message.plural_forms.contains(category))
      problems.push_back(where + ": plural form \"" + category + "\" is missing");
  for (const auto& [category, form] : message.plural_forms)
    if (!plural_categories(locale).contains(category))
      problems.push_back(where + ": \"" + category + "\" is not a plural category of " +
                         std::string(locale));
}

}  // namespace

std::vector<std::string> check_catalogues(const std::vector<CatalogueFile>& files) {
  std::vector<std::string> problems;
  // module -> locale -> its own catalogue, so each file is compared with its partner.
  std::map<std::string, std::map<std::string, Catalogue>> modules;
  std::map<std::string, std::string> path_of;
  for (const auto& file : files) {
    if (!is_supported(file.locale)) {
      problems.push_back(std::string(file.path) + ": locale is not one of en, cy");
      continue;
    }
    try {
      modules[std::string(file.module)][std::string(file.locale)].add_file(file);
      path_of[std::string(file.module) + "/" + std::string(file.locale)] = file.path;
    } catch (const std::exception& e) {
      problems.push_back(e.what());
    }
  }
  for (auto& [module, by_locale] : modules) {
    for (const auto& locale : locales())
      if (!by_locale.contains(locale))
        problems.push_back("module " + module + " has no messages/" + locale + ".json");
    for (const auto& [locale, catalogue] : by_locale) {
      const std::string& path = path_of[module + "/" + locale];
      for (const auto& key : catalogue.keys(locale)) {
        std::string where = path + " \"" + key + "\"";
        if (key.rfind(module + ".", 0) != 0)
          problems.push_back(where + ": key must start with \"" + module + ".\"");
        const Message& message = *catalogue.find(locale, key);
        if (message.is_plural()) check_plural_forms(where, locale, message, problems);
        for (const auto& [other_locale, other] : by_locale) {
          if (other_locale == locale) continue;
          if (!other.keys(other_locale).contains(key)) {
            problems.push_back(where + ": missing from " + other_locale + ".json");
            continue;
          }
          if (locale != locales().front()) continue;  // compare each pair once, from English
          const Message& partner = *other.find(other_locale, key);
          if (message_placeholders(message) != message_placeholders(partner))
            problems.push_back(where + ": placeholders " + joined(message_placeholders(message)) +
                               " differ from " + other_locale + ".json's " +
                               joined(message_placeholders(partner)));
          if (message.is_plural() != partner.is_plural())
            problems.push_back(where + ": plural in one locale but not in " + other_locale);
        }
      }
    }
  }
  return problems;
}

}  // namespace coproduce::i18n

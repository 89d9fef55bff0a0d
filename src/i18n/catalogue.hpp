// Message catalogues: the JSON files under src/<module>/messages/ (embedded at
// build time) parsed into one lookup table per locale. Exposed separately from
// i18n.hpp so tests can build catalogues from their own JSON and check every file.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/i18n.hpp"

namespace coproduce::i18n {

// One catalogue file as embedded in the binary.
struct CatalogueFile {
  std::string_view module;  // "map" for src/map/messages/cy.json
  std::string_view locale;  // "cy"
  std::string_view path;    // relative to the source tree, for error messages
  std::string_view json;
};

// Every src/*/messages/*.json, embedded by the build (generated source).
const std::vector<CatalogueFile>& embedded_catalogue_files();

// A message: plain text, or plural forms keyed by ICU plural category.
struct Message {
  std::string text;
  std::map<std::string, std::string> plural_forms;
  bool is_plural() const { return !plural_forms.empty(); }
};

class Catalogue {
 public:
  // Adds a file's messages. Throws std::runtime_error naming the file (and key)
  // for malformed JSON, a value that is neither a string nor an object of
  // strings, or a key already defined for that locale.
  void add_file(const CatalogueFile& file);

  // The message in `locale`, else in English, else nullptr.
  const Message* find(std::string_view locale, std::string_view key) const;
  // The keys defined for `locale` (no fallback).
  std::set<std::string> keys(std::string_view locale) const;

  std::string text(std::string_view locale, std::string_view key, const Args& args) const;
  std::string plural(std::string_view locale, std::string_view key, std::int64_t n,
                     const Args& args) const;

 private:
  std::map<std::string, std::map<std::string, Message, std::less<>>, std::less<>> by_locale_;
};

// The catalogue built once from embedded_catalogue_files().
const Catalogue& embedded_catalogue();

// Every way the files disagree, one line each: a module without both en and cy,
// a key missing from one locale, placeholders that differ, plural forms missing
// a category the locale needs, keys outside the module's namespace, bad JSON.
std::vector<std::string> check_catalogues(const std::vector<CatalogueFile>& files);

// The ICU plural categories `locale` distinguishes for whole numbers.
std::set<std::string> plural_categories(std::string_view locale);
// The placeholder names used in `text`: "{count} of {name}" -> {"count", "name"}.
std::set<std::string> placeholders(std::string_view text);
// `text` with each {name} in args replaced by its value; unknown names stay.
std::string fill(std::string_view text, const Args& args);

}  // namespace coproduce::i18n

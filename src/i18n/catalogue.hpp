// Message catalogues: each module's messages/en.json and cy.json (embedded at
// build time, installed when the module loads) parsed into one lookup table
// per locale. Exposed separately from i18n.hpp so tests can build catalogues
// from their own JSON and check every module's files.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/i18n.hpp"

namespace coproduce::i18n {

// One catalogue file.
struct CatalogueFile {
  std::string module;  // "map" for src/map/messages/cy.json
  std::string locale;  // "cy"
  std::string path;    // for error messages
  std::string json;
};

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

// Adds files to the process-wide catalogue that t() and plural() read (module
// registration does this at start). A file already installed with the same
// path and text is skipped, so loading the same modules twice is harmless.
// Throws std::runtime_error naming the file for a bad one; nothing is added then.
void install(const std::vector<CatalogueFile>& files);
// The process-wide catalogue: every installed file.
const Catalogue& installed_catalogue();

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

// Parses embedded catalogue files, looks messages up with English fallback,
// fills placeholders and picks plural forms with ICU's plural rules.
#include "i18n/catalogue.hpp"

#include <boost/json/parse.hpp>
#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "i18n/icu_locale.hpp"

namespace coproduce::i18n {
namespace {

std::runtime_error file_error(const CatalogueFile& file, const std::string& problem) {
  return std::runtime_error("message catalogue " + std::string(file.path) + ": " + problem);
}

Message parse_message(const CatalogueFile& file, const std::string& key,
                      const boost::json::value& value) {
  Message message;
  if (const auto* text = value.if_string()) {
    message.text = std::string(*text);
    return message;
  }
  const auto* forms = value.if_object();
  if (!forms || forms->empty())
    throw file_error(file, "\"" + key + "\" must be a string or an object of plural forms");
  for (const auto& [category, form] : *forms) {
    if (!form.is_string())
      throw file_error(
          file, "plural form \"" + key + "." + std::string(category) + "\" must be a string");
    message.plural_forms[std::string(category)] = std::string(form.get_string());
  }
  return message;
}

// The plural category of n, chosen on the formatted number as ICU recommends.
std::string category_of(std::string_view locale, std::int64_t n) {
  UErrorCode status = U_ZERO_ERROR;
  auto formatted = number_formatter(locale).formatInt(n, status);
  std::string category;
  plural_rules(locale).select(formatted, status).toUTF8String(category);
  if (U_FAILURE(status)) return "other";
  return category;
}

}  // namespace

void Catalogue::add_file(const CatalogueFile& file) {
  boost::system::error_code ec;
  auto root = boost::json::parse(file.json, ec);
  if (ec) throw file_error(file, "not valid JSON (" + ec.message() + ")");
  const auto* entries = root.if_object();
  if (!entries) throw file_error(file, "must be a JSON object of key -> message");
  auto& table = by_locale_[std::string(file.locale)];
  for (const auto& [json_key, value] : *entries) {
    std::string key(json_key);
    if (!table.emplace(key, parse_message(file, key, value)).second)
      throw file_error(file, "\"" + key + "\" is already defined in another catalogue");
  }
}

const Message* Catalogue::find(std::string_view locale, std::string_view key) const {
  for (std::string_view candidate : {locale, std::string_view("en")}) {
    auto table = by_locale_.find(candidate);
    if (table == by_locale_.end()) continue;
    auto found = table->second.find(key);
    if (found != table->second.end()) return &found->second;
  }
  return nullptr;
}

std::set<std::string> Catalogue::keys(std::string_view locale) const {
  std::set<std::string> result;
  auto table = by_locale_.find(locale);
  if (table != by_locale_.end())
    for (const auto& entry : table->second) result.insert(entry.first);
  return result;
}

std::string Catalogue::text(std::string_view locale, std::string_view key, const Args& args) const {
  const Message* message = find(locale, key);
  if (!message) return std::string(key);
  if (!message->is_plural()) return fill(message->text, args);
  auto other = message->plural_forms.find("other");
  return other == message->plural_forms.end() ? std::string(key) : fill(other->second, args);
}

std::string Catalogue::plural(std::string_view locale, std::string_view key, std::int64_t n,
                              const Args& args) const {
  const Message* message = find(locale, key);
  if (!message) return std::string(key);
  Args with_count = args;
  with_count.emplace_back("count", format_number(locale, n));
  if (!message->is_plural()) return fill(message->text, with_count);
  auto form = message->plural_forms.find(category_of(locale, n));
  if (form == message->plural_forms.end()) form = message->plural_forms.find("other");
  if (form == message->plural_forms.end()) return std::string(key);
  return fill(form->second, with_count);
}

namespace {
// Function-local statics, so installing works even from another file's static
// initialisation. Readers never lock: each install publishes a new catalogue;
// earlier ones are kept alive (a reader may hold one), and installs happen a
// few times per process.
struct Installed {
  std::mutex mutex;
  std::map<std::string, std::string> files;  // path -> text
  std::atomic<const Catalogue*> current{new Catalogue};
};
Installed& installed() {
  static Installed state;
  return state;
}
}  // namespace

void install(const std::vector<CatalogueFile>& files) {
  auto& state = installed();
  std::lock_guard lock(state.mutex);
  auto& installed_files = state.files;
  auto next = std::make_unique<Catalogue>(*state.current.load());
  std::vector<const CatalogueFile*> added;
  for (const auto& file : files) {
    auto seen = installed_files.find(file.path);
    if (seen != installed_files.end()) {
      if (seen->second != file.json)
        throw std::runtime_error("message catalogue " + file.path + " is installed twice with different text");
      continue;
    }
    next->add_file(file);
    added.push_back(&file);
  }
  if (added.empty()) return;
  for (const auto* file : added) installed_files[file->path] = file->json;
  state.current.store(next.release());
}

const Catalogue& installed_catalogue() { return *installed().current.load(); }

std::set<std::string> plural_categories(std::string_view locale) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> keywords(plural_rules(locale).getKeywords(status));
  std::set<std::string> result;
  while (const char* keyword = keywords->next(nullptr, status)) result.insert(keyword);
  return result;
}

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> names;
  for (auto open = text.find('{'); open != std::string_view::npos;
       open = text.find('{', open + 1)) {
    auto close = text.find('}', open);
    if (close == std::string_view::npos) break;
    names.emplace(text.substr(open + 1, close - open - 1));
  }
  return names;
}

std::string fill(std::string_view text, const Args& args) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find('{', pos);
    auto close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    std::string_view name = text.substr(open + 1, close - open - 1);
    const std::string* value = nullptr;
    for (const auto& [arg_name, arg_value] : args)
      if (arg_name == name) value = &arg_value;
    out.append(value ? std::string_view(*value) : text.substr(open, close - open + 1));
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace coproduce::i18n

// Fills a rendered form with kept answers. The pages' forms come from the
// components in web/components.hpp, so every attribute value is escaped by
// escape() and quoted with ": a tag ends at the first '>', and a kept value,
// escaped the same way, compares equal to the attribute text it matches.
#include "web/kept_form.hpp"

#include <map>
#include <optional>
#include <vector>

#include "web/html.hpp"

namespace coproduce::web {
namespace {

// The (escaped) value of attribute `name` in `tag`, nullopt when absent.
std::optional<std::string> attribute(std::string_view tag, std::string_view name) {
  std::string key = " " + std::string(name) + "=\"";
  auto at = tag.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  auto start = at + key.size();
  auto end = tag.find('"', start);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(tag.substr(start, end - start));
}

// `tag` with attribute `name` set to `escaped_value` (replaced or added).
std::string with_attribute(std::string tag, std::string_view name, const std::string& escaped_value) {
  std::string key = " " + std::string(name) + "=\"";
  if (auto at = tag.find(key); at != std::string::npos) {
    auto start = at + key.size();
    auto end = tag.find('"', start);
    return tag.replace(start, end - start, escaped_value);
  }
  return tag.insert(tag.size() - 1, key + escaped_value + "\"");
}

// `tag` with the boolean attribute `name` (checked, selected) present or not.
std::string with_flag(std::string tag, std::string_view name, bool on) {
  std::string word = " " + std::string(name);
  for (auto at = tag.find(word); at != std::string::npos; at = tag.find(word, at + 1)) {
    char after = tag[at + word.size()];
    if (after == ' ' || after == '>') {
      tag.erase(at, word.size());
      break;
    }
  }
  return on ? tag.insert(tag.size() - 1, word) : tag;
}

bool one_of(const std::vector<std::string>& values, const std::string& value) {
  for (const auto& v : values)
    if (v == value) return true;
  return false;
}

// The form's body with the kept answers in it.
std::string filled(std::string_view body, const http::KeptForm& kept) {
  std::map<std::string, std::vector<std::string>> values;  // escaped name -> escaped values, in order
  for (const auto& [name, value] : kept.fields) values[escape(name)].push_back(escape(value));
  std::map<std::string, std::size_t> used;  // text boxes sharing a name take the values in turn
  auto kept_values = [&](const std::optional<std::string>& name) -> const std::vector<std::string>* {
    if (!name) return nullptr;
    auto it = values.find(*name);
    return it == values.end() ? nullptr : &it->second;
  };

  std::string out;
  std::optional<std::string> select_name;  // inside a <select>: its name
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto open = body.find('<', pos);
    if (open == std::string_view::npos) break;
    auto close = body.find('>', open);
    if (close == std::string_view::npos) break;
    out.append(body.substr(pos, open - pos));
    std::string tag(body.substr(open, close - open + 1));
    pos = close + 1;
    if (tag.starts_with("<input ")) {
      auto type = attribute(tag, "type").value_or("text");
      auto name = attribute(tag, "name");
      if (type == "checkbox" || type == "radio") {
        // Sent without a name means unchecked: the form is shown as it was sent.
        const auto* kept_here = kept_values(name);
        bool on = kept_here && one_of(*kept_here, attribute(tag, "value").value_or("on"));
        if (name) tag = with_flag(tag, "checked", on);
      } else if (type != "hidden" && type != "password" && type != "submit" && type != "button" &&
                 type != "file" && type != "image" && type != "reset") {
        if (const auto* kept_here = kept_values(name)) {
          auto& turn = used[*name];
          if (turn < kept_here->size()) tag = with_attribute(tag, "value", (*kept_here)[turn++]);
        }
      }
    } else if (tag.starts_with("<textarea ")) {
      auto end = body.find("</textarea>", pos);
      if (end == std::string_view::npos) end = pos;
      std::string content(body.substr(pos, end - pos));
      if (const auto* kept_here = kept_values(attribute(tag, "name"))) content = kept_here->front();
      out += tag + content;
      pos = end;
      continue;
    } else if (tag.starts_with("<select ")) {
      select_name = attribute(tag, "name");
    } else if (tag == "</select>") {
      select_name.reset();
    } else if (tag.starts_with("<option ") && select_name) {
      if (const auto* kept_here = kept_values(select_name))
        tag = with_flag(tag, "selected", attribute(tag, "value").value_or("") == kept_here->front());
    }
    out += tag;
  }
  out.append(body.substr(pos));
  return out;
}

}  // namespace

bool fill_kept_form(std::string& html, const http::KeptForm& kept) {
  if (kept.action.empty()) return false;
  std::string action = " action=\"" + escape(kept.action) + "\"";
  for (auto at = html.find("<form "); at != std::string::npos; at = html.find("<form ", at + 1)) {
    auto tag_end = html.find('>', at);
    if (tag_end == std::string::npos) return false;
    std::string_view tag(html.data() + at, tag_end - at + 1);
    if (tag.find(action) == std::string_view::npos || tag.find(" method=\"post\"") == std::string_view::npos)
      continue;
    auto end = html.find("</form>", tag_end);
    if (end == std::string::npos) return false;
    auto body_start = tag_end + 1;
    html.replace(body_start, end - body_start, filled(std::string_view(html).substr(body_start, end - body_start), kept));
    return true;
  }
  return false;
}

}  // namespace coproduce::web

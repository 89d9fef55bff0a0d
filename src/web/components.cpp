// GOV.UK Frontend 6 component markup (copied from the package's fixtures).
#include "web/components.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "i18n/i18n.hpp"
#include "web/html.hpp"

namespace coproduce::web {
namespace {

std::string form_group(bool has_error) {
  return has_error ? "<div class=\"govuk-form-group govuk-form-group--error\">\n"
                   : "<div class=\"govuk-form-group\">\n";
}

std::string label(std::string_view id, std::string_view text) {
  return "<label class=\"govuk-label\" for=\"" + escape(id) + "\">" + escape(text) + "</label>\n";
}

std::string hint(std::string_view id, std::string_view text) {
  if (text.empty()) return {};
  return "<div id=\"" + escape(id) + "-hint\" class=\"govuk-hint\">" + escape(text) + "</div>\n";
}

std::string error_for(std::string_view locale, std::string_view id, std::string_view text) {
  return text.empty() ? std::string() : error_message(locale, id, text);
}

// ` aria-describedby="id-hint id-error"`, or nothing when there is neither.
std::string described_by(std::string_view id, std::string_view hint_text,
                         std::string_view error_text) {
  std::string ids;
  if (!hint_text.empty()) ids += std::string(id) + "-hint";
  if (!error_text.empty()) ids += (ids.empty() ? "" : " ") + std::string(id) + "-error";
  return ids.empty() ? std::string() : " aria-describedby=\"" + escape(ids) + "\"";
}

std::string attribute(std::string_view name, std::string_view value) {
  if (value.empty()) return {};
  return " " + std::string(name) + "=\"" + escape(value) + "\"";
}

const std::string& name_or_id(const std::string& name, const std::string& id) {
  return name.empty() ? id : name;
}

// kind: "radios" or "checkboxes"; both share the GOV.UK item structure.
std::string choices(std::string_view locale, const Choices& field, std::string_view kind) {
  std::string k(kind);
  std::string html = form_group(!field.error.empty()) + "<fieldset class=\"govuk-fieldset\"" +
                     described_by(field.id, field.hint, field.error) +
                     ">\n<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">" +
                     escape(field.legend) + "</legend>\n" + hint(field.id, field.hint) +
                     error_for(locale, field.id, field.error);
  html += "<div class=\"govuk-" + k + (field.inline_items ? " govuk-" + k + "--inline" : "") +
          (field.small ? " govuk-" + k + "--small" : "") + "\" data-module=\"govuk-" + k + "\">\n";
  std::string type = kind == "radios" ? "radio" : "checkbox";
  for (std::size_t i = 0; i < field.options.size(); ++i) {
    const Option& option = field.options[i];
    std::string item_id = i == 0 ? field.id : field.id + "-" + std::to_string(i + 1);
    bool checked = std::find(field.selected.begin(), field.selected.end(), option.value) !=
                   field.selected.end();
    html += "<div class=\"govuk-" + k + "__item\">\n<input class=\"govuk-" + k + "__input\" id=\"" +
            escape(item_id) + "\" name=\"" + escape(name_or_id(field.name, field.id)) +
            "\" type=\"" + type + "\" value=\"" + escape(option.value) + "\"" +
            (checked ? " checked" : "") +
            (option.hint.empty() ? "" : " aria-describedby=\"" + escape(item_id) + "-item-hint\"") +
            ">\n<label class=\"govuk-label govuk-" + k + "__label\" for=\"" + escape(item_id) +
            "\">" + escape(option.label) + "</label>\n";
    if (!option.hint.empty())
      html += "<div id=\"" + escape(item_id) + "-item-hint\" class=\"govuk-hint govuk-" + k +
              "__hint\">" + escape(option.hint) + "</div>\n";
    html += "</div>\n";
  }
  return html + "</div>\n</fieldset>\n</div>\n";
}

}  // namespace

std::string error_message(std::string_view locale, std::string_view id, std::string_view message) {
  return "<p id=\"" + escape(id) +
         "-error\" class=\"govuk-error-message\">"
         "<span class=\"govuk-visually-hidden\">" +
         escape(i18n::t(locale, "web.error_prefix")) + "</span> " + escape(message) + "</p>\n";
}

std::string text_input(std::string_view locale, const TextInput& field) {
  std::string classes = "govuk-input";
  if (!field.width_class.empty()) classes += " " + field.width_class;
  if (!field.error.empty()) classes += " govuk-input--error";
  return form_group(!field.error.empty()) + label(field.id, field.label) +
         hint(field.id, field.hint) + error_for(locale, field.id, field.error) + "<input class=\"" +
         escape(classes) + "\" id=\"" + escape(field.id) + "\" name=\"" +
         escape(name_or_id(field.name, field.id)) + "\" type=\"" + escape(field.type) + "\"" +
         attribute("value", field.value) + attribute("autocomplete", field.autocomplete) +
         attribute("inputmode", field.inputmode) + described_by(field.id, field.hint, field.error) +
         ">\n</div>\n";
}

std::string textarea(std::string_view locale, const Textarea& field) {
  return form_group(!field.error.empty()) + label(field.id, field.label) +
         hint(field.id, field.hint) + error_for(locale, field.id, field.error) +
         "<textarea class=\"govuk-textarea" +
         (field.error.empty() ? "" : " govuk-textarea--error") + "\" id=\"" + escape(field.id) +
         "\" name=\"" + escape(name_or_id(field.name, field.id)) + "\" rows=\"" +
         std::to_string(field.rows) + "\"" + described_by(field.id, field.hint, field.error) + ">" +
         escape(field.value) + "</textarea>\n</div>\n";
}

std::string select(std::string_view locale, const Select& field) {
  std::string html = form_group(!field.error.empty()) + label(field.id, field.label) +
                     hint(field.id, field.hint) + error_for(locale, field.id, field.error) +
                     "<select class=\"govuk-select" +
                     (field.error.empty() ? "" : " govuk-select--error") + "\" id=\"" +
                     escape(field.id) + "\" name=\"" + escape(name_or_id(field.name, field.id)) +
                     "\"" + described_by(field.id, field.hint, field.error) + ">\n";
  for (const auto& option : field.options)
    html += "<option value=\"" + escape(option.value) + "\"" +
            (option.value == field.selected ? " selected" : "") + ">" + escape(option.label) +
            "</option>\n";
  return html + "</select>\n</div>\n";
}

std::string radios(std::string_view locale, const Choices& field) {
  return choices(locale, field, "radios");
}

std::string checkboxes(std::string_view locale, const Choices& field) {
  return choices(locale, field, "checkboxes");
}

namespace {

// Which boxes to mark: those the reading flags, else (a date that reads well
// but breaks another rule) all three.
std::array<bool, 3> boxes_in_error(const core::DateParts& typed) {
  auto r = core::read_date(typed);
  if (r.day || r.month || r.year) return {r.day, r.month, r.year};
  return {true, true, true};
}

}  // namespace

std::string date_error_target(std::string_view id, const core::DateParts& typed) {
  auto marked = boxes_in_error(typed);
  return std::string(id) + (marked[0] ? "-day" : marked[1] ? "-month" : "-year");
}

std::string date_input(std::string_view locale, const DateInput& field) {
  std::string example = i18n::t(locale, "web.date.hint", {{"example", "27 3 2026"}});
  std::string hint_text = field.hint.empty() ? example : field.hint + " " + example;
  bool has_error = !field.error.empty();
  auto marked = has_error ? boxes_in_error(field.value) : std::array<bool, 3>{false, false, false};
  const std::string& name = name_or_id(field.name, field.id);
  struct Box {
    const char* part;
    const char* label_key;
    const char* width;
    const std::string& value;
  };
  const Box boxes[] = {{"day", "web.date.day", "govuk-input--width-2", field.value.day},
                       {"month", "web.date.month", "govuk-input--width-2", field.value.month},
                       {"year", "web.date.year", "govuk-input--width-4", field.value.year}};
  std::string html = form_group(has_error) + "<fieldset class=\"govuk-fieldset\" role=\"group\"" +
                     described_by(field.id, hint_text, field.error) +
                     ">\n<legend class=\"govuk-fieldset__legend\">" +
                     escape(field.label) + "</legend>\n" + hint(field.id, hint_text) +
                     error_for(locale, field.id, field.error) + "<div class=\"govuk-date-input\" id=\"" +
                     escape(field.id) + "\">\n";
  for (std::size_t i = 0; i < 3; ++i) {
    const Box& box = boxes[i];
    std::string box_id = field.id + "-" + box.part;
    html += "<div class=\"govuk-date-input__item\">\n<div class=\"govuk-form-group\">\n"
            "<label class=\"govuk-label govuk-date-input__label\" for=\"" +
            escape(box_id) + "\">" + escape(i18n::t(locale, box.label_key)) +
            "</label>\n<input class=\"govuk-input govuk-date-input__input " + box.width +
            (marked[i] ? " govuk-input--error" : "") + "\" id=\"" + escape(box_id) + "\" name=\"" +
            escape(name + "-" + box.part) + "\" type=\"text\"" + attribute("value", box.value) +
            " inputmode=\"numeric\">\n</div>\n</div>\n";
  }
  return html + "</div>\n</fieldset>\n</div>\n";
}

std::string button(const Button& b) {
  return "<button type=\"submit\" class=\"govuk-button" +
         std::string(b.secondary ? " govuk-button--secondary" : "") + "\"" +
         attribute("name", b.name) + attribute("value", b.value) +
         " data-module=\"govuk-button\">" + escape(b.label) + "</button>\n";
}

std::string button_link(std::string_view label, std::string_view href) {
  return "<a href=\"" + escape(href) +
         "\" role=\"button\" draggable=\"false\" class=\"govuk-button\" "
         "data-module=\"govuk-button\">" +
         escape(label) + "</a>\n";
}

namespace {


}  // namespace

std::string form_page_of(const http::Context& ctx) {
  const auto& r = ctx.request;
  if (r.method == http::Method::get) {
    std::string target = r.target.empty() ? r.path : r.target;
    return core::is_local_path(target) ? target : std::string();
  }
  // A form shown again (its errors) answers a POST: it still lives where it was first shown.
  auto posted = r.form();
  auto it = posted.find(std::string(kFormPageField));
  return it != posted.end() && core::is_local_path(it->second) ? it->second : std::string();
}

std::string csrf_field(const http::Context& ctx) {
  std::string html = "<input type=\"hidden\" name=\"csrf_token\" value=\"" + escape(ctx.csrf_token) + "\">";
  auto page = form_page_of(ctx);
  if (!page.empty())
    html += "<input type=\"hidden\" name=\"" + std::string(kFormPageField) + "\" value=\"" + escape(page) + "\">";
  return html;
}

std::string form_open(const http::Context& ctx, std::string_view action) {
  return "<form method=\"post\" action=\"" + escape(action) + "\" novalidate>" + csrf_field(ctx);
}

std::string summary_list(const std::vector<SummaryRow>& rows) {
  std::string html = "<dl class=\"govuk-summary-list\">\n";
  for (const auto& row : rows)
    html += "<div class=\"govuk-summary-list__row\">\n<dt class=\"govuk-summary-list__key\">" +
            escape(row.key) + "</dt>\n<dd class=\"govuk-summary-list__value\">" + row.value_html +
            "</dd>\n</div>\n";
  return html + "</dl>\n";
}

std::string table(const Table& t) {
  auto numeric = [&](std::size_t column) { return column < t.numeric.size() && t.numeric[column]; };
  // Tables of more than three columns would scroll sideways on a phone: they stack.
  bool stack = t.stack_on_narrow || t.headers.size() > 3;
  std::string html = stack ? "<table class=\"govuk-table app-table--stack\">\n"
                           : "<table class=\"govuk-table\">\n";
  auto label = [&](std::size_t column) {
    return stack && column < t.headers.size()
               ? " data-label=\"" + escape(t.headers[column]) + "\""
               : std::string();
  };
  if (!t.caption.empty())
    html += "<caption class=\"govuk-table__caption govuk-table__caption--m\">" + escape(t.caption) +
            "</caption>\n";
  if (!t.headers.empty()) {
    html += "<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">\n";
    for (std::size_t c = 0; c < t.headers.size(); ++c)
      html += "<th scope=\"col\" class=\"govuk-table__header" +
              std::string(numeric(c) ? " govuk-table__header--numeric" : "") + "\">" +
              escape(t.headers[c]) + "</th>\n";
    html += "</tr>\n</thead>\n";
  }
  html += "<tbody class=\"govuk-table__body\">\n";
  for (const auto& row : t.rows_html) {
    html += "<tr class=\"govuk-table__row\">\n";
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c == 0 && t.first_cell_is_header)
        html += "<th scope=\"row\" class=\"govuk-table__header\"" + label(c) + ">" + row[c] + "</th>\n";
      else
        html += "<td class=\"govuk-table__cell" +
                std::string(numeric(c) ? " govuk-table__cell--numeric" : "") + "\"" + label(c) +
                ">" + row[c] + "</td>\n";
    }
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

std::string tag(std::string_view text, std::string_view colour) {
  return "<strong class=\"govuk-tag" +
         (colour.empty() ? std::string() : " govuk-tag--" + escape(colour)) + "\">" + escape(text) +
         "</strong>";
}

std::string inset_text(std::string_view body_html) {
  return "<div class=\"govuk-inset-text\">" + std::string(body_html) + "</div>\n";
}

std::string notification_banner(std::string_view locale, std::string_view heading,
                                std::string_view body_html, bool success) {
  std::string title =
      i18n::t(locale, success ? "web.notification.success" : "web.notification.important");
  return std::string("<div class=\"govuk-notification-banner") +
         (success ? " govuk-notification-banner--success\" role=\"alert\"" : "\" role=\"region\"") +
         " aria-labelledby=\"govuk-notification-banner-title\" "
         "data-module=\"govuk-notification-banner\">\n"
         "<div class=\"govuk-notification-banner__header\">\n"
         "<h2 class=\"govuk-notification-banner__title\" id=\"govuk-notification-banner-title\">" +
         escape(title) +
         "</h2>\n</div>\n<div class=\"govuk-notification-banner__content\">\n"
         "<p class=\"govuk-notification-banner__heading\">" +
         escape(heading) + "</p>\n" + std::string(body_html) + "</div>\n</div>\n";
}

std::string details(std::string_view summary, std::string_view body_html) {
  return "<details class=\"govuk-details\">\n<summary class=\"govuk-details__summary\">"
         "<span class=\"govuk-details__summary-text\">" +
         escape(summary) + "</span></summary>\n<div class=\"govuk-details__text\">" +
         std::string(body_html) + "</div>\n</details>\n";
}

std::string bar_chart(std::string_view id, std::string_view title, const std::vector<Bar>& bars,
                      std::int64_t guide, std::string_view guide_label) {
  constexpr int kWidth = 640, kHeight = 240, kTop = 24, kBottom = 28, kLeft = 8;
  std::int64_t top = std::max<std::int64_t>(guide, 1);
  for (const auto& b : bars) top = std::max(top, b.value);
  const int plot = kHeight - kTop - kBottom;
  const int slot = bars.empty() ? kWidth : (kWidth - 2 * kLeft) / static_cast<int>(bars.size());
  auto y_of = [&](std::int64_t v) { return kTop + plot - static_cast<int>(v * plot / top); };
  std::string title_id = std::string(id) + "-title";
  std::string html = "<svg class=\"app-chart\" id=\"" + escape(id) + "\" viewBox=\"0 0 " +
                     std::to_string(kWidth) + " " + std::to_string(kHeight) +
                     "\" role=\"img\" aria-labelledby=\"" + escape(title_id) +
                     "\" focusable=\"false\"><title id=\"" + escape(title_id) + "\">" + escape(title) +
                     "</title>";
  html += "<line x1=\"0\" x2=\"" + std::to_string(kWidth) + "\" y1=\"" + std::to_string(kTop + plot) +
          "\" y2=\"" + std::to_string(kTop + plot) + "\" class=\"app-chart__axis\"/>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    int x = kLeft + static_cast<int>(i) * slot + slot / 6;
    int w = slot * 2 / 3;
    int y = y_of(b.value);
    html += "<rect class=\"app-chart__bar\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) +
            "\" width=\"" + std::to_string(w) + "\" height=\"" + std::to_string(kTop + plot - y) + "\"/>";
    int mid = x + w / 2;
    html += "<text class=\"app-chart__value\" x=\"" + std::to_string(mid) + "\" y=\"" +
            std::to_string(y - 4) + "\" text-anchor=\"middle\">" + escape(b.value_text) + "</text>";
    html += "<text class=\"app-chart__label\" x=\"" + std::to_string(mid) + "\" y=\"" +
            std::to_string(kHeight - 8) + "\" text-anchor=\"middle\">" + escape(b.label) + "</text>";
  }
  if (guide > 0) {
    int y = y_of(guide);
    html += "<line class=\"app-chart__guide\" x1=\"0\" x2=\"" + std::to_string(kWidth) + "\" y1=\"" +
            std::to_string(y) + "\" y2=\"" + std::to_string(y) + "\"/><text class=\"app-chart__label\" x=\"" +
            std::to_string(kWidth - 4) + "\" y=\"" + std::to_string(y - 4) + "\" text-anchor=\"end\">" +
            escape(guide_label) + "</text>";
  }
  return html + "</svg>\n";
}

std::string pagination(std::string_view locale, const Pagination& p) {
  auto link_title = [&](const char* key) {
    return "<span class=\"govuk-pagination__link-title\">" + escape(i18n::t(locale, key)) +
           "</span>";
  };
  std::string html = "<nav class=\"govuk-pagination\" aria-label=\"" +
                     escape(i18n::t(locale, "web.pagination.label")) + "\">\n";
  if (!p.previous_href.empty())
    html +=
        "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" "
        "href=\"" +
        escape(p.previous_href) + "\" rel=\"prev\">" + link_title("web.pagination.previous_page") +
        "</a></div>\n";
  if (!p.pages.empty()) {
    html += "<ul class=\"govuk-pagination__list\">\n";
    for (const auto& link : p.pages) {
      bool current = link.number == p.current;
      std::string number = std::to_string(link.number);
      html += std::string("<li class=\"govuk-pagination__item") +
              (current ? " govuk-pagination__item--current" : "") +
              "\"><a class=\"govuk-link govuk-pagination__link\" href=\"" + escape(link.href) +
              "\" aria-label=\"" +
              escape(i18n::t(locale, "web.pagination.page", {{"number", number}})) + "\"" +
              (current ? " aria-current=\"page\"" : "") + ">" + number + "</a></li>\n";
    }
    html += "</ul>\n";
  }
  if (!p.next_href.empty())
    html +=
        "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
        "href=\"" +
        escape(p.next_href) + "\" rel=\"next\">" + link_title("web.pagination.next_page") +
        "</a></div>\n";
  return html + "</nav>\n";
}

}  // namespace coproduce::web

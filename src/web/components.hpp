// GOV.UK Design System components as C++ functions returning HTML. Plain-text
// parameters are escaped here; parameters named *_html are inserted as given
// (build them with these functions or escape()). Labels, hints and errors are
// tied to their control: hint id "{id}-hint", error id "{id}-error", both
// listed in aria-describedby; radio/checkbox items get ids "{id}", "{id}-2"...
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/dates.hpp"
#include "http/router.hpp"

namespace coproduce::web {

struct Option {
  std::string value{};
  std::string label{};  // plain text
  std::string hint{};   // plain text, optional (radios and checkboxes only)
};

struct TextInput {
  std::string id{};
  std::string name{};  // defaults to id
  std::string label{};
  std::string hint{};
  std::string error{};  // when set: error styling and message
  std::string value{};
  std::string type = "text";   // text, email, password, url, tel, search
  std::string autocomplete{};  // e.g. "email", "off"
  std::string inputmode{};     // e.g. "numeric", "decimal"
  std::string width_class{};   // e.g. "govuk-input--width-10"
};
std::string text_input(std::string_view locale, const TextInput& field);

struct Textarea {
  std::string id{};
  std::string name{};
  std::string label{};
  std::string hint{};
  std::string error{};
  std::string value{};
  int rows = 5;
};
std::string textarea(std::string_view locale, const Textarea& field);

struct Select {
  std::string id{};
  std::string name{};
  std::string label{};
  std::string hint{};
  std::string error{};
  std::vector<Option> options{};
  std::string selected{};  // value of the selected option
};
std::string select(std::string_view locale, const Select& field);

// Radios and checkboxes: a fieldset with a legend.
struct Choices {
  std::string id{};  // first item's id (the error summary links here); later items "{id}-2"...
  std::string name{};
  std::string legend{};
  std::string hint{};
  std::string error{};
  std::vector<Option> options{};
  std::vector<std::string> selected{};  // values checked
  bool inline_items = false;
  bool small = false;
};
std::string radios(std::string_view locale, const Choices& field);
std::string checkboxes(std::string_view locale, const Choices& field);

// A date as the GOV.UK date input: a fieldset whose legend is the label, a
// hint with an example ("For example, 27 3 2026"), and three boxes with ids
// and names "{id}-day", "{id}-month", "{id}-year" (numeric keyboards). With an
// error, only the boxes in error are marked: those core::read_date flags in
// what was typed, or all three when the date reads well but breaks another
// rule (a range, a date in the future). See web/forms.hpp for reading it back.
struct DateInput {
  std::string id{};
  std::string name{};   // defaults to id; the boxes are "{name}-day" ...
  std::string label{};  // the legend; error messages start with it
  std::string hint{};
  std::string error{};
  core::DateParts value{};  // as typed (or core::parts_of a stored date)
};
std::string date_input(std::string_view locale, const DateInput& field);
// The id of the first box in error for what was typed ("{id}-month"): where
// the error summary links to.
std::string date_error_target(std::string_view id, const core::DateParts& typed);

struct Button {
  std::string label{};
  bool secondary = false;
  std::string name{};
  std::string value{};  // optional: which button submitted the form
};
std::string button(const Button& b);
// A link styled as a button (GET navigation).
std::string button_link(std::string_view label, std::string_view href);

// Hidden input carrying ctx.csrf_token; put one in every form that POSTs.
// With it goes the page the form is on (kFormPageField): when the form cannot
// be accepted as sent (the session ended), that is where the person returns
// to find what they typed (web/kept_form.hpp).
std::string csrf_field(const http::Context& ctx);
inline constexpr std::string_view kFormPageField = "form_page";
// The page a form rendered for this request is on: a GET's own path and
// query, or for a form shown again after a POST, the form_page it sent ("" when unknown).
std::string form_page_of(const http::Context& ctx);
// The opening of a POST form to `action` (escaped) with its CSRF field; the
// browser's own validation is off so the server's errors are the ones shown.
std::string form_open(const http::Context& ctx, std::string_view action);

// The error message for a control ("Error:" read out first).
std::string error_message(std::string_view locale, std::string_view id, std::string_view message);

struct SummaryRow {
  std::string key{};  // plain text
  std::string value_html{};
};
std::string summary_list(const std::vector<SummaryRow>& rows);

struct Table {
  std::string caption{};                              // plain text
  std::vector<std::string> headers{};                 // plain text, column headers
  std::vector<std::vector<std::string>> rows_html{};  // cells, pre-escaped
  std::vector<bool> numeric{};                        // per column: right-aligned numbers
  bool first_cell_is_header = false;                  // first cell of each row is a row header
  // On narrow screens each row becomes a stacked summary, every cell labelled
  // by its column header (no sideways scrolling at 320 px). Always so for
  // tables of more than three columns.
  bool stack_on_narrow = false;
};
std::string table(const Table& t);

// colour: "" (default blue) or "grey", "green", "turquoise", "blue", "light-blue",
// "purple", "pink", "red", "orange", "yellow".
std::string tag(std::string_view text, std::string_view colour = {});
std::string inset_text(std::string_view body_html);
// success: green banner announced as an alert; otherwise "Important".
std::string notification_banner(std::string_view locale, std::string_view heading,
                                std::string_view body_html = {}, bool success = false);
std::string details(std::string_view summary, std::string_view body_html);

// A bar chart as inline SVG, named by its title for screen readers. Charts
// always sit beside a table with the same figures: the table is the source.
struct Bar {
  std::string label{};       // short, under the bar
  std::int64_t value = 0;    // bar heights are proportional to this
  std::string value_text{};  // written above the bar
};
std::string bar_chart(std::string_view id, std::string_view title, const std::vector<Bar>& bars,
                      std::int64_t guide = 0, std::string_view guide_label = {});

struct PageLink {
  int number{};
  std::string href{};
};
struct Pagination {
  std::string previous_href{};  // "" when on the first page
  std::string next_href{};      // "" when on the last page
  std::vector<PageLink> pages{};
  int current = 0;
};
std::string pagination(std::string_view locale, const Pagination& p);

}  // namespace coproduce::web

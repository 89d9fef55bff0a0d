// The data dictionary: what each column of every CSV download means, in the
// reader's language. The downloads themselves keep one set of headers and
// codes in every language, so that programs read them alike.
#include "web/dictionary_page.hpp"

#include "i18n/i18n.hpp"
#include "web/components.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::web {
namespace {

std::string values_html(std::string_view locale, const module::Column& column) {
  if (column.values.empty()) return {};
  std::string html = "<ul class=\"govuk-list\">";
  for (const auto& code : column.values)
    html += "<li><code>" + escape(code) + "</code>: " +
            escape(i18n::t(locale, column.value_prefix + code)) + "</li>";
  return html + "</ul>";
}

}  // namespace

http::Response dictionary_page(const http::Context& ctx, const module::Registry& registry) {
  auto t = [&](std::string_view key) { return i18n::t(ctx.locale, key); };
  std::string title = t("web.dictionary.title");
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>\n";
  html += "<p class=\"govuk-body\">" + escape(t("web.dictionary.intro")) + "</p>\n";
  for (const auto& e : registry.exports(ctx.principal)) {
    if (e.columns.empty()) continue;
    std::string label = t(e.label_key);
    html += "<h2 class=\"govuk-heading-m\">" + escape(label) + "</h2>\n";
    if (e.path.find("{id}") != std::string::npos)
      html += "<p class=\"govuk-body\">" + escape(t(e.where_key)) + "</p>\n";
    else
      html += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" + escape(e.path) + "\">" +
              escape(t("web.dictionary.download")) + "<span class=\"govuk-visually-hidden\"> " +
              escape(label) + "</span></a></p>\n";
    Table columns{.caption = t("web.dictionary.columns_of") + " " + label,
                  .headers = {t("web.dictionary.column"), t("web.dictionary.meaning"),
                              t("web.dictionary.values")},
                  .first_cell_is_header = true,
                  .stack_on_narrow = true};
    for (const auto& c : e.columns)
      columns.rows_html.push_back({"<code>" + escape(c.name) + "</code>", escape(t(c.meaning_key)),
                                   values_html(ctx.locale, c)});
    html += table(columns);
  }
  return http::Response::html(page(ctx, {.title = title}, html));
}

}  // namespace coproduce::web

#include "commission/process/page_support.hpp"

#include <boost/json.hpp>

#include "access/access.hpp"
#include "core/error.hpp"
#include "web/html.hpp"

namespace coproduce::commission::process {

namespace json = boost::json;
using web::escape;

std::string t(const http::Context& ctx, std::string_view key, const i18n::Args& args) {
  return i18n::t(ctx.locale, key, args);
}

std::string link(std::string_view href, std::string_view text) {
  return "<a class=\"govuk-link\" href=\"" + escape(href) + "\">" + escape(text) + "</a>";
}

std::string para(std::string_view text) { return "<p class=\"govuk-body\">" + escape(text) + "</p>"; }

std::string heading(std::string_view text, std::string_view size) {
  return "<h2 class=\"govuk-heading-" + std::string(size) + "\">" + escape(text) + "</h2>";
}

std::string money(const http::Context& ctx, std::int64_t minor, const std::string& currency) {
  return i18n::format_money(ctx.locale, minor, currency);
}

std::string process_path(const Process& p) { return std::string(kListPath) + "/" + web::url_encode(p.id); }
std::string project_path(const Process& p, const std::string& code) {
  return process_path(p) + "/projects/" + web::url_encode(code);
}

Process process_or_404(store::Connection& c, const http::Context& ctx, const std::string& id) {
  auto process = find_process(c, ctx.principal.organisation_id, id);
  if (!process) throw core::not_found("Participatory budgeting process " + id);
  return *process;
}

std::vector<std::string> choices_from_json(std::string_view body, const std::vector<std::string>& also,
                                           http::Fields& fields, std::vector<std::int64_t>* points) {
  json::value parsed;
  try {
    parsed = json::parse(body);
  } catch (const std::exception&) {
    throw core::malformed("The body is not valid JSON");
  }
  if (!parsed.is_object()) throw core::malformed("The body must be a JSON object");
  std::vector<core::FieldProblem> problems;
  std::vector<std::string> choices;
  for (const auto& [key, value] : parsed.as_object()) {
    std::string name(key);
    if (name == "choices") {
      if (!value.is_array()) {
        problems.push_back({"choices", "commission.error.choices_type"});
        continue;
      }
      for (const auto& item : value.as_array()) {
        if (!item.is_string()) {
          problems.push_back({"choices", "commission.error.choices_type"});
          break;
        }
        choices.emplace_back(item.as_string());
      }
    } else if (name == "points" && points) {
      if (!value.is_array()) {
        problems.push_back({"points", "commission.error.points_type"});
        continue;
      }
      for (const auto& item : value.as_array()) {
        if (!item.is_int64()) {
          problems.push_back({"points", "commission.error.points_type"});
          break;
        }
        points->push_back(item.as_int64());
      }
    } else if (std::find(also.begin(), also.end(), name) != also.end()) {
      if (value.is_string()) fields[name] = std::string(value.as_string());
      else if (value.is_bool()) fields[name] = value.as_bool() ? "true" : "false";
      else if (!value.is_null()) problems.push_back({name, "web.error.field.wrong_type"});
    } else {
      problems.push_back({name, "web.error.field.unknown"});
    }
  }
  if (!problems.empty()) throw core::ValidationFailed(problems);
  return choices;
}

http::Response no_store_page(std::string html, int status) {
  auto response = http::Response::html(std::move(html), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

web::PageOptions page_options(const http::Context& ctx, const std::string& title, const Process* p,
                              std::vector<web::FieldError> errors, std::vector<web::Breadcrumb> more) {
  web::PageOptions options;
  options.title = title;
  options.current_nav = std::string(kListPath);
  options.breadcrumbs = {{t(ctx, "commission.list.title"), std::string(kListPath)}};
  if (p) options.breadcrumbs.push_back({p->name(ctx.locale), process_path(*p)});
  for (auto& crumb : more) options.breadcrumbs.push_back(std::move(crumb));
  options.error_summary = std::move(errors);
  return options;
}

http::Response anonymous_form(const module::Environment& env, const http::Context& ctx, std::string html,
                              int status) {
  auto response = no_store_page(std::move(html), status);
  if (auto cookie = access::anonymous_csrf_cookie(ctx, access::options_from(env)))
    response.headers.emplace_back("Set-Cookie", *cookie);
  return response;
}

}  // namespace coproduce::commission::process

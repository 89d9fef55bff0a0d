// What the process module's pages and API share: paths, the process lookup
// that answers 404 for another organisation's id, reading ballots sent as
// JSON or as a form, and small HTML pieces.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "commission/process/process.hpp"
#include "http/fields.hpp"
#include "http/router.hpp"
#include "i18n/i18n.hpp"
#include "module/module.hpp"
#include "web/layout.hpp"

namespace coproduce::commission::process {

inline constexpr std::string_view kListPath = "/pb";
inline constexpr char kManagePermission[] = "commission.manage";
inline constexpr char kSignOffPermission[] = "commission.sign_off";
inline constexpr char kBoothPermission[] = "commission.booth";
inline constexpr char kDeliverPermission[] = "commission.deliver";
inline constexpr char kReconcilePermission[] = "commission.reconcile";
inline constexpr char kValuePermission[] = "commission.value";

std::string t(const http::Context& ctx, std::string_view key, const i18n::Args& args = {});
std::string link(std::string_view href, std::string_view text);
std::string para(std::string_view text);
std::string heading(std::string_view text, std::string_view size = "m");
std::string money(const http::Context& ctx, std::int64_t minor, const std::string& currency);

std::string process_path(const Process& p);
std::string project_path(const Process& p, const std::string& code);

Process process_or_404(store::Connection& c, const http::Context& ctx, const std::string& id);

// The project codes of a ballot sent as JSON {"choices": [...]} (plus the
// other string or boolean fields named in `also`, returned in `fields` as
// text, booleans as "true"/"false"; no choices: an empty list): 400 for a body
// that is not a JSON object, 422 naming a field of the wrong type or unknown.
// Given `points`, a points ballot's "points": [integers] aligned with the
// choices are taken into it.
std::vector<std::string> choices_from_json(std::string_view body, const std::vector<std::string>& also,
                                           http::Fields& fields, std::vector<std::int64_t>* points = nullptr);

// A page that must not be kept by caches (forms, what a person sees of their own).
http::Response no_store_page(std::string html, int status = 200);
// The frame of a process's page: its title, the breadcrumbs down to the
// process (when given) and `more` below it, and the error summary.
web::PageOptions page_options(const http::Context& ctx, const std::string& title, const Process* p,
                              std::vector<web::FieldError> errors = {}, std::vector<web::Breadcrumb> more = {});

// A page response for a form that anonymous visitors post: no-store, and the
// anonymous CSRF cookie when the browser has none yet.
http::Response anonymous_form(const module::Environment& env, const http::Context& ctx, std::string html,
                              int status = 200);

}  // namespace coproduce::commission::process

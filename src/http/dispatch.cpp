// The request pipeline shared by every connection (see dispatch.hpp).
#include "http/dispatch.hpp"

#include "core/text.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "http/access_log.hpp"
#include "http/inputs.hpp"
#include "http/static_files.hpp"

namespace coproduce::http {

namespace {

constexpr std::string_view kAssetsPrefix = "/assets/";
constexpr Method kAllMethods[] = {Method::get,   Method::head, Method::post,   Method::put,
                                  Method::patch, Method::del,  Method::options};

bool changes_state(Method m) {
  return m == Method::post || m == Method::put || m == Method::patch || m == Method::del;
}

std::string allowed_methods(const Router& router, const std::string& path) {
  std::string allow;
  for (Method m : kAllMethods) {
    bool ignored = true;
    if (router.match(m, path, &ignored)) {
      if (!allow.empty()) allow += ", ";
      allow += to_string(m);
    }
  }
  return allow;
}

Response minimal_error_page(const core::Error& error) {
  auto status = std::to_string(error.http_status());
  return Response::html("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                            status + "</title></head><body><h1>" + status + "</h1><p>" +
                            core::escape_html(error.what()) + "</p></body></html>\n",
                        error.http_status());
}

}  // namespace


Response Dispatcher::render_error(Context& ctx, const core::Error& error) const {
  if (ctx.request.wants_json()) {
    if (!translate) return Response::error(error);
    std::string locale = ctx.locale;
    // English details stay for English readers; others get the general message in their language.
    return Response::error(error, [&](const std::string& key) { return translate(locale, key); },
                           locale == "en" ? std::string() : general_error_key(error.http_status(), true));
  }
  if (!error_page) return minimal_error_page(error);
  try {
    auto page = error_page(ctx, error);
    page.status = error.http_status();
    if (error.retry_after() > 0) page.set_header("Retry-After", std::to_string(error.retry_after()));
    return page;
  } catch (...) {
    return minimal_error_page(error);  // a broken error page must not hide the error
  }
}

Response Dispatcher::handle(const Request& request, std::string_view request_id,
                            bool* signed_in) const {
  Context ctx{request, {}, "en", {}, {}, {}};
  *signed_in = false;
  auto response = answer(ctx, request_id, signed_in);
  // A signed-in answer (errors included) is for that person alone: no cache may keep it.
  if (ctx.principal.signed_in() && !response.header("Cache-Control"))
    response.set_header("Cache-Control", "no-store");
  return response;
}

Response Dispatcher::answer(Context& ctx, std::string_view request_id, bool* signed_in) const {
  const Request& request = ctx.request;
  try {
    if (!static_root.empty() && request.path.rfind(kAssetsPrefix, 0) == 0 &&
        (request.method == Method::get || request.method == Method::head))
      return static_file(static_root, std::string_view(request.path).substr(kAssetsPrefix.size()));

    check_text_inputs(request);  // before anything reads an input, the authenticator included
    if (authenticate) authenticate(request, ctx);
    *signed_in = ctx.principal.signed_in();

    bool method_allowed = true;
    auto match = router.match(request.method, request.path, &method_allowed);
    if (!match) {
      if (method_allowed) throw core::not_found("Page");
      auto response = render_error(
          ctx, core::Error(405, "method_not_allowed",
                           std::string(to_string(request.method)) + " is not allowed here"));
      response.set_header("Allow", allowed_methods(router, request.path));
      return response;
    }
    ctx.params = std::move(match->params);
    const Route& route = *match->route;

    bool page_form = changes_state(request.method) && !route.is_api() && !request.wants_json();
    if (!route.policy.allows(ctx.principal)) {
      if (ctx.principal.signed_in()) throw core::forbidden();
      if (request.wants_json() || route.is_api()) return Response::error(core::unauthenticated());
      // A form sent after the session ended: what was typed is kept for after signing in.
      if (page_form && ctx.keep_form)
        if (auto kept = ctx.keep_form(ctx, false)) return std::move(*kept);
      return Response::redirect("/login?return=" +
                                boost::urls::encode(request.target, boost::urls::unreserved_chars));
    }
    if (changes_state(request.method) && check_csrf) {
      try {
        check_csrf(request, ctx);
      } catch (const core::Error& e) {
        // A form shown in a session that has since changed: kept, and shown again to send.
        if (e.code() != "csrf" || !page_form || !ctx.principal.signed_in() || !ctx.keep_form) throw;
        if (auto kept = ctx.keep_form(ctx, true)) return std::move(*kept);
        throw;
      }
    }
    return route.handler(ctx);
  } catch (const core::Error& e) {
    return render_error(ctx, e);
  } catch (const std::exception& e) {
    write_error_log(request_id, e.what());
  } catch (...) {
    write_error_log(request_id, "unknown exception");
  }
  return render_error(ctx, core::Error(500, "internal", "Something went wrong on our side"));
}

}  // namespace coproduce::http

// Routes: method + pattern ("/api/v1/initiatives/{id}") + a named policy
// declared next to the handler. Authorisation is decided by the policy before
// the handler runs, on every route; the route table can be listed so tests
// can walk every route with every role and compare it with the OpenAPI file.
#pragma once

#include <any>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/roles.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace coproduce::http {

// What a person typed in a page form that could not be accepted as sent (their
// session had ended, or changed since the form was shown), given back on the
// page the form is on, where the page frame fills that form in (web/kept_form.hpp).
struct KeptForm {
  std::string action{};                                       // which form: the one posting here
  std::vector<std::pair<std::string, std::string>> fields{};  // in order; checkboxes repeat a name
};

struct Context;
// Keeps what a page form sent when it cannot be accepted as sent, and answers
// where the person goes next (signing in, or back to the form); nullopt: the
// usual answer (the sign-in redirect, or the 403). `session_changed` is false
// when the form came without a session the route needs, true when its CSRF
// token belongs to a session that has since changed.
using FormKeeper = std::function<std::optional<Response>(Context&, bool session_changed)>;

struct Context {
  const Request& request;
  core::Principal principal;                  // who is asking (anonymous allowed)
  std::string locale = "en";                  // "en" or "cy", negotiated per request
  std::map<std::string, std::string> params;  // path parameters, decoded
  std::string csrf_token;                     // to embed in forms rendered for this request
  std::any page_frame;                        // what pages show around their content, prepared
                                              // before the handler runs (web::Frame)
  std::string frame_key{};                    // what of that frame an organisation can change (its
                                              // name): cached pages are kept per value
  FormKeeper keep_form{};                     // set by the authenticator for page forms
  std::optional<KeptForm> kept_form{};        // answers given back on this page (access module)

  const std::string& param(const std::string& name) const { return params.at(name); }
};

using Handler = std::function<Response(Context&)>;

struct Policy {
  std::string name;  // e.g. "public", "signed_in", "officer"; shown in the route table
  std::function<bool(const core::Principal&)> allows;
};

namespace policy {
Policy everyone();    // public pages and JSON
Policy signed_in();   // any role in the organisation
Policy any_of(std::string name, std::vector<core::Role> roles);
}  // namespace policy

struct Route {
  Method method;
  std::string pattern;
  Policy policy;
  Handler handler;
  std::string summary;  // one line; feeds the OpenAPI description
  bool is_api() const { return pattern.rfind("/api/", 0) == 0; }
};

class Router {
 public:
  void add(Method method, std::string pattern, Policy policy, Handler handler,
           std::string summary = {});
  struct Match {
    const Route* route;
    std::map<std::string, std::string> params;
  };
  // nullopt: no pattern matches the path. `method_allowed` false: the path
  // matches but not with this method (405).
  std::optional<Match> match(Method method, const std::string& path, bool* method_allowed) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace coproduce::http

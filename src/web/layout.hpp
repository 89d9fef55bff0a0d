// The page frame every HTML page shares: GOV.UK template, header with
// navigation, language switch, phase banner, breadcrumbs, error summary, footer.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/router.hpp"

namespace coproduce::web {

// Paths the frame links to (owned by the map and access modules).
inline constexpr std::string_view kMapPath = "/map";
inline constexpr std::string_view kSignInPath = "/login";
inline constexpr std::string_view kSignOutPath = "/logout";
// The organisation's own pages every footer and the phase banner link to (access module).
inline constexpr std::string_view kAccessibilityPath = "/accessibility";
inline constexpr std::string_view kPrivacyPath = "/privacy";
inline constexpr std::string_view kCookiesPath = "/cookies";
inline constexpr std::string_view kFeedbackPath = "/feedback";
// The language switch route (web/routes.hpp).
inline constexpr std::string_view kLanguagePath = "/language";

struct Breadcrumb {
  std::string label{};  // plain text
  std::string href{};
};

struct FieldError {
  std::string field_id{};  // id of the input (first item's id for radios/checkboxes)
  std::string message{};   // plain text
};

struct PageOptions {
  std::string title{};                    // plain text; the <title> adds " – coproduce"
  std::vector<Breadcrumb> breadcrumbs{};  // shown above <main> when not empty
  std::vector<FieldError>
      error_summary{};        // when not empty: summary at the top, title "Error: ..."
  std::string current_nav{};  // href of the navigation item to mark current, e.g. kMapPath
};

// What the frame shows that depends on the deployment and the person: the
// navigation entries they may see, labels already in the page's language.
struct NavItem {
  std::string href{};
  std::string label{};
};
struct Frame {
  std::vector<NavItem> navigation{};
  std::vector<NavItem> account_links{};  // beside "Sign out": the account, notifications
  std::string organisation_name{};      // shown on every page; "" when unknown
};
using FrameSource = std::function<Frame(const http::Context&)>;
// Set once at start (the web module's load does it from the modules'
// navigation declarations); without one, pages have no navigation entries.
void set_frame_source(FrameSource source);

// The whole document around main_html (pre-escaped), in ctx.locale.
std::string page(const http::Context& ctx, const PageOptions& opts, std::string_view main_html);

// The GOV.UK error summary linking each message to its field ("" when empty).
std::string error_summary(std::string_view locale, const std::vector<FieldError>& errors);

// Where the switch to `locale` points: the language route, returning to the
// current path with its other query parameters.
std::string language_switch_href(const http::Request& request, std::string_view locale);

}  // namespace coproduce::web

// HTML pages of the access module, one function per page, on the shared
// GOV.UK layout (src/web) with their strings from the catalogue.
#pragma once

#include <string>
#include <vector>

#include "http/router.hpp"

namespace coproduce::access {

struct FieldError {
  std::string field;  // the input's id, for the error summary's link
  std::string code;   // core::Error code: picks the translated message
  std::string message;  // English fallback for codes without a message
};

struct LoginPage {
  std::string organisation_slug;  // posted back so the login acts in the same organisation
  std::string organisation_name;
  std::string email;      // kept on a failed attempt; the password never is
  std::string return_to;  // a local path, already validated
  std::vector<FieldError> errors;
};

std::string render_login_page(const http::Context& ctx, const LoginPage& page);

}  // namespace coproduce::access

// Giving a person back what they typed in a form they could not send (their
// session had ended): the access module keeps the fields and finds them again
// on the page the form is on (http::Context::kept_form); the page frame fills
// that form in with them and says so in a banner. Nothing is sent again
// until the person checks the answers and sends the form themselves.
#pragma once

#include <string>

#include "http/router.hpp"

namespace coproduce::web {

// Fills the POST form in `html` whose action is kept.action with kept.fields:
// text boxes' values, text areas, the option selected, radios and checkboxes
// checked. Hidden fields (the CSRF token among them) and password boxes stay
// as rendered. False when `html` has no such form (nothing changed).
bool fill_kept_form(std::string& html, const http::KeptForm& kept);

}  // namespace coproduce::web

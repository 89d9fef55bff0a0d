// A JSON request body read as text fields, the shape an HTML form gives, so
// one validation serves the API and the pages of every module.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace coproduce::http {

using Fields = std::map<std::string, std::string>;

// Strings, numbers and booleans become text (2.5 -> "2.5", true -> "true");
// null means absent. Throws core::malformed (400) for a body that is not a
// JSON object, and core::ValidationFailed (422) naming each field that is not
// in `allowed` (web.error.field.unknown) or holds an array or an object
// (web.error.field.wrong_type).
Fields fields_from_json(std::string_view body, const std::vector<std::string>& allowed);

}  // namespace coproduce::http

// The OpenAPI 3 description of the JSON API (src/app/openapi.json, compiled in).
// routes_test.cpp holds it to the router: every API route is described and
// every described operation is routed.
#pragma once

#include <string>

namespace coproduce::app {

const std::string& openapi_document();

}  // namespace coproduce::app

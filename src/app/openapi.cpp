#include "app/openapi.hpp"

namespace coproduce::app {

const std::string& openapi_document() {
  static const std::string document =
#include "openapi.json.inc"
      ;
  return document;
}

}  // namespace coproduce::app

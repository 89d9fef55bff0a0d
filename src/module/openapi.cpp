// The OpenAPI 3.1 document, assembled from the API routes and schemas the
// modules declared. The answers every route can give are added here, from
// what the route is (public or not, with path parameters, with a body), so a
// module declares only what is particular to it.
#include <boost/json.hpp>
#include <set>
#include <stdexcept>

#include "module/registry.hpp"

namespace coproduce::module {
namespace json = boost::json;
namespace {

constexpr std::string_view kErrorSchema = R"({
  "type": "object", "required": ["error"],
  "properties": {"error": {"type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"},
      "field": {"type": "string"},
      "details": {"type": "array", "items": {"type": "object",
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}}}})";

json::value schema_of(const std::string& text) {
  if (!text.empty() && text.front() == '{') return json::parse(text);
  return json::object{{"$ref", "#/components/schemas/" + text}};
}

std::vector<std::string> path_parameters(std::string_view pattern) {
  std::vector<std::string> names;
  for (auto open = pattern.find('{'); open != std::string_view::npos;
       open = pattern.find('{', open + 1))
    names.emplace_back(pattern.substr(open + 1, pattern.find('}', open) - open - 1));
  return names;
}

std::string method_name(http::Method m) {
  std::string name(http::to_string(m));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "del" ? "delete" : name;
}

// "get_api_v1_initiatives_id": unique, since routes are.
std::string operation_id(const RouteDecl& route) {
  std::string id = method_name(route.method);
  for (char c : route.pattern) {
    bool word = std::isalnum(static_cast<unsigned char>(c));
    if (word) id += c;
    else if (id.back() != '_') id += '_';
  }
  while (id.back() == '_') id.pop_back();
  return id;
}

const char* standard_error(int status) {
  switch (status) {
    case 400: return "The request is malformed (not JSON, not an object, invalid text)";
    case 401: return "Not signed in: a session cookie or a bearer API token is needed";
    case 403: return "Signed in, but this role may not do this (or the CSRF token is wrong)";
    case 404: return "No such record in this organisation";
    case 409: return "Conflicts with what is recorded";
    case 413: return "The body is larger than the limit";
    case 422: return "A field is missing or invalid; error.field names it, error.details lists every problem";
    case 429: return "Too many requests: wait for Retry-After seconds";
    default: return "Error";
  }
}

json::object operation(const RouteDecl& route) {
  const Api& api = *route.api;
  json::object op{{"summary", api.summary()}, {"tags", json::array{json::value(route.module)}},
                  {"operationId", operation_id(route)}};
  if (!api.description().empty()) op["description"] = api.description();
  json::array parameters;
  for (const auto& name : path_parameters(route.pattern))
    parameters.push_back({{"name", name}, {"in", "path"}, {"required", true},
                          {"schema", {{"type", "string"}}}});
  for (const auto& q : api.query_params())
    parameters.push_back({{"name", q.name}, {"in", "query"}, {"required", false},
                          {"description", q.description}, {"schema", json::parse(q.schema)}});
  if (!parameters.empty()) op["parameters"] = parameters;
  if (!api.body_schema().empty())
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", schema_of(api.body_schema())}}}}}};

  json::object responses;
  std::set<int> statuses;
  for (const auto& a : api.answers()) {
    json::object answer{{"description", a.description}};
    if (!a.media_type.empty()) {
      json::object media;
      if (!a.schema.empty()) media["schema"] = schema_of(a.schema);
      else if (a.media_type == "application/json") media["schema"] = json::object{{"type", "object"}};
      else media["schema"] = json::object{{"type", "string"}};
      answer["content"] = {{a.media_type, media}};
    }
    responses[std::to_string(a.status)] = answer;
    statuses.insert(a.status);
  }
  std::vector<int> errors;
  if (route.permission != kPublic) errors.insert(errors.end(), {401, 403});
  if (!path_parameters(route.pattern).empty()) errors.push_back(404);
  if (!api.body_schema().empty()) errors.insert(errors.end(), {400, 413, 422});
  for (int status : errors)
    if (!statuses.count(status))
      responses[std::to_string(status)] = {
          {"description", standard_error(status)},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  op["responses"] = responses;
  if (route.permission == kPublic) op["security"] = json::array{};
  return op;
}

// Every "$ref" under `value` points at a declared schema; throws naming `where`.
void check_refs(const json::value& value, const json::object& schemas, const std::string& where) {
  if (const auto* object = value.if_object()) {
    for (const auto& [key, child] : *object) {
      if (key == "$ref" && child.is_string()) {
        std::string_view ref = child.as_string();
        constexpr std::string_view prefix = "#/components/schemas/";
        if (ref.substr(0, prefix.size()) != prefix || !schemas.contains(ref.substr(prefix.size())))
          throw std::invalid_argument(where + " refers to the schema " + std::string(ref) +
                                      ", which no module declares");
      }
      check_refs(child, schemas, where);
    }
  } else if (const auto* array = value.if_array()) {
    for (const auto& child : *array) check_refs(child, schemas, where);
  }
}

}  // namespace

std::string Registry::openapi_json() const {
  json::object schemas{{"Error", json::parse(kErrorSchema)}};
  for (const auto& [name, text] : schemas_) schemas[name] = json::parse(text);
  json::object paths;
  for (const auto& route : routes_) {
    if (!route.api) continue;
    auto& item = paths[route.pattern];
    if (!item.is_object()) item = json::object{};
    auto op = operation(route);
    check_refs(op, schemas, "module " + route.module + ": " + method_name(route.method) + " " +
                                route.pattern);
    item.as_object()[method_name(route.method)] = std::move(op);
  }
  for (const auto& [name, text] : schemas_) check_refs(schemas.at(name), schemas, "schema " + name);
  json::object document{
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "coproduce API"},
        {"version", "1"},
        {"description",
         "Co-production of public services: the co-production map, its contribution ledger and "
         "its people. Reading the map is public; writes need a session cookie with the "
         "X-CSRF-Token header, or a bearer API token. Errors: {\"error\": {\"code\", \"message\", "
         "\"field\"}} in the request's language. Add ?org=slug to read another organisation's "
         "public records, ?lang=cy for Welsh."}}},
      {"servers", json::array{{{"url", "/"}}}},
      {"components",
       {{"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "__Host-cp_session"},
                       {"description", "cp_session when the server runs on loopback without TLS"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas", schemas}}},
      {"security", json::array{json::object{{"session", json::array{}}},
                               json::object{{"bearer", json::array{}}}}},
      {"paths", paths}};
  return json::serialize(document);
}

}  // namespace coproduce::module

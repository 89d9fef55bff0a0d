// Route table and matching: "/a/{id}/b" patterns, literals preferred over
// parameters, HEAD served by GET routes, and the named access policies.
#include "http/router.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace coproduce::http {

namespace policy {

Policy everyone() {
  return {"public", [](const core::Principal&) { return true; }};
}

Policy signed_in() {
  return {"signed_in", [](const core::Principal& p) { return p.signed_in(); }};
}

Policy any_of(std::string name, std::vector<core::Role> roles) {
  return {std::move(name), [roles = std::move(roles)](const core::Principal& p) {
            return p.signed_in() && p.role &&
                   std::find(roles.begin(), roles.end(), *p.role) != roles.end();
          }};
}

}  // namespace policy

namespace {

// Next "/segment" of `text` starting at `pos` (which points at a '/').
std::string_view next_segment(std::string_view text, std::size_t& pos) {
  std::size_t start = pos + 1;
  std::size_t end = text.find('/', start);
  if (end == std::string_view::npos) end = text.size();
  pos = end;
  return text.substr(start, end - start);
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Whether `path` fits `pattern`. The score has one bit per segment, most
// significant first, set for literal segments: a higher score is more specific.
bool fits(std::string_view pattern, std::string_view path, std::uint64_t* score,
          std::map<std::string, std::string>* params) {
  if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/')
    return pattern == path;
  std::size_t pattern_pos = 0, path_pos = 0;
  int index = 0;
  *score = 0;
  while (pattern_pos < pattern.size() && path_pos < path.size()) {
    auto expected = next_segment(pattern, pattern_pos);
    auto actual = next_segment(path, path_pos);
    if (is_parameter(expected)) {
      if (actual.empty()) return false;
      if (params)
        (*params)[std::string(expected.substr(1, expected.size() - 2))] = std::string(actual);
    } else {
      if (expected != actual) return false;
      if (index < 64) *score |= std::uint64_t{1} << (63 - index);
    }
    ++index;
  }
  return pattern_pos >= pattern.size() && path_pos >= path.size();
}

}  // namespace

void Router::add(Method method, std::string pattern, Policy policy, Handler handler,
                 std::string summary) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  for (const auto& r : routes_)
    if (r.method == method && r.pattern == pattern)
      throw std::invalid_argument("duplicate route: " + std::string(to_string(method)) + " " +
                                  pattern);
  routes_.push_back(
      Route{method, std::move(pattern), std::move(policy), std::move(handler), std::move(summary)});
}

std::optional<Router::Match> Router::match(Method method, const std::string& path,
                                           bool* method_allowed) const {
  auto best_for = [&](Method wanted) -> const Route* {
    const Route* best = nullptr;
    std::uint64_t best_score = 0;
    for (const auto& route : routes_) {
      std::uint64_t score = 0;
      if (route.method != wanted || !fits(route.pattern, path, &score, nullptr)) continue;
      if (!best || score > best_score) {
        best = &route;
        best_score = score;
      }
    }
    return best;
  };
  const Route* route = best_for(method);
  if (!route && method == Method::head) route = best_for(Method::get);
  if (method_allowed) *method_allowed = true;
  if (!route) {
    if (method_allowed) {
      std::uint64_t score = 0;
      for (const auto& r : routes_)
        if (fits(r.pattern, path, &score, nullptr)) *method_allowed = false;
    }
    return std::nullopt;
  }
  Match found{route, {}};
  std::uint64_t score = 0;
  fits(route->pattern, path, &score, &found.params);
  return found;
}

}  // namespace coproduce::http

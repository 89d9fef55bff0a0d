#include "core/error.hpp"

namespace coproduce::core {

Error invalid(std::string field, const std::string& message) {
  return Error(422, "invalid", message, std::move(field));
}
Error malformed(const std::string& message) { return Error(400, "malformed", message); }
Error not_found(const std::string& what) { return Error(404, "not_found", what + " not found"); }
Error unauthenticated() { return Error(401, "unauthenticated", "Sign in to do this"); }
Error forbidden(const std::string& message) { return Error(403, "forbidden", message); }
Error conflict(const std::string& field, const std::string& message) {
  return Error(409, "conflict", message, field);
}
Error too_large(const std::string& message) { return Error(413, "too_large", message); }

void Error::localise(std::vector<FieldProblem> problems) {
  message_is_key_ = true;
  if (problems.size() > kMaxProblems) {
    problems_left_out_ = problems.size() - kMaxProblems;
    problems.resize(kMaxProblems);
  }
  for (auto& p : problems)
    if (p.field.size() > 200) p.field = p.field.substr(0, 200) + "...";  // names echo back: keep them short
  problems_ = std::move(problems);
}

ValidationFailed::ValidationFailed(std::vector<FieldProblem> problems)
    : Error(422, "invalid", problems.at(0).message_key, problems.at(0).field) {
  localise(std::move(problems));
}

Error busy(int http_status, std::string code, const std::string& key, int retry_after_seconds) {
  Error e(http_status, std::move(code), key);
  e.message_is_key_ = true;
  e.retry_after_ = retry_after_seconds;
  return e;
}

Error localised(int http_status, std::string code, const std::string& key, std::string field) {
  Error e(http_status, std::move(code), key, std::move(field));
  e.message_is_key_ = true;
  return e;
}

}  // namespace coproduce::core

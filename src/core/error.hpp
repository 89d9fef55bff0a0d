// Errors that cross module boundaries. Each carries a stable machine code, a
// human message and (for validation) the name of the offending field, so the
// HTTP layer can answer {"error": {"code", "message", "field"}} with the right 4xx.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace coproduce::core {

// A problem with one field, as a message-catalogue key.
struct FieldProblem {
  std::string field;
  std::string message_key;
};

class Error : public std::runtime_error {
 public:
  Error(int http_status, std::string code, const std::string& message, std::string field = {})
      : std::runtime_error(message),
        http_status_(http_status),
        code_(std::move(code)),
        field_(std::move(field)) {}
  int http_status() const { return http_status_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }
  // When true, what() and the problems' messages are catalogue keys that the
  // edge says in the reader's language (API and pages alike).
  bool message_is_key() const { return message_is_key_; }
  const std::vector<FieldProblem>& problems() const { return problems_; }
  // Problems left out of problems() to keep an answer small.
  std::size_t problems_left_out() const { return problems_left_out_; }
  // Seconds to wait before trying again (429 and 503), 0 when not said.
  int retry_after() const { return retry_after_; }

 protected:
  void localise(std::vector<FieldProblem> problems);

 private:
  friend Error localised(int, std::string, const std::string&, std::string);
  friend Error busy(int, std::string, const std::string&, int);
  int http_status_;
  std::string code_;
  std::string field_;
  bool message_is_key_ = false;
  std::vector<FieldProblem> problems_;
  std::size_t problems_left_out_ = 0;
  int retry_after_ = 0;
};

// 429 or 503 whose message is the catalogue key `key`, saying when to retry.
Error busy(int http_status, std::string code, const std::string& key, int retry_after_seconds);

// 422 with every problem found (one per field), each a catalogue key;
// what() and field() are the first problem's. At most kMaxProblems are kept:
// a body of a thousand unknown keys gets a short answer, not a long one.
inline constexpr std::size_t kMaxProblems = 20;
class ValidationFailed : public Error {
 public:
  explicit ValidationFailed(std::vector<FieldProblem> problems);
};

// An error whose message is the catalogue key `key`.
Error localised(int http_status, std::string code, const std::string& key, std::string field = {});

// 400/422: the input is malformed or breaks a rule; `field` names it.
Error invalid(std::string field, const std::string& message);
// 400: the body could not be parsed at all.
Error malformed(const std::string& message);
// 404: no such record in this organisation (another organisation's ids included).
Error not_found(const std::string& what);
// 401 / 403.
Error unauthenticated();
Error forbidden(const std::string& message = "You do not have permission to do this");
// 409: conflicts with existing data (duplicate name, stale version).
Error conflict(const std::string& field, const std::string& message);
// 413.
Error too_large(const std::string& message);

}  // namespace coproduce::core

// The equality monitoring questions (pure): each question's answers follow the
// 2021 Census in Wales where it has one (age bands, sex, gender identity, the
// five high-level ethnic groups, Welsh language skills, religion, sexual
// orientation, unpaid care) and the Equality Act 2010 for disability. Every
// question is optional and may be answered "Prefer not to say"; nothing is
// stored without the person's consent. read_answers checks what a form or a
// JSON body sent, naming each field with a problem.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/fields.hpp"

namespace coproduce::equality {

inline constexpr std::string_view kPreferNotToSay = "prefer_not_to_say";
// Answers and the consent field are short codes; anything longer is refused
// as too long before it is compared with the codes.
inline constexpr std::size_t kMaxValueLength = 40;
inline constexpr std::string_view kConsentField = "consent";
inline constexpr std::string_view kConsentYes = "yes";

struct Question {
  std::string key;                   // the field name and the message keys' part: equality.q.<key>
  std::vector<std::string> answers;  // codes, in the order shown; kPreferNotToSay last
};

// In the order the form asks them.
const std::vector<Question>& questions();
const Question* find_question(std::string_view key);

// question key -> answer code; a question not answered is absent.
using Answers = std::map<std::string, std::string>;

// The answers in `fields` (a form or a JSON body read as fields; other fields
// are ignored, the caller refuses unknown JSON fields). A blank value is "not
// answered". Problems, one per field: a value over kMaxValueLength
// (equality.error.too_long), a value that is not one of the question's
// answers (equality.error.unknown_answer), and consent not given
// (equality.error.consent, field "consent"). `answers` receives the valid ones.
std::vector<core::FieldProblem> read_answers(const http::Fields& fields, Answers& answers);

// The JSON body's field names: every question and "consent".
std::vector<std::string> field_names();

}  // namespace coproduce::equality

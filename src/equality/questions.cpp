#include "equality/questions.hpp"

#include <algorithm>

namespace coproduce::equality {

const std::vector<Question>& questions() {
  static const std::vector<Question> list = [] {
    std::vector<Question> q = {
        {"age", {"under_16", "16_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus"}},
        {"sex", {"female", "male"}},
        {"gender_same_as_birth", {"yes", "no"}},
        {"disabled", {"yes", "no"}},
        {"ethnic_group", {"asian", "black", "mixed", "white", "other"}},
        {"welsh", {"speak_read_write", "speak", "understand", "other", "none"}},
        {"religion", {"none", "christian", "buddhist", "hindu", "jewish", "muslim", "sikh", "other"}},
        {"sexual_orientation", {"straight", "gay_lesbian", "bisexual", "other"}},
        {"carer", {"no", "up_to_19", "20_49", "50_plus"}},
    };
    for (auto& question : q) question.answers.emplace_back(kPreferNotToSay);
    return q;
  }();
  return list;
}

const Question* find_question(std::string_view key) {
  for (const auto& q : questions())
    if (q.key == key) return &q;
  return nullptr;
}

std::vector<core::FieldProblem> read_answers(const http::Fields& fields, Answers& answers) {
  std::vector<core::FieldProblem> problems;
  answers.clear();
  for (const auto& q : questions()) {
    auto it = fields.find(q.key);
    if (it == fields.end() || it->second.empty()) continue;
    const std::string& value = it->second;
    if (value.size() > kMaxValueLength) {
      problems.push_back({q.key, "equality.error.too_long"});
    } else if (std::find(q.answers.begin(), q.answers.end(), value) == q.answers.end()) {
      problems.push_back({q.key, "equality.error.unknown_answer"});
    } else {
      answers[q.key] = value;
    }
  }
  auto consent = fields.find(std::string(kConsentField));
  if (consent == fields.end() || consent->second != kConsentYes)
    problems.push_back({std::string(kConsentField), "equality.error.consent"});
  if (!problems.empty()) answers.clear();
  return problems;
}

std::vector<std::string> field_names() {
  std::vector<std::string> names;
  for (const auto& q : questions()) names.push_back(q.key);
  names.emplace_back(kConsentField);
  return names;
}

}  // namespace coproduce::equality

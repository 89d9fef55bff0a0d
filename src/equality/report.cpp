#include "equality/report.hpp"

#include <boost/json.hpp>
#include <tuple>

#include "equality/questions.hpp"

namespace coproduce::equality {

Report build_report(const Counts& counts) {
  Report report;
  report.breakdown = counts.respondents >= kSmallestGroup;
  if (!report.breakdown) return report;
  report.respondents = counts.respondents;
  report.contributed = counts.contributed;
  report.not_contributed = counts.respondents - counts.contributed;
  report.compared = report.contributed >= kSmallestGroup && report.not_contributed >= kSmallestGroup;
  if (!report.compared) report.contributed = report.not_contributed = 0;
  const std::vector<std::int64_t> totals = {counts.respondents, counts.contributed,
                                            counts.respondents - counts.contributed};
  const std::size_t columns = report.compared ? 3 : 1;
  for (const auto& question : questions()) {
    std::vector<std::string> answers = question.answers;
    answers.emplace_back(kNotAnswered);
    std::vector<std::vector<std::int64_t>> table;
    std::int64_t answered_all = 0, answered_contributed = 0;
    auto given = counts.answers.find(question.key);
    for (const auto& answer : answers) {
      std::int64_t all = 0, contributed = 0;
      if (answer == kNotAnswered) {
        all = counts.respondents - answered_all;
        contributed = counts.contributed - answered_contributed;
      } else if (given != counts.answers.end()) {
        auto it = given->second.find(answer);
        if (it != given->second.end()) std::tie(all, contributed) = it->second;
      }
      answered_all += all;
      answered_contributed += contributed;
      std::vector<std::int64_t> row = {all};
      if (report.compared) {
        row.push_back(contributed);
        row.push_back(all - contributed);
      }
      table.push_back(std::move(row));
    }
    auto breakdown = suppress_table(table, report.compared);
    QuestionReport q{question.key, {}};
    for (std::size_t r = 0; r < answers.size(); ++r) {
      ReportRow row{answers[r], {}};
      for (std::size_t c = 0; c < columns; ++c) {
        const auto& cell = breakdown.rows[r][c];
        if (cell.hidden())
          row.cells.push_back({});
        else
          row.cells.push_back({cell.count, percent(cell.count, totals[c])});
      }
      q.rows.push_back(std::move(row));
    }
    report.questions.push_back(std::move(q));
  }
  return report;
}

boost::json::value to_json(const Report& report) {
  namespace json = boost::json;
  auto cell_json = [](const ReportCell& cell) {
    if (!cell.count) return json::object{{"count", nullptr}, {"percent", nullptr}, {"withheld", true}};
    return json::object{{"count", *cell.count}, {"percent", *cell.percent}, {"withheld", false}};
  };
  json::object out{{"minimum_group", kSmallestGroup}, {"breakdown", report.breakdown}, {"compared", report.compared}};
  out["respondents"] = report.breakdown ? json::value(report.respondents) : json::value(nullptr);
  out["contributed"] = report.compared ? json::value(report.contributed) : json::value(nullptr);
  out["not_contributed"] = report.compared ? json::value(report.not_contributed) : json::value(nullptr);
  json::array questions;
  for (const auto& q : report.questions) {
    json::array rows;
    for (const auto& row : q.rows) {
      json::object r{{"answer", row.answer}, {"all", cell_json(row.cells[0])}};
      if (report.compared) {
        r["contributed"] = cell_json(row.cells[1]);
        r["not_contributed"] = cell_json(row.cells[2]);
      }
      rows.push_back(std::move(r));
    }
    questions.push_back({{"question", q.question}, {"answers", rows}});
  }
  out["questions"] = questions;
  return out;
}

}  // namespace coproduce::equality

#include "commission/process/explain.hpp"

#include "i18n/i18n.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

// The exact value of an engine rational ({"exact": "a/b", ...}); 0 when absent.
mpq_class rational(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  if (v == nullptr || !v->is_object()) return 0;
  const json::value* exact = v->as_object().if_contains("exact");
  if (exact == nullptr || !exact->is_string()) return 0;
  mpq_class value(std::string(exact->as_string()), 10);
  value.canonicalize();
  return value;
}

bool has_rational(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  return v != nullptr && v->is_object();
}

std::int64_t integer(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_string()) return std::stoll(std::string(v->as_string()));
  return 0;
}

std::string text(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::object* part(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

// Rounded half up to `places` decimal places, as a non-negative integer of that scale.
mpz_class rounded(const mpq_class& value, int places) {
  mpz_class scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  mpq_class scaled = abs(value) * scale;
  return (2 * scaled.get_num() + scaled.get_den()) / (2 * scaled.get_den());
}

}  // namespace

std::string money_text(std::string_view locale, const mpq_class& amount, std::string_view currency) {
  mpq_class minor = amount * 100;
  minor.canonicalize();
  if (minor.get_den() == 1 && minor.get_num().fits_slong_p())
    return i18n::format_money(locale, minor.get_num().get_si(), currency);
  mpz_class near = rounded(amount, 2);
  std::int64_t value = near.fits_slong_p() ? near.get_si() : 0;
  if (amount < 0) value = -value;
  return i18n::t(locale, "commission.about", {{"amount", i18n::format_money(locale, value, currency)}});
}

std::string count_text(std::string_view locale, const mpq_class& value) {
  if (value.get_den() == 1 && value.get_num().fits_slong_p())
    return i18n::format_number(locale, value.get_num().get_si());
  mpz_class hundredths = rounded(value, 2);
  mpz_class whole = hundredths / 100, cents = hundredths % 100;
  std::string fraction = cents.get_str();
  if (fraction.size() < 2) fraction.insert(0, 2 - fraction.size(), '0');
  std::string number = i18n::format_number(locale, whole.fits_slong_p() ? whole.get_si() : 0) + "." + fraction;
  return i18n::t(locale, "commission.about", {{"amount", number}});
}

std::string project_name(std::string_view locale, const ResultProject& project) {
  if (locale == "cy" && !project.name_cy.empty()) return project.name_cy;
  if (!project.name.empty()) return project.name;
  return i18n::t(locale, "commission.project_code", {{"code", project.code}});
}

std::vector<std::string> explain(std::string_view locale, const Process& process, const Result& result,
                                 const ResultProject& project) {
  std::vector<std::string> out;
  auto t = [&](std::string_view key, const i18n::Args& args = {}) { out.push_back(i18n::t(locale, key, args)); };
  auto money = [&](const mpq_class& amount) { return money_text(locale, amount, process.currency); };
  auto number = [&](std::int64_t n) { return i18n::format_number(locale, n); };
  auto name_of = [&](const std::string& code) {
    for (const auto& p : result.projects)
      if (p.code == code) return project_name(locale, p);
    return code;
  };
  const mpq_class cost = units_of(project.cost_minor);
  std::string cost_text = money(cost);
  const json::object& ex = project.explanation;
  bool selected = project.selected_order.has_value();
  // With district budgets each pot is counted apart: say which one first.
  if (const json::object* pot = part(ex, "pot")) {
    std::string district = text(*pot, "district");
    std::string budget = i18n::format_money(locale, integer(*pot, "budget_minor"), process.currency);
    if (district.empty()) t("commission.why.pot_city", {{"budget", budget}});
    else t("commission.why.pot_district", {{"district", district}, {"budget", budget}});
  }

  if (const json::object* note = part(ex, "mes")) {
    std::string reason = text(*note, "reason");
    std::string supporters = number(integer(*note, "supporters"));
    if (reason == "selected") {
      const json::object* round = part(ex, "mes_round");
      t("commission.why.selected_round", {{"round", number(integer(*note, "round"))}});
      if (round != nullptr && has_rational(*round, "price_per_supporter")) {
        t("commission.why.price", {{"price", money(rational(*round, "price_per_supporter"))},
                                   {"cost", cost_text}, {"supporters", supporters}});
      } else {
        t("commission.why.shared", {{"cost", cost_text}, {"supporters", supporters}});
      }
      if (round != nullptr) {
        const json::value* payments = round->if_contains("payments");
        if (payments != nullptr && payments->is_array()) {
          for (const auto& share : payments->as_array())
            t("commission.why.paid", {{"voters", number(integer(share.as_object(), "voters"))},
                                      {"each", money(rational(share.as_object(), "each"))}});
          if (payments->as_array().size() > 1) t("commission.why.paid_all");
        }
      }
      if (has_rational(*note, "effective_votes"))
        t("commission.why.effective",
          {{"effective", count_text(locale, rational(*note, "effective_votes"))}, {"supporters", supporters}});
    } else if (reason == "zero_cost") {
      t("commission.why.zero_cost");
    } else if (reason == "no_support") {
      t(selected ? "commission.why.completion" : "commission.why.no_support");
    } else {
      if (selected) t("commission.why.completion_after");
      if (reason == "never_affordable") {
        t("commission.why.ran_out", {{"supporters", supporters},
                                     {"money", money(rational(*note, "supporters_money"))},
                                     {"shortfall", money(rational(*note, "shortfall"))},
                                     {"cost", cost_text}});
      } else {
        std::string other = name_of(text(*note, "outbid_by"));
        t("commission.why.outbid", {{"other", other},
                                    {"round", number(integer(*note, "round"))},
                                    {"money", money(rational(*note, "supporters_money"))},
                                    {"shortfall", money(rational(*note, "shortfall"))},
                                    {"cost", cost_text}});
        if (has_rational(*note, "effective_votes"))
          t("commission.why.effective",
            {{"effective", count_text(locale, rational(*note, "effective_votes"))}, {"supporters", supporters}});
      }
      const json::value* more = note->if_contains("more_supporters_needed");
      if (more != nullptr && more->is_string()) {
        std::int64_t needed = integer(*note, "more_supporters_needed");
        if (needed == 0)
          t("commission.why.tied", {{"tie_break", i18n::t(locale, "commission.tie." + process.tie_break)}});
        else
          t("commission.why.needed", {{"more", number(needed)}});
      }
    }
    return out;
  }
  if (const json::object* step = part(ex, "greedy")) {
    t(selected ? "commission.why.greedy_selected" : "commission.why.greedy_skipped",
      {{"left", money(rational(*step, "budget_left_before"))}, {"cost", cost_text},
       {"votes", number(project.votes)}});
    return out;
  }
  if (const json::object* step = part(ex, "phragmen")) {
    t("commission.why.phragmen_selected", {{"load", money(rational(*step, "load"))}});
    return out;
  }
  if (result.rule == "phragmen") {
    t("commission.why.phragmen_not");
  } else if (result.rule == "max_welfare") {
    t(selected ? "commission.why.welfare_selected" : "commission.why.welfare_not");
  } else {
    t(selected ? "commission.why.chosen" : "commission.why.not_chosen");
  }
  return out;
}

}  // namespace coproduce::commission::process

#include "deliver/volunteering.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "deliver/safeguarding.hpp"
#include "map/ledger.hpp"
#include "map/repository.hpp"
#include "notify/notices.hpp"

namespace coproduce::deliver {
namespace {

namespace json = boost::json;
using core::FieldProblem;

constexpr std::size_t kTitleMax = 120;
constexpr std::size_t kTextMax = 2000;
constexpr std::size_t kShortMax = 200;
constexpr std::size_t kSkillMax = 40;

std::string value(const http::Fields& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

class Checker {
 public:
  explicit Checker(const http::Fields& f) : f_(f) {}
  std::string text(const std::string& name, std::size_t limit, bool required) {
    auto v = core::trimmed(value(f_, name));
    if (v.empty() && required) problem(name, "deliver.volunteer.error.required." + name);
    else if (core::utf8_length(v) > limit) problem(name, "deliver.volunteer.error.too_long");
    return v;
  }
  std::string date(const std::string& name) {
    auto v = text(name, 10, true);
    if (!v.empty() && !core::is_plausible_date(v)) problem(name, "deliver.volunteer.error.date_invalid");
    return v;
  }
  std::string datetime(const std::string& name) {
    auto v = text(name, 16, true);
    if (!v.empty() && !is_local_datetime(v)) problem(name, "deliver.volunteer.error.datetime_invalid");
    if (v.size() == 16) v[10] = 'T';
    return v;
  }
  std::int64_t hours(const std::string& name) {
    auto v = text(name, 10, true);
    if (v.empty() || has(name)) return 0;
    auto parsed = core::parse_money_minor(v);
    if (!parsed || *parsed <= 0) {
      problem(name, "deliver.volunteer.error.hours_number");
      return 0;
    }
    if (*parsed > kMaxShiftHoursX100) {
      problem(name, "deliver.volunteer.error.hours_too_many");
      return 0;
    }
    return *parsed;
  }
  void problem(const std::string& field, const std::string& key) {
    if (!has(field)) problems_.push_back({field, key});
  }
  bool has(const std::string& field) const {
    return std::any_of(problems_.begin(), problems_.end(), [&](const auto& p) { return p.field == field; });
  }
  bool any() const { return !problems_.empty(); }
  void throw_if_any() {
    if (!problems_.empty()) throw core::ValidationFailed(problems_);
  }

 private:
  const http::Fields& f_;
  std::vector<FieldProblem> problems_;
};

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  auto flush = [&] {
    auto t = core::trimmed(item);
    if (!t.empty()) out.push_back(t);
    item.clear();
  };
  for (char ch : text) {
    if (ch == ',' || ch == '\n') flush();
    else item += ch;
  }
  flush();
  return out;
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

void require_coordinator(const core::Principal& actor) {
  if (!is_coordinator(actor)) throw core::localised(403, "forbidden", "deliver.volunteer.error.coordinators_only");
}

json::value assignment_json(const Assignment& a) {
  return json::object{{"status", a.status},
                      {"shift_id", a.shift_id ? json::value(*a.shift_id) : json::value()},
                      {"place", a.place ? json::value(*a.place) : json::value()},
                      {"verified_hours_x100", a.verified_hours_x100 ? json::value(*a.verified_hours_x100) : json::value()}};
}

constexpr const char* kOpportunityColumns =
    "o.id, o.initiative_id, i.name, o.title, o.what_you_do, o.what_you_get, o.time_asked, o.skills, o.checks, "
    "o.flexible, o.window_from, o.window_to, o.created_at FROM volunteer_opportunities o "
    "JOIN initiatives i ON i.organisation_id = o.organisation_id AND i.id = o.initiative_id ";

constexpr const char* kShiftColumns =
    "s.id, s.opportunity_id, s.starts_at, s.ends_at, s.places, s.checkin_code, "
    "(SELECT COUNT(*) FROM volunteer_assignments a WHERE a.organisation_id = s.organisation_id AND a.shift_id = s.id "
    "  AND a.place IS NOT NULL), "
    "(SELECT COUNT(*) FROM volunteer_assignments a WHERE a.organisation_id = s.organisation_id AND a.shift_id = s.id "
    "  AND a.status = 'waiting') "
    "FROM volunteer_shifts s ";

Shift shift_from(const store::Row& r) {
  Shift s;
  s.id = r.text(0);
  s.opportunity_id = r.text(1);
  s.starts_at = r.text(2);
  s.ends_at = r.text(3);
  s.places = r.integer(4);
  s.checkin_code = r.text(5);
  s.taken = r.integer(6);
  s.waiting = r.integer(7);
  return s;
}

Opportunity opportunity_from(store::Connection& c, const std::string& org, const store::Row& r) {
  Opportunity o;
  o.id = r.text(0);
  o.initiative_id = r.text(1);
  o.initiative_name = r.text(2);
  o.title = r.text(3);
  o.what_you_do = r.text(4);
  o.what_you_get = r.text(5);
  o.time_asked = r.text(6);
  o.skills = split_commas(r.text(7));
  o.checks = split_commas(r.text(8));
  o.flexible = r.integer(9) != 0;
  o.window_from = r.opt_text(10).value_or("");
  o.window_to = r.opt_text(11).value_or("");
  o.created_at = r.text(12);
  for (const auto& s : c.query(std::string("SELECT ") + kShiftColumns +
                                   "WHERE s.organisation_id = $1 AND s.opportunity_id = $2 ORDER BY s.starts_at, s.id",
                               {org, o.id}))
    o.shifts.push_back(shift_from(s));
  return o;
}

constexpr const char* kAssignmentSelect =
    "SELECT a.id, a.opportunity_id, o.title, a.shift_id, COALESCE(s.starts_at, ''), COALESCE(s.ends_at, ''), "
    "a.person_id, COALESCE(p.display_name, ''), a.status, a.place, a.logged_hours_x100, a.verified_hours_x100, "
    "a.contribution_id, COALESCE(a.waiting_since, ''), a.created_at "
    "FROM volunteer_assignments a "
    "JOIN volunteer_opportunities o ON o.organisation_id = a.organisation_id AND o.id = a.opportunity_id "
    "LEFT JOIN volunteer_shifts s ON s.organisation_id = a.organisation_id AND s.id = a.shift_id "
    "LEFT JOIN accounts p ON p.id = a.person_id "
    "WHERE a.organisation_id = $1 ";

Assignment assignment_from(const store::Row& r) {
  Assignment a;
  a.id = r.text(0);
  a.opportunity_id = r.text(1);
  a.opportunity_title = r.text(2);
  a.shift_id = r.opt_text(3);
  a.starts_at = r.text(4);
  a.ends_at = r.text(5);
  a.person_id = r.text(6);
  a.person_name = r.text(7);
  a.status = r.text(8);
  a.place = r.opt_integer(9);
  a.logged_hours_x100 = r.opt_integer(10);
  a.verified_hours_x100 = r.opt_integer(11);
  a.contribution_id = r.opt_text(12);
  a.waiting_since = r.text(13);
  a.created_at = r.text(14);
  return a;
}

Opportunity require_opportunity(store::Connection& c, const std::string& org, const std::string& id) {
  auto o = core::looks_like_id(id) ? find_opportunity(c, org, id) : std::nullopt;
  if (!o) throw core::not_found("Opportunity");
  return *o;
}

// Locks the shift's row (PostgreSQL) so that approvals and cancellations on
// one shift run one at a time; SQLite transactions already begin IMMEDIATE.
void lock_shift(store::Connection& tx, const std::string& org, const std::string& shift_id) {
  if (tx.dialect() != store::Dialect::postgresql) return;
  tx.query("SELECT id FROM volunteer_shifts WHERE organisation_id = $1 AND id = $2 FOR UPDATE", {org, shift_id});
}

// The assignment as it stands once its shift is locked.
Assignment locked_assignment(store::Connection& tx, const std::string& org, const std::string& id) {
  auto a = core::looks_like_id(id) ? find_assignment(tx, org, id) : std::nullopt;
  if (!a) throw core::not_found("Assignment");
  if (a->shift_id) {
    lock_shift(tx, org, *a->shift_id);
    a = find_assignment(tx, org, id);
  }
  return *a;
}

void require_status(const Assignment& a, std::initializer_list<const char*> allowed) {
  for (const char* s : allowed)
    if (a.status == s) return;
  throw core::localised(409, "conflict", "deliver.volunteer.error.status." + a.status, "status");
}

// The lowest free place of a shift, or none when all are taken.
std::optional<std::int64_t> free_place(store::Connection& tx, const std::string& org, const Shift& s) {
  std::int64_t next = 1;
  for (const auto& r : tx.query("SELECT place FROM volunteer_assignments WHERE organisation_id = $1 AND shift_id = $2 "
                                "AND place IS NOT NULL ORDER BY place",
                                {org, s.id})) {
    if (r.integer(0) != next) break;
    ++next;
  }
  if (next > s.places) return std::nullopt;
  return next;
}

std::string shift_label(const Assignment& a) {
  if (a.starts_at.empty()) return "";
  return a.starts_at.substr(0, 10) + " " + a.starts_at.substr(11, 5) + "-" + a.ends_at.substr(11, 5);
}

void tell(store::Connection& tx, const std::string& org, const Assignment& a, const char* kind, i18n::Args args) {
  args.emplace_back("title", a.opportunity_title);
  args.emplace_back("when", shift_label(a));
  notify::send_notice(tx, notify::Notice{org, a.person_id, kind, std::move(args), "/volunteering/commitments"});
}

// The first on the waiting list takes the freed place, and is told.
void promote(store::Connection& tx, const core::Principal& actor, const std::string& org, const std::string& shift_id,
             std::int64_t places, std::int64_t place) {
  auto first = tx.query_one("SELECT id FROM volunteer_assignments WHERE organisation_id = $1 AND shift_id = $2 "
                            "AND status = 'waiting' ORDER BY waiting_position, id LIMIT 1",
                            {org, shift_id});
  if (!first) return;
  auto a = *find_assignment(tx, org, first->text(0));
  tx.execute("UPDATE volunteer_assignments SET status = 'approved', place = $3, places = $4, updated_at = $5 "
             "WHERE organisation_id = $1 AND id = $2 AND status = 'waiting'",
             {org, a.id, place, places, core::now_utc()});
  auto after = a;
  after.status = "approved";
  after.place = place;
  audit::record(tx, actor, "promote", "volunteer_assignment", a.id, assignment_json(a), assignment_json(after));
  tell(tx, org, a, kNoticePromoted, {});
}

// The volunteer's role in the organisation, as the ledger names it.
map::ContributorRole role_of(store::Connection& tx, const std::string& org, const std::string& person) {
  auto held = tx.query_one("SELECT role FROM memberships WHERE organisation_id = $1 AND account_id = $2", {org, person});
  auto role = held ? core::parse_role(held->text(0)) : std::nullopt;
  if (!role) return map::ContributorRole::community_member;
  auto roles = map::contributor_roles_of(*role);
  if (std::find(roles.begin(), roles.end(), map::ContributorRole::community_member) != roles.end())
    return map::ContributorRole::community_member;
  return roles.front();
}

bool is_member(store::Connection& c, const std::string& org, const std::string& person) {
  return core::looks_like_id(person) &&
         c.query_one("SELECT 1 FROM memberships WHERE organisation_id = $1 AND account_id = $2", {org, person});
}

// Reads and checks an opportunity's fields; every problem named.
struct OpportunityInput {
  std::string initiative_id, title, what_you_do, what_you_get, time_asked, skills, checks;
  bool flexible = false;
  std::optional<std::string> window_from, window_to;
};

OpportunityInput read_opportunity(store::Connection& c, const std::string& org, const http::Fields& fields) {
  Checker check(fields);
  OpportunityInput in;
  in.initiative_id = check.text("initiative_id", 64, true);
  if (!in.initiative_id.empty() &&
      (!core::looks_like_id(in.initiative_id) || !map::repo::find_initiative(c, org, in.initiative_id)))
    check.problem("initiative_id", "deliver.volunteer.error.unknown_initiative");
  in.title = check.text("title", kTitleMax, true);
  in.what_you_do = check.text("what_you_do", kTextMax, true);
  in.what_you_get = check.text("what_you_get", kTextMax, true);
  in.time_asked = check.text("time_asked", kShortMax, true);
  std::vector<std::string> skills, seen;
  for (const auto& s : split_commas(value(fields, "skills"))) {
    if (core::utf8_length(s) > kSkillMax) check.problem("skills", "deliver.volunteer.error.skill_too_long");
    if (std::find(seen.begin(), seen.end(), lower(s)) != seen.end()) continue;
    seen.push_back(lower(s));
    skills.push_back(s);
  }
  if (skills.size() > kMaxSkills) check.problem("skills", "deliver.volunteer.error.too_many_skills");
  in.skills = join(skills);
  std::vector<std::string> checks;
  for (const auto& k : split_commas(value(fields, "checks"))) {
    if (!is_check_kind(k)) check.problem("checks", "deliver.volunteer.error.unknown_check");
    else if (std::find(checks.begin(), checks.end(), k) == checks.end()) checks.push_back(k);
  }
  in.checks = join(checks);
  auto kind = core::trimmed(value(fields, "kind"));
  if (kind != "shifts" && kind != "flexible") check.problem("kind", "deliver.volunteer.error.required.kind");
  in.flexible = kind == "flexible";
  if (in.flexible) {
    auto from = check.date("window_from");
    auto to = check.date("window_to");
    if (!check.has("window_from") && !check.has("window_to") && to < from)
      check.problem("window_to", "deliver.volunteer.error.window_order");
    in.window_from = from;
    in.window_to = to;
  } else {
    for (const char* name : {"window_from", "window_to"})
      if (!core::trimmed(value(fields, name)).empty()) check.problem(name, "deliver.volunteer.error.window_for_flexible");
  }
  check.throw_if_any();
  return in;
}

json::value opportunity_audit(const OpportunityInput& in) {
  return json::object{{"initiative_id", in.initiative_id}, {"title", in.title},     {"skills", in.skills},
                      {"checks", in.checks},               {"flexible", in.flexible}};
}

// RFC 5545 text: backslash, semicolon, comma and newlines escaped.
std::string ics_text(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\\' || ch == ';' || ch == ',') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch != '\r') {
      out += ch;
    }
  }
  return out;
}

// One content line folded at 75 octets (never inside a UTF-8 character), CRLF.
std::string ics_line(const std::string& line) {
  std::string out;
  std::size_t pos = 0, limit = 75;
  while (line.size() - pos > limit) {
    auto end = pos + limit;
    while (end > pos && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    out += line.substr(pos, end - pos) + "\r\n ";
    pos = end;
    limit = 74;
  }
  return out + line.substr(pos) + "\r\n";
}

std::string ics_local(const std::string& local) {  // 2026-12-14T09:30 -> 20261214T093000
  return local.substr(0, 4) + local.substr(5, 2) + local.substr(8, 2) + "T" + local.substr(11, 2) +
         local.substr(14, 2) + "00";
}

}  // namespace

CheckMissing::CheckMissing(std::string kind)
    : core::Error(409, "check_missing", "A valid " + kind + " check is needed first", "checks"), kind_(std::move(kind)) {}

bool is_coordinator(const core::Principal& p) {
  return p.system || p.has(core::Role::officer) || p.has(core::Role::professional);
}

const std::vector<std::string>& check_kinds() {
  static const std::vector<std::string> kinds = {"dbs_basic",           "dbs_standard",        "dbs_enhanced",
                                                 "dbs_enhanced_children", "dbs_enhanced_adults", "dbs_enhanced_both",
                                                 "access_ni",           "pvg",                 "training"};
  return kinds;
}

bool is_local_datetime(std::string_view text) {
  if (text.size() != 16 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':') return false;
  if (!core::is_plausible_date(text.substr(0, 10))) return false;
  auto digits = [&](std::size_t at) {
    return std::isdigit(static_cast<unsigned char>(text[at])) && std::isdigit(static_cast<unsigned char>(text[at + 1]));
  };
  if (!digits(11) || !digits(14)) return false;
  int h = (text[11] - '0') * 10 + (text[12] - '0'), m = (text[14] - '0') * 10 + (text[15] - '0');
  return h < 24 && m < 60;
}

std::int64_t duration_x100(const std::string& from, const std::string& to) {
  auto minutes = [](const std::string& t) {
    int y = std::stoi(t.substr(0, 4)), mo = std::stoi(t.substr(5, 2)), d = std::stoi(t.substr(8, 2));
    auto days = std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(unsigned(mo)) / std::chrono::day(unsigned(d)))
                    .time_since_epoch()
                    .count();
    return std::int64_t(days) * 24 * 60 + std::stoi(t.substr(11, 2)) * 60 + std::stoi(t.substr(14, 2));
  };
  return (minutes(to) - minutes(from)) * 100 / 60;
}

// ---- opportunities -----------------------------------------------------------------

std::vector<std::string> opportunity_fields() {
  return {"initiative_id", "title", "what_you_do", "what_you_get", "time_asked", "skills",
          "checks",        "kind",  "window_from", "window_to"};
}

std::string create_opportunity(store::Connection& tx, const core::Principal& actor, const http::Fields& fields) {
  require_coordinator(actor);
  const auto& org = actor.organisation_id;
  auto in = read_opportunity(tx, org, fields);
  auto id = core::new_id();
  auto now = core::now_utc();
  tx.execute("INSERT INTO volunteer_opportunities (organisation_id, id, initiative_id, title, what_you_do, what_you_get, "
             "time_asked, skills, checks, flexible, window_from, window_to, created_by, created_at, updated_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
             {org, id, in.initiative_id, in.title, in.what_you_do, in.what_you_get, in.time_asked, in.skills, in.checks,
              in.flexible ? 1 : 0, store::maybe(in.window_from), store::maybe(in.window_to),
              actor.signed_in() ? store::Value(actor.account_id) : store::null(), now});
  audit::record(tx, actor, "create", "volunteer_opportunity", id, std::nullopt, opportunity_audit(in));
  return id;
}

void update_opportunity(store::Connection& tx, const core::Principal& actor, const std::string& id,
                        const http::Fields& fields) {
  require_coordinator(actor);
  const auto& org = actor.organisation_id;
  auto before = require_opportunity(tx, org, id);
  auto in = read_opportunity(tx, org, fields);
  if (in.flexible != before.flexible &&
      tx.query_one("SELECT 1 FROM volunteer_assignments WHERE organisation_id = $1 AND opportunity_id = $2 "
                   "UNION SELECT 1 FROM volunteer_shifts WHERE organisation_id = $1 AND opportunity_id = $2",
                   {org, id}))
    throw core::localised(409, "conflict", "deliver.volunteer.error.kind_fixed", "kind");
  tx.execute("UPDATE volunteer_opportunities SET initiative_id = $3, title = $4, what_you_do = $5, what_you_get = $6, "
             "time_asked = $7, skills = $8, checks = $9, flexible = $10, window_from = $11, window_to = $12, "
             "updated_at = $13 WHERE organisation_id = $1 AND id = $2",
             {org, id, in.initiative_id, in.title, in.what_you_do, in.what_you_get, in.time_asked, in.skills, in.checks,
              in.flexible ? 1 : 0, store::maybe(in.window_from), store::maybe(in.window_to), core::now_utc()});
  audit::record(tx, actor, "update", "volunteer_opportunity", id,
                json::object{{"initiative_id", before.initiative_id}, {"title", before.title}}, opportunity_audit(in));
}

std::vector<std::string> shift_fields() { return {"starts_at", "ends_at", "places"}; }

std::string add_shift(store::Connection& tx, const core::Principal& actor, const std::string& opportunity_id,
                      const http::Fields& fields) {
  require_coordinator(actor);
  const auto& org = actor.organisation_id;
  auto o = require_opportunity(tx, org, opportunity_id);
  Checker check(fields);
  auto starts = check.datetime("starts_at");
  auto ends = check.datetime("ends_at");
  if (!check.has("starts_at") && !check.has("ends_at")) {
    if (ends <= starts) check.problem("ends_at", "deliver.volunteer.error.ends_before_start");
    else if (duration_x100(starts, ends) > kMaxShiftHoursX100) check.problem("ends_at", "deliver.volunteer.error.shift_too_long");
  }
  auto places_text = check.text("places", 4, true);
  std::int64_t places = 0;
  if (!places_text.empty()) {
    bool digits = std::all_of(places_text.begin(), places_text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    places = digits ? std::stoll(places_text) : 0;
    if (places < 1 || places > kMaxPlaces) check.problem("places", "deliver.volunteer.error.places");
  }
  check.throw_if_any();
  if (o.flexible) throw core::localised(409, "conflict", "deliver.volunteer.error.flexible_has_no_shifts", "starts_at");
  auto id = core::new_id();
  auto code = core::random_token(4).substr(0, 6);
  for (auto& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  tx.execute("INSERT INTO volunteer_shifts (organisation_id, id, opportunity_id, starts_at, ends_at, places, checkin_code, "
             "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {org, id, o.id, starts, ends, places, code, core::now_utc()});
  audit::record(tx, actor, "create", "volunteer_shift", id, std::nullopt,
                json::object{{"opportunity_id", o.id}, {"starts_at", starts}, {"ends_at", ends}, {"places", places}});
  return id;
}

std::vector<Opportunity> list_opportunities(store::Connection& c, const std::string& org,
                                            const OpportunityFilter& filter) {
  std::vector<FieldProblem> problems;
  if (!filter.initiative_id.empty() &&
      (!core::looks_like_id(filter.initiative_id) || !map::repo::find_initiative(c, org, filter.initiative_id)))
    problems.push_back({"initiative_id", "deliver.volunteer.error.unknown_initiative"});
  if (core::utf8_length(filter.skill) > kSkillMax) problems.push_back({"skill", "deliver.volunteer.error.too_long"});
  if (!filter.date_from.empty() && !core::is_plausible_date(filter.date_from))
    problems.push_back({"date_from", "deliver.volunteer.error.date_invalid"});
  if (!problems.empty()) throw core::ValidationFailed(problems);
  std::vector<Opportunity> out;
  auto rows = filter.initiative_id.empty()
                  ? c.query(std::string("SELECT ") + kOpportunityColumns +
                                "WHERE o.organisation_id = $1 ORDER BY o.created_at DESC, o.id",
                            {org})
                  : c.query(std::string("SELECT ") + kOpportunityColumns +
                                "WHERE o.organisation_id = $1 AND o.initiative_id = $2 ORDER BY o.created_at DESC, o.id",
                            {org, filter.initiative_id});
  auto skill = lower(core::trimmed(filter.skill));
  for (const auto& r : rows) {
    auto o = opportunity_from(c, org, r);
    if (!skill.empty() &&
        std::none_of(o.skills.begin(), o.skills.end(), [&](const auto& s) { return lower(s) == skill; }))
      continue;
    if (!filter.date_from.empty()) {
      if (o.flexible && o.window_to < filter.date_from) continue;
      if (!o.flexible) {
        std::erase_if(o.shifts, [&](const Shift& s) { return s.starts_at.substr(0, 10) < filter.date_from; });
        if (o.shifts.empty()) continue;
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<Opportunity> find_opportunity(store::Connection& c, const std::string& org, const std::string& id) {
  auto r = c.query_one(std::string("SELECT ") + kOpportunityColumns + "WHERE o.organisation_id = $1 AND o.id = $2",
                       {org, id});
  if (!r) return std::nullopt;
  return opportunity_from(c, org, *r);
}

std::optional<Shift> find_shift(store::Connection& c, const std::string& org, const std::string& id) {
  if (!core::looks_like_id(id)) return std::nullopt;
  auto r = c.query_one(std::string("SELECT ") + kShiftColumns + "WHERE s.organisation_id = $1 AND s.id = $2", {org, id});
  if (!r) return std::nullopt;
  return shift_from(*r);
}

// ---- assignments ----------------------------------------------------------------------

namespace {

std::string insert_assignment(store::Connection& tx, const core::Principal& actor, const Opportunity& o,
                              const std::optional<Shift>& shift, const std::string& person) {
  auto id = core::new_id();
  auto now = core::now_utc();
  try {
    tx.execute("INSERT INTO volunteer_assignments (organisation_id, id, opportunity_id, shift_id, places, person_id, "
               "status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'applied', $7, $8, $8)",
               {actor.organisation_id, id, o.id, shift ? store::Value(shift->id) : store::null(),
                shift ? store::Value(shift->places) : store::null(), person,
                actor.signed_in() ? store::Value(actor.account_id) : store::null(), now});
  } catch (const store::DatabaseError& e) {
    if (e.unique_violation()) throw core::localised(409, "conflict", "deliver.volunteer.error.already_applied", "shift_id");
    throw;
  }
  audit::record(tx, actor, "apply", "volunteer_assignment", id, std::nullopt,
                json::object{{"opportunity_id", o.id}, {"shift_id", shift ? json::value(shift->id) : json::value()},
                             {"person_id", person}});
  return id;
}

std::optional<Shift> shift_for(store::Connection& tx, const Opportunity& o, const http::Fields& fields, Checker& check) {
  auto shift_id = core::trimmed(value(fields, "shift_id"));
  if (o.flexible) {
    if (!shift_id.empty()) check.problem("shift_id", "deliver.volunteer.error.flexible_has_no_shifts");
    return std::nullopt;
  }
  if (shift_id.empty()) {
    check.problem("shift_id", "deliver.volunteer.error.required.shift_id");
    return std::nullopt;
  }
  for (const auto& s : o.shifts)
    if (s.id == shift_id) return s;
  (void)tx;
  check.problem("shift_id", "deliver.volunteer.error.unknown_shift");
  return std::nullopt;
}

}  // namespace

std::string apply(store::Connection& tx, const core::Principal& actor, const std::string& opportunity_id,
                  const http::Fields& fields) {
  if (!actor.signed_in()) throw core::unauthenticated();
  const auto& org = actor.organisation_id;
  auto o = require_opportunity(tx, org, opportunity_id);
  Checker check(fields);
  auto shift = shift_for(tx, o, fields, check);
  check.throw_if_any();
  return insert_assignment(tx, actor, o, shift, actor.account_id);
}

std::string assign(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                   const std::string& opportunity_id, const http::Fields& fields) {
  require_coordinator(actor);
  const auto& org = actor.organisation_id;
  auto o = require_opportunity(tx, org, opportunity_id);
  Checker check(fields);
  auto person = core::trimmed(value(fields, "person_id"));
  if (person.empty()) check.problem("person_id", "deliver.volunteer.error.required.person_id");
  else if (!is_member(tx, org, person)) check.problem("person_id", "deliver.volunteer.error.unknown_person");
  auto shift = shift_for(tx, o, fields, check);
  check.throw_if_any();
  if (shift) lock_shift(tx, org, shift->id);
  auto id = insert_assignment(tx, actor, o, shift, person);
  approve(tx, registry, actor, id);
  return id;
}

void approve(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
             const std::string& assignment_id) {
  (void)registry;
  require_coordinator(actor);
  const auto& org = actor.organisation_id;
  auto a = locked_assignment(tx, org, assignment_id);
  require_status(a, {"applied"});
  auto o = require_opportunity(tx, org, a.opportunity_id);
  auto today = core::today_utc();
  for (const auto& kind : o.checks)
    if (!holds_valid_check(tx, org, a.person_id, kind, today)) throw CheckMissing(kind);
  auto now = core::now_utc();
  auto after = a;
  if (!a.shift_id) {
    tx.execute("UPDATE volunteer_assignments SET status = 'approved', decided_by = $3, updated_at = $4 "
               "WHERE organisation_id = $1 AND id = $2 AND status = 'applied'",
               {org, a.id, actor.account_id, now});
    after.status = "approved";
  } else {
    auto shift = *find_shift(tx, org, *a.shift_id);
    auto place = free_place(tx, org, shift);
    if (place) {
      try {
        tx.execute("UPDATE volunteer_assignments SET status = 'approved', place = $3, places = $4, decided_by = $5, "
                   "updated_at = $6 WHERE organisation_id = $1 AND id = $2 AND status = 'applied'",
                   {org, a.id, *place, shift.places, actor.account_id, now});
      } catch (const store::DatabaseError& e) {
        if (e.unique_violation()) throw core::localised(409, "conflict", "deliver.volunteer.error.place_taken", "place");
        throw;
      }
      after.status = "approved";
      after.place = place;
    } else {
      // The shift is locked: the next position is this one's alone.
      tx.execute("UPDATE volunteer_assignments SET status = 'waiting', waiting_since = $4, decided_by = $3, "
                 "updated_at = $4, waiting_position = (SELECT COALESCE(MAX(w.waiting_position), 0) + 1 "
                 "FROM volunteer_assignments w WHERE w.organisation_id = $1 AND w.shift_id = $5) "
                 "WHERE organisation_id = $1 AND id = $2 AND status = 'applied'",
                 {org, a.id, actor.account_id, now, *a.shift_id});
      after.status = "waiting";
    }
  }
  audit::record(tx, actor, "approve", "volunteer_assignment", a.id, assignment_json(a), assignment_json(after));
  if (after.status == "approved" && a.person_id != actor.account_id) tell(tx, org, a, kNoticeApproved, {});
}

namespace {

Assignment own_assignment(store::Connection& tx, const core::Principal& actor, const std::string& id) {
  auto a = locked_assignment(tx, actor.organisation_id, id);
  if (a.person_id != actor.account_id) throw core::not_found("Assignment");
  return a;
}

void write_status(store::Connection& tx, const core::Principal& actor, const Assignment& a, const std::string& status,
                  const char* action) {
  tx.execute("UPDATE volunteer_assignments SET status = $3, decided_by = $4, updated_at = $5 "
             "WHERE organisation_id = $1 AND id = $2",
             {actor.organisation_id, a.id, status, actor.signed_in() ? store::Value(actor.account_id) : store::null(),
              core::now_utc()});
  auto after = a;
  after.status = status;
  audit::record(tx, actor, action, "volunteer_assignment", a.id, assignment_json(a), assignment_json(after));
}

}  // namespace

void confirm_assignment(store::Connection& tx, const core::Principal& actor, const std::string& assignment_id) {
  auto a = own_assignment(tx, actor, assignment_id);
  require_status(a, {"approved"});
  write_status(tx, actor, a, "confirmed", "confirm");
}

void check_in(store::Connection& tx, const core::Principal& actor, const std::string& assignment_id,
              const std::string& code) {
  const auto& org = actor.organisation_id;
  auto a = locked_assignment(tx, org, assignment_id);
  bool coordinator = is_coordinator(actor);
  if (!coordinator && a.person_id != actor.account_id) throw core::not_found("Assignment");
  if (coordinator && a.person_id != actor.account_id) {
    require_status(a, {"approved", "confirmed"});
  } else {
    auto typed = core::trimmed(code);
    for (auto& ch : typed) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (typed.empty())
      throw core::ValidationFailed(std::vector<FieldProblem>{{"code", "deliver.volunteer.error.required.code"}});
    if (typed.size() > 20)
      throw core::ValidationFailed(std::vector<FieldProblem>{{"code", "deliver.volunteer.error.too_long"}});
    if (!a.shift_id)
      throw core::localised(409, "conflict", "deliver.volunteer.error.flexible_has_no_shifts", "code");
    require_status(a, {"confirmed"});
    auto shift = find_shift(tx, org, *a.shift_id);
    if (typed != shift->checkin_code)
      throw core::ValidationFailed(std::vector<FieldProblem>{{"code", "deliver.volunteer.error.wrong_code"}});
  }
  write_status(tx, actor, a, "checked_in", "check_in");
}

void log_hours(store::Connection& tx, const core::Principal& actor, const std::string& assignment_id,
               const std::string& hours) {
  auto a = own_assignment(tx, actor, assignment_id);
  http::Fields f{{"hours", hours}};
  Checker check(f);
  auto x100 = check.hours("hours");
  check.throw_if_any();
  if (a.shift_id) throw core::localised(409, "conflict", "deliver.volunteer.error.hours_for_flexible", "hours");
  require_status(a, {"confirmed", "checked_in"});
  tx.execute("UPDATE volunteer_assignments SET logged_hours_x100 = $3, updated_at = $4 WHERE organisation_id = $1 AND id = $2",
             {actor.organisation_id, a.id, x100, core::now_utc()});
  audit::record(tx, actor, "log_hours", "volunteer_assignment", a.id, std::nullopt,
                json::object{{"logged_hours_x100", x100}});
}

namespace {

void complete_one(store::Connection& tx, const core::Principal& actor, const Assignment& a, std::int64_t hours) {
  const auto& org = actor.organisation_id;
  auto made_on = a.starts_at.empty() ? core::today_utc() : std::min(a.starts_at.substr(0, 10), core::today_utc());
  auto o = require_opportunity(tx, org, a.opportunity_id);
  map::Contribution entry;
  entry.initiative_id = o.initiative_id;
  entry.person_id = a.person_id;
  entry.role = role_of(tx, org, a.person_id);
  entry.phase = map::Phase::delivering;
  entry.kind = map::ContributionKind::hours;
  entry.hours_x100 = hours;
  entry.made_on = made_on;
  entry.status = map::Status::confirmed;
  entry.visibility = map::Visibility::aggregate;
  entry.source_type = kVolunteerSourceType;
  entry.source_id = a.id;
  map::Ledger ledger(tx, actor, map::Ledger::Mode::for_module);
  auto contribution = ledger.record(entry);
  tx.execute("UPDATE volunteer_assignments SET status = 'completed', verified_hours_x100 = $3, contribution_id = $4, "
             "decided_by = $5, updated_at = $6 WHERE organisation_id = $1 AND id = $2",
             {org, a.id, hours, contribution, actor.signed_in() ? store::Value(actor.account_id) : store::null(),
              core::now_utc()});
  auto after = a;
  after.status = "completed";
  after.verified_hours_x100 = hours;
  audit::record(tx, actor, "complete", "volunteer_assignment", a.id, assignment_json(a), assignment_json(after));
}

}  // namespace

void complete(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
              const std::string& assignment_id, const std::string& hours) {
  (void)registry;
  require_coordinator(actor);
  http::Fields f{{"hours", hours}};
  Checker check(f);
  auto x100 = check.hours("hours");
  check.throw_if_any();
  auto a = locked_assignment(tx, actor.organisation_id, assignment_id);
  require_status(a, {"confirmed", "checked_in"});
  complete_one(tx, actor, a, x100);
}

void mark_no_show(store::Connection& tx, const core::Principal& actor, const std::string& assignment_id) {
  require_coordinator(actor);
  auto a = locked_assignment(tx, actor.organisation_id, assignment_id);
  require_status(a, {"approved", "confirmed", "checked_in"});
  write_status(tx, actor, a, "no_show", "no_show");
}

void cancel(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
            const std::string& assignment_id) {
  (void)registry;
  const auto& org = actor.organisation_id;
  auto a = locked_assignment(tx, org, assignment_id);
  if (a.person_id != actor.account_id && !is_coordinator(actor)) throw core::not_found("Assignment");
  require_status(a, {"applied", "waiting", "approved", "confirmed"});
  tx.execute("UPDATE volunteer_assignments SET status = 'cancelled', place = NULL, decided_by = $3, updated_at = $4 "
             "WHERE organisation_id = $1 AND id = $2",
             {org, a.id, actor.account_id, core::now_utc()});
  auto after = a;
  after.status = "cancelled";
  after.place.reset();
  audit::record(tx, actor, "cancel", "volunteer_assignment", a.id, assignment_json(a), assignment_json(after));
  if (a.place && a.shift_id) {
    auto shift = *find_shift(tx, org, *a.shift_id);
    promote(tx, actor, org, shift.id, shift.places, *a.place);
  }
}

int verify_in_bulk(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                   const std::string& opportunity_id, const std::optional<std::string>& shift_id,
                   const http::Fields& fields) {
  (void)registry;
  require_coordinator(actor);
  const auto& org = actor.organisation_id;
  if (shift_id) lock_shift(tx, org, *shift_id);
  auto people = roster(tx, org, opportunity_id, shift_id);
  Checker check(fields);
  std::vector<std::pair<Assignment, std::int64_t>> done;
  std::vector<Assignment> absent;
  for (const auto& [name, v] : fields) {
    bool known = false;
    for (const auto& a : people)
      if (name == "outcome_" + a.id || name == "hours_" + a.id) known = true;
    if (!known) check.problem(name, "deliver.volunteer.error.unknown_field");
  }
  for (const auto& a : people) {
    auto outcome = core::trimmed(value(fields, "outcome_" + a.id));
    if (outcome.empty()) continue;
    bool open = a.status == "approved" || a.status == "confirmed" || a.status == "checked_in";
    if (outcome == "completed") {
      auto hours = check.hours("hours_" + a.id);
      if (!open) check.problem("outcome_" + a.id, "deliver.volunteer.error.status." + a.status);
      else if (hours) done.emplace_back(a, hours);
    } else if (outcome == "no_show") {
      if (!open) check.problem("outcome_" + a.id, "deliver.volunteer.error.status." + a.status);
      else absent.push_back(a);
    } else {
      check.problem("outcome_" + a.id, "deliver.volunteer.error.outcome");
    }
  }
  check.throw_if_any();
  for (auto& [a, hours] : done) complete_one(tx, actor, a, hours);
  for (auto& a : absent) write_status(tx, actor, a, "no_show", "no_show");
  return int(done.size() + absent.size());
}

int message_people(store::Connection& tx, const core::Principal& actor, const std::string& opportunity_id,
                   const std::optional<std::string>& shift_id, const http::Fields& fields) {
  require_coordinator(actor);
  Checker check(fields);
  auto message = check.text("message", kTextMax, true);
  check.throw_if_any();
  const auto& org = actor.organisation_id;
  int told = 0;
  for (const auto& a : roster(tx, org, opportunity_id, shift_id)) {
    if (a.status != "approved" && a.status != "confirmed" && a.status != "checked_in") continue;
    tell(tx, org, a, kNoticeShiftMessage, {{"message", message}});
    ++told;
  }
  audit::record(tx, actor, "message", shift_id ? "volunteer_shift" : "volunteer_opportunity",
                shift_id.value_or(opportunity_id), std::nullopt, json::object{{"told", told}});
  return told;
}

std::optional<Assignment> find_assignment(store::Connection& c, const std::string& org, const std::string& id) {
  auto r = c.query_one(std::string(kAssignmentSelect) + "AND a.id = $2", {org, id});
  if (!r) return std::nullopt;
  return assignment_from(*r);
}

std::vector<Assignment> roster(store::Connection& c, const std::string& org, const std::string& opportunity_id,
                               const std::optional<std::string>& shift_id) {
  std::vector<Assignment> out;
  auto order = " ORDER BY CASE a.status WHEN 'applied' THEN 0 WHEN 'waiting' THEN 2 WHEN 'cancelled' THEN 3 ELSE 1 END, "
               "a.waiting_position, p.display_name, a.id";
  auto rows = shift_id ? c.query(std::string(kAssignmentSelect) + "AND a.opportunity_id = $2 AND a.shift_id = $3" + order,
                                 {org, opportunity_id, *shift_id})
                       : c.query(std::string(kAssignmentSelect) + "AND a.opportunity_id = $2 AND a.shift_id IS NULL" + order,
                                 {org, opportunity_id});
  for (const auto& r : rows) out.push_back(assignment_from(r));
  return out;
}

std::vector<Assignment> commitments(store::Connection& c, const std::string& org, const std::string& person_id) {
  std::vector<Assignment> out;
  for (const auto& r : c.query(std::string(kAssignmentSelect) +
                                   "AND a.person_id = $2 AND a.status <> 'cancelled' "
                                   "ORDER BY COALESCE(s.starts_at, o.window_from, ''), a.created_at, a.id",
                               {org, person_id}))
    out.push_back(assignment_from(r));
  return out;
}

std::string shift_calendar(const Opportunity& o, const Shift& s, const std::string& uid_host) {
  auto now = core::now_utc();  // YYYY-MM-DDTHH:MM:SSZ
  std::string stamp = now.substr(0, 4) + now.substr(5, 2) + now.substr(8, 2) + "T" + now.substr(11, 2) +
                      now.substr(14, 2) + now.substr(17, 2) + "Z";
  std::string out;
  for (const char* line :
       {"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coproduce//volunteering//EN", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VTIMEZONE", "TZID:Europe/London", "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100", "TZNAME:BST", "DTSTART:19700329T010000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT", "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT",
        "DTSTART:19701025T020000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE",
        "BEGIN:VEVENT"})
    out += ics_line(line);
  out += ics_line("UID:shift-" + s.id + "@" + uid_host);
  out += ics_line("DTSTAMP:" + stamp);
  out += ics_line("DTSTART;TZID=Europe/London:" + ics_local(s.starts_at));
  out += ics_line("DTEND;TZID=Europe/London:" + ics_local(s.ends_at));
  out += ics_line("SUMMARY:" + ics_text(o.title));
  out += ics_line("DESCRIPTION:" + ics_text(o.what_you_do));
  out += ics_line("LOCATION:" + ics_text(o.initiative_name));
  out += ics_line("END:VEVENT");
  out += ics_line("END:VCALENDAR");
  return out;
}

}  // namespace coproduce::deliver

#include "map/model.hpp"

#include <array>
#include <unordered_map>

namespace coproduce::map {
namespace {

template <class E, std::size_t N>
std::optional<E> parse_enum(std::string_view text, const E (&all)[N]) {
  for (E e : all)
    if (to_string(e) == text) return e;
  return std::nullopt;
}

}  // namespace

Co co_of(Phase phase) {
  switch (phase) {
    case Phase::planning:
    case Phase::commissioning: return Co::commissioning;
    case Phase::design: return Co::design;
    case Phase::managing:
    case Phase::delivering: return Co::delivery;
    case Phase::monitoring:
    case Phase::evaluating: return Co::assessment;
  }
  return Co::delivery;
}

std::string_view to_string(Phase p) {
  constexpr std::array<std::string_view, 7> names = {
      "planning", "commissioning", "design", "managing", "delivering", "monitoring", "evaluating"};
  return names[static_cast<int>(p)];
}
std::string_view to_string(ContributorRole r) {
  constexpr std::array<std::string_view, 3> names = {"professional", "service_user",
                                                     "community_member"};
  return names[static_cast<int>(r)];
}
std::string_view to_string(ContributionKind k) {
  constexpr std::array<std::string_view, 4> names = {"hours", "money", "in_kind", "expertise"};
  return names[static_cast<int>(k)];
}
std::string_view to_string(Sector s) {
  constexpr std::array<std::string_view, 3> names = {"public", "private", "third"};
  return names[static_cast<int>(s)];
}
std::string_view to_string(Co c) {
  constexpr std::array<std::string_view, 4> names = {"co_commissioning", "co_design",
                                                     "co_delivery", "co_assessment"};
  return names[static_cast<int>(c)];
}
std::string_view to_string(NeedhamCarrLevel l) {
  constexpr std::array<std::string_view, 3> names = {"simple", "intermediate",
                                                     "transformational"};
  return names[static_cast<int>(l)];
}
std::string_view to_string(AreaKind k) {
  constexpr std::array<std::string_view, 3> names = {"city", "district", "neighbourhood"};
  return names[static_cast<int>(k)];
}
std::string_view to_string(Status s) {
  constexpr std::array<std::string_view, 4> names = {"claimed", "confirmed", "disputed", "void"};
  return names[static_cast<int>(s)];
}
std::string_view to_string(Visibility v) {
  constexpr std::array<std::string_view, 3> names = {"named", "pseudonym", "aggregate"};
  return names[static_cast<int>(v)];
}
std::string_view to_string(Frame f) {
  return f == Frame::nef_principles ? "nef_principles" : "five_steps";
}

std::optional<Phase> parse_phase(std::string_view t) { return parse_enum(t, kAllPhases); }
std::optional<ContributorRole> parse_contributor_role(std::string_view t) {
  return parse_enum(t, kAllContributorRoles);
}
std::optional<ContributionKind> parse_contribution_kind(std::string_view t) {
  return parse_enum(t, kAllContributionKinds);
}
std::optional<Sector> parse_sector(std::string_view t) { return parse_enum(t, kAllSectors); }
std::optional<Co> parse_co(std::string_view t) { return parse_enum(t, kAllCos); }
std::optional<NeedhamCarrLevel> parse_level(std::string_view t) {
  return parse_enum(t, kAllLevels);
}
std::optional<AreaKind> parse_area_kind(std::string_view t) {
  return parse_enum(t, kAllAreaKinds);
}
std::optional<Status> parse_status(std::string_view t) { return parse_enum(t, kAllStatuses); }
std::optional<Visibility> parse_visibility(std::string_view t) {
  return parse_enum(t, kAllVisibilities);
}

void link_reversals(std::vector<Contribution>& entries) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < entries.size(); ++i) index[entries[i].id] = i;
  for (const auto& e : entries)
    if (e.reverses_id)
      if (auto it = index.find(*e.reverses_id); it != index.end())
        entries[it->second].reversed_by_id = e.id;
}

std::optional<Frame> parse_frame(std::string_view t) {
  constexpr Frame all[] = {Frame::nef_principles, Frame::five_steps};
  return parse_enum(t, all);
}

const std::vector<std::string>& criteria_of(Frame f) {
  // nef (2011): four principles; Loeffler & Hine-Hughes: five steps.
  static const std::vector<std::string> nef = {"assets", "valuing_work", "reciprocity",
                                               "networks"};
  static const std::vector<std::string> steps = {"map_it", "focus_it", "people_it", "market_it",
                                                 "grow_it"};
  return f == Frame::nef_principles ? nef : steps;
}

}  // namespace coproduce::map

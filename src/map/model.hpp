// The co-production map's records: areas, services, community groups,
// initiatives and the contributions people and groups make to them, plus the
// declared descriptors and self-assessments. Plain structs; no SQL, no HTTP.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coproduce::map {

// The seven arenas of the service value chain (DOMAIN.md section 3).
enum class Phase { planning, commissioning, design, managing, delivering, monitoring, evaluating };
inline constexpr Phase kAllPhases[] = {Phase::planning,   Phase::commissioning, Phase::design,
                                       Phase::managing,   Phase::delivering,    Phase::monitoring,
                                       Phase::evaluating};

// The role a contributor plays in one contribution. Citizens are service
// users and community members; professionals are paid staff in any sector.
enum class ContributorRole { professional, service_user, community_member };
inline constexpr ContributorRole kAllContributorRoles[] = {
    ContributorRole::professional, ContributorRole::service_user,
    ContributorRole::community_member};
inline bool is_citizen(ContributorRole r) { return r != ContributorRole::professional; }

enum class ContributionKind { hours, money, in_kind, expertise };
inline constexpr ContributionKind kAllContributionKinds[] = {
    ContributionKind::hours, ContributionKind::money, ContributionKind::in_kind,
    ContributionKind::expertise};

enum class Sector { public_sector, private_sector, third_sector };
inline constexpr Sector kAllSectors[] = {Sector::public_sector, Sector::private_sector,
                                         Sector::third_sector};

// The four Co's (Welsh Government evidence review).
enum class Co { commissioning, design, delivery, assessment };
inline constexpr Co kAllCos[] = {Co::commissioning, Co::design, Co::delivery, Co::assessment};
Co co_of(Phase phase);

enum class NeedhamCarrLevel { simple, intermediate, transformational };
inline constexpr NeedhamCarrLevel kAllLevels[] = {
    NeedhamCarrLevel::simple, NeedhamCarrLevel::intermediate, NeedhamCarrLevel::transformational};

enum class AreaKind { city, district, neighbourhood };
inline constexpr AreaKind kAllAreaKinds[] = {AreaKind::city, AreaKind::district,
                                             AreaKind::neighbourhood};

// Text names used in the API, the database and message keys.
std::string_view to_string(Phase);
std::string_view to_string(ContributorRole);
std::string_view to_string(ContributionKind);
std::string_view to_string(Sector);
std::string_view to_string(Co);
std::string_view to_string(NeedhamCarrLevel);
std::string_view to_string(AreaKind);
std::optional<Phase> parse_phase(std::string_view);
std::optional<ContributorRole> parse_contributor_role(std::string_view);
std::optional<ContributionKind> parse_contribution_kind(std::string_view);
std::optional<Sector> parse_sector(std::string_view);
std::optional<Co> parse_co(std::string_view);
std::optional<NeedhamCarrLevel> parse_level(std::string_view);
std::optional<AreaKind> parse_area_kind(std::string_view);

struct Area {
  std::string id;
  std::string name;
  AreaKind kind = AreaKind::city;
  std::optional<std::string> parent_id;
};

struct Service {
  std::string id;
  std::string name;
  std::string provider;  // the providing body, e.g. "Gateshead Health NHS Trust"
  Sector sector = Sector::public_sector;
};

struct Group {
  std::string id;
  std::string name;
  std::string description;
};

struct Initiative {
  std::string id;
  std::string name;
  std::string summary;
  std::optional<std::string> area_id;
  std::optional<std::string> service_id;
  // Declared descriptors (DOMAIN.md section 5), never derived.
  std::optional<NeedhamCarrLevel> level;
  bool governance_driver = false;
  bool logistical_driver = false;
  std::string started_on;  // YYYY-MM-DD or empty
};

// One contribution. The contributor is a community group, or a person
// described only by a non-identifying label ("Resident volunteer"): the map
// is public, so it never needs a person's name.
struct Contribution {
  std::string id;
  std::string initiative_id;
  std::optional<std::string> group_id;
  std::string contributor_label;
  ContributorRole role = ContributorRole::community_member;
  Phase phase = Phase::delivering;
  ContributionKind kind = ContributionKind::hours;
  std::int64_t hours_x100 = 0;   // hours in hundredths (kind hours; may accompany others)
  std::int64_t money_minor = 0;  // money in minor units (kind money)
  std::string currency = "GBP";  // ISO 4217 code of money_minor
  std::string description;       // the in-kind asset or expertise given
  std::string made_on;           // YYYY-MM-DD
  std::optional<std::string> confirmed_by;  // account id of who confirmed it
  std::string confirmed_on;                 // YYYY-MM-DD when confirmed
  bool confirmed() const { return confirmed_by.has_value() || !confirmed_on.empty(); }
};

// A self-assessment on one frame at one date: nef's four principles or the
// five steps, each scored 0 (not started) to 4 (embedded).
enum class Frame { nef_principles, five_steps };
std::string_view to_string(Frame);
std::optional<Frame> parse_frame(std::string_view);
const std::vector<std::string>& criteria_of(Frame);  // message-key suffixes, in order

struct Assessment {
  std::string id;
  std::string initiative_id;
  Frame frame = Frame::nef_principles;
  std::string assessed_on;                 // YYYY-MM-DD
  std::map<std::string, int> scores;       // criterion -> 0..4
  std::string note;
};

}  // namespace coproduce::map

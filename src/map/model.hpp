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

// Limits every record is held to: one-line texts, long texts, amounts.
inline constexpr std::size_t kShortText = 200;
inline constexpr std::size_t kLongText = 4000;
inline constexpr std::int64_t kMaxHoursX100 = 100'000'00;          // 100,000 hours in one entry
inline constexpr std::int64_t kMaxMoneyMinor = 10'000'000'000'00;  // 10 billion

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
  bool archived = false;  // left out of lists and choices; what refers to it keeps it
};

struct Service {
  std::string id;
  std::string name;
  std::string provider;  // the providing body, e.g. "Gateshead Health NHS Trust"
  Sector sector = Sector::public_sector;
  bool archived = false;
};

struct Group {
  std::string id;
  std::string name;
  std::string description;
  bool archived = false;
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

// Where an entry stands in the ledger: claimed (waiting for a professional or
// officer), confirmed, disputed (with a reason), or void. Only confirmed
// entries count; a confirmed one is corrected by a reversing entry.
enum class Status { claimed, confirmed, disputed, void_ };
inline constexpr Status kAllStatuses[] = {Status::claimed, Status::confirmed, Status::disputed,
                                          Status::void_};
// How an entry shows: with the person's (or group's) name, with its
// non-identifying label, or only in totals and the typology, never as a person.
enum class Visibility { named, pseudonym, aggregate };
inline constexpr Visibility kAllVisibilities[] = {Visibility::named, Visibility::pseudonym,
                                                  Visibility::aggregate};

// One entry of the contribution ledger: who (a person's account, a community
// group, or only a label such as "Resident volunteer"), in which role, to
// which initiative, in which phase, what, and the record of the module that
// produced it. Every module writes entries through map::Ledger.
struct Contribution {
  std::string id;
  std::string initiative_id;
  std::optional<std::string> person_id;  // the contributor's account, when known
  std::optional<std::string> group_id;
  std::string contributor_label;
  std::int64_t people = 1;  // how many people the entry stands for (aggregate entries)
  ContributorRole role = ContributorRole::community_member;
  Phase phase = Phase::delivering;
  ContributionKind kind = ContributionKind::hours;
  std::int64_t hours_x100 = 0;   // hours in hundredths (kind hours; may accompany others)
  std::int64_t money_minor = 0;  // money in minor units (kind money; the value of in-kind gifts)
  std::string currency = "GBP";  // ISO 4217 code of money_minor
  std::string description;       // the in-kind asset or expertise given
  std::string made_on;           // YYYY-MM-DD
  Status status = Status::claimed;
  Visibility visibility = Visibility::pseudonym;
  std::string source_type = "map.contribution";  // a Source a module declared
  std::string source_id;                         // the record that produced the entry
  std::optional<std::string> recorded_by;        // account id; none for the system
  std::string recorded_role;                     // the recorder's role then ("system" for the platform)
  std::optional<std::string> decided_by;         // who made the last status change
  std::string decided_at;                        // when (ISO-8601 UTC), "" while claimed
  std::string reason;                            // of a dispute, void or reversal
  std::optional<std::string> reverses_id;        // set on an entry that reverses another
  std::optional<std::string> reversed_by_id;     // derived on read: the entry reversing this one
  std::string created_at;

  bool confirmed() const { return status == Status::confirmed; }
  bool is_reversal() const { return reverses_id.has_value(); }
  bool reversed() const { return reversed_by_id.has_value(); }
  // What totals and the typology count: confirmed, not reversed, not a reversal.
  bool counts() const { return confirmed() && !is_reversal() && !reversed(); }
  // Waiting for a decision (what the officer's queue and the hint show).
  bool pending() const { return status == Status::claimed || status == Status::disputed; }
};

std::string_view to_string(Status);
std::string_view to_string(Visibility);
std::optional<Status> parse_status(std::string_view);
std::optional<Visibility> parse_visibility(std::string_view);
// Fills each entry's reversed_by_id from the reversing entries in the list.
void link_reversals(std::vector<Contribution>& entries);

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

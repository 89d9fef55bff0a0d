#include "map/demo_data.hpp"

namespace coproduce::map {
namespace {

constexpr auto kPro = ContributorRole::professional;
constexpr auto kUser = ContributorRole::service_user;
constexpr auto kCommunity = ContributorRole::community_member;

struct Add {
  DemoData& d;
  int next = 0;
  // One confirmed contribution; hours in whole hours, money in minor units.
  void operator()(const std::string& initiative, ContributorRole role, Phase phase,
                  ContributionKind kind, const std::string& label, std::int64_t hours,
                  std::int64_t money_minor, const std::string& description,
                  const std::string& made_on, const std::string& group = {},
                  const std::string& currency = "GBP") {
    Contribution c;
    c.id = "contribution-" + std::to_string(++next);
    c.initiative_id = initiative;
    if (!group.empty()) c.group_id = group;
    c.contributor_label = label;
    c.role = role;
    c.phase = phase;
    c.kind = kind;
    c.hours_x100 = hours * 100;
    c.money_minor = money_minor;
    c.currency = currency;
    c.description = description;
    c.made_on = made_on;
    c.status = Status::confirmed;
    c.decided_at = made_on + "T12:00:00Z";
    d.contributions.push_back(c);
  }
};

DemoData build() {
  DemoData d;
  d.areas = {
      {"porto-alegre", "Porto Alegre", AreaKind::city, {}},
      {"gateshead", "Gateshead", AreaKind::city, {}},
      {"gateshead-sure-start", "Gateshead Sure Start areas", AreaKind::district, "gateshead"},
      {"caterham", "Caterham", AreaKind::city, {}},
      {"caterham-barracks", "Caterham Barracks", AreaKind::neighbourhood, "caterham"},
      {"falmouth", "Falmouth", AreaKind::city, {}},
      {"beacon-estate", "Beacon and Ponsharden estates", AreaKind::neighbourhood, "falmouth"},
      {"france", "France (Ages&Vie houses)", AreaKind::city, {}},
      {"tackley", "Tackley", AreaKind::city, {}},
  };
  d.services = {
      {"capital-investment", "Municipal capital investment", "Prefeitura de Porto Alegre",
       Sector::public_sector},
      {"breastfeeding", "Breastfeeding support", "Sure Start Gateshead and local NHS",
       Sector::public_sector},
      {"community-facilities", "Community facilities and sport", "Caterham Barracks Community Trust",
       Sector::third_sector},
      {"regeneration", "Estate regeneration", "Beacon Community Regeneration Partnership",
       Sector::public_sector},
      {"elderly-care", "Care for elderly people", "Ages&Vie", Sector::private_sector},
      {"village-shop", "Village shop and post office", "Tackley village shop",
       Sector::third_sector},
  };
  d.groups = {
      {"op-associations", "Porto Alegre community associations",
       "Over 1,000 community associations send delegates to the OP council."},
      {"peer-counsellors", "Gateshead breastfeeding peer counsellors",
       "Nearly 50 local mothers trained as peer counsellors, running four support groups."},
      {"caterham-trust", "Caterham Barracks Community Trust members",
       "12 trust members, one of them a councillor."},
      {"skate-club", "Caterham skate park users",
       "Roller-skate park with 5,000 members and up to 570 users a week."},
      {"beacon-residents", "Beacon residents' management committee",
       "Residents hold the majority on the partnership's management committee."},
      {"host-families", "Villa Family host families",
       "Two host families per house, each hosting three elderly people."},
      {"tackley-volunteers", "Tackley village shop volunteers",
       "More than 50 volunteers staff the community shop."},
  };

  auto initiative = [&](std::string id, std::string name, std::string summary, std::string area,
                        std::string service, NeedhamCarrLevel level, bool governance,
                        bool logistical, std::string started, Cell cell) {
    Initiative i{std::move(id), std::move(name), std::move(summary), std::move(area),
                 std::move(service), level, governance, logistical, std::move(started)};
    d.initiatives.push_back({std::move(i), cell});
  };
  initiative("porto-alegre", "Participatory budgeting (Orçamento Participativo)",
             "Residents decide each year on the city's capital investment priorities; about "
             "50,000 people took part in 2002.",
             "porto-alegre", "capital-investment", NeedhamCarrLevel::transformational, true,
             false, "1989-01-01", Cell::professional_with_coplanning);
  initiative("sure-start", "Sure Start breastfeeding peer support",
             "Local mothers trained as peer counsellors support new mothers in five deprived "
             "areas: hospital visits to all new mothers, a follow-up at 20 weeks, a phone "
             "helpline.",
             "gateshead-sure-start", "breastfeeding", NeedhamCarrLevel::intermediate, false, true,
             "2001-01-01", Cell::user_codelivery);
  initiative("caterham", "Caterham Barracks Community Trust",
             "A community trust funded with £2.5m of section 106 money runs facilities for a "
             "400-home development, managed by community groups.",
             "caterham-barracks", "community-facilities", NeedhamCarrLevel::transformational,
             false, true, "1999-01-01", Cell::full_coproduction);
  initiative("beacon", "Beacon Community Regeneration Partnership",
             "Resident-led repairs, crime watch, youth training, a skate park and a garden task "
             "force, with professionals alongside.",
             "beacon-estate", "regeneration", NeedhamCarrLevel::transformational, true, true,
             "1995-01-01", Cell::codelivery_little_planning);
  initiative("villa-family", "Villa Family (Ages&Vie)",
             "Host families each care for three elderly people in shared houses; the "
             "département registers and monitors them.",
             "france", "elderly-care", NeedhamCarrLevel::intermediate, false, true, "1990-01-01",
             Cell::community_delivery_professional_plan);
  initiative("tackley", "Tackley village shop",
             "A community shop and post office for a village of about 1,000 people, planned from "
             "the 'Tackley Top Ten' survey and run by volunteers.",
             "tackley", "village-shop", NeedhamCarrLevel::intermediate, false, true, "2004-01-01",
             Cell::community_delivery_coplanned);

  Add add{d};
  using P = Phase;
  using K = ContributionKind;
  // Porto Alegre: co-planned, delivered by the city's technical staff.
  add("porto-alegre", kCommunity, P::planning, K::hours, "OP council delegates", 4000, 0,
      "Neighbourhood assemblies and OP council sessions setting priorities", "2002-04-01",
      "op-associations", "BRL");
  add("porto-alegre", kCommunity, P::planning, K::expertise, "Residents' association members",
      1200, 0, "Local knowledge of street and sanitation needs", "2002-05-01", "op-associations",
      "BRL");
  add("porto-alegre", kPro, P::planning, K::hours, "City planning office staff", 2500, 0,
      "Working proposals up with the OP council into the investment plan", "2002-06-01", {},
      "BRL");
  add("porto-alegre", kPro, P::delivering, K::hours, "Municipal technical staff", 20000, 0,
      "Delivering the works in the investment plan", "2003-03-01", {}, "BRL");
  add("porto-alegre", kPro, P::managing, K::expertise, "Municipal engineers", 3000, 0,
      "Managing the works programme", "2003-03-01", {}, "BRL");
  add("porto-alegre", kCommunity, P::monitoring, K::hours, "OP council delegates", 600, 0,
      "Following the works through the year", "2003-09-01", "op-associations", "BRL");

  // Sure Start Gateshead: professionally designed, co-delivered with mothers.
  add("sure-start", kPro, P::design, K::expertise, "Midwives and health visitors", 300, 0,
      "Designing the peer counselling service and its training", "2001-03-01");
  add("sure-start", kPro, P::planning, K::hours, "Sure Start programme manager", 120, 0,
      "Choosing the five areas and the hospital visit pattern", "2001-02-01");
  add("sure-start", kUser, P::delivering, K::hours, "Peer counsellors (local mothers)", 2400, 0,
      "Hospital visits to new mothers and the 20-week follow-up", "2002-01-15",
      "peer-counsellors");
  add("sure-start", kUser, P::delivering, K::hours, "Peer counsellors (local mothers)", 800, 0,
      "Running four breastfeeding support groups and the phone helpline", "2002-02-01",
      "peer-counsellors");
  add("sure-start", kPro, P::delivering, K::hours, "Midwives", 600, 0,
      "Training and supervising the peer counsellors (3 months)", "2001-09-01");

  // Caterham Barracks: full co-production.
  add("caterham", kPro, P::commissioning, K::money, "Housing developer", 0, 250000000,
      "Section 106 money transferred to the trust", "1999-06-01");
  add("caterham", kCommunity, P::planning, K::hours, "Trust members", 900, 0,
      "Planning the use of the barracks' buildings with residents", "1999-09-01",
      "caterham-trust");
  add("caterham", kPro, P::planning, K::expertise, "District council planning officers", 200, 0,
      "Planning advice on the development", "1999-08-01");
  add("caterham", kCommunity, P::managing, K::hours, "Community group volunteers", 5000, 0,
      "Managing the facilities, including the skate park", "2003-01-01", "skate-club");
  add("caterham", kPro, P::managing, K::hours, "Trust staff", 3000, 0,
      "Running the trust's enterprises (turnover over £100,000 a year)", "2003-01-01");
  add("caterham", kCommunity, P::delivering, K::in_kind, "Skate park members", 0, 0,
      "Coaching and events at the roller-skate park", "2004-05-01", "skate-club");

  // Beacon: residents planned without formal professional planning; delivered together.
  add("beacon", kCommunity, P::planning, K::hours, "Residents' committee", 1500, 0,
      "Residents set the partnership's priorities", "1995-06-01", "beacon-residents");
  add("beacon", kCommunity, P::delivering, K::hours, "Resident volunteers", 4000, 0,
      "Resident-led repairs, crime watch and garden task force", "1997-01-01",
      "beacon-residents");
  add("beacon", kPro, P::delivering, K::hours, "Health visitors and housing officers", 2500, 0,
      "Working alongside residents on health and housing", "1997-01-01");
  add("beacon", kUser, P::delivering, K::hours, "Young people", 800, 0,
      "Youth training and the skate park", "1998-01-01");
  add("beacon", kCommunity, P::evaluating, K::expertise, "Residents' committee", 100, 0,
      "Reviewing outcomes: 87% now feel safe", "2000-01-01", "beacon-residents");

  // Villa Family: professionally planned, delivered by host families.
  add("villa-family", kPro, P::planning, K::expertise, "Ages&Vie staff", 400, 0,
      "Planning the houses and the host family model", "1990-01-01", {}, "EUR");
  add("villa-family", kPro, P::design, K::expertise, "Département social services", 150, 0,
      "Registering host families and setting standards", "1990-02-01", {}, "EUR");
  add("villa-family", kCommunity, P::delivering, K::hours, "Host families", 8000, 0,
      "Daily care for three elderly people per family", "1991-01-01", "host-families", "EUR");
  add("villa-family", kCommunity, P::managing, K::hours, "Host families", 1000, 0,
      "Running the shared houses", "1991-01-01", "host-families", "EUR");
  add("villa-family", kPro, P::monitoring, K::hours, "Département inspectors", 100, 0,
      "Monitoring the houses", "1992-01-01", {}, "EUR");

  // Tackley: co-planned with public bodies, delivered by volunteers.
  add("tackley", kCommunity, P::planning, K::hours, "Villagers", 600, 0,
      "The 'Tackley Top Ten' survey of what the village wanted", "2002-05-01");
  add("tackley", kCommunity, P::commissioning, K::money, "Villagers", 0, 8300000,
      "20% of the £415,000 cost raised in the village", "2003-06-01", "tackley-volunteers");
  add("tackley", kPro, P::commissioning, K::money, "Parish, district and county councils and "
      "11 other bodies", 0, 33200000, "80% of the cost from 14 external bodies", "2003-09-01");
  add("tackley", kPro, P::design, K::expertise, "District council officers", 80, 0,
      "Advice on the shop's design and licences", "2003-10-01");
  add("tackley", kCommunity, P::delivering, K::hours, "Shop volunteers", 10000, 0,
      "More than 50 volunteers staff the shop", "2004-06-01", "tackley-volunteers");
  add("tackley", kCommunity, P::managing, K::hours, "Shop committee", 700, 0,
      "Managing the shop (first-year turnover £160,000)", "2004-06-01", "tackley-volunteers");

  auto assess = [&](std::string initiative, Frame frame, std::string on,
                    std::vector<int> scores, std::string note) {
    Assessment a;
    a.id = "assessment-" + std::to_string(d.assessments.size() + 1);
    a.initiative_id = std::move(initiative);
    a.frame = frame;
    a.assessed_on = std::move(on);
    const auto& criteria = criteria_of(frame);
    for (std::size_t i = 0; i < criteria.size(); ++i) a.scores[criteria[i]] = scores[i];
    a.note = std::move(note);
    d.assessments.push_back(std::move(a));
  };
  assess("sure-start", Frame::nef_principles, "2002-01-01", {2, 1, 2, 1}, "First year");
  assess("sure-start", Frame::nef_principles, "2004-01-01", {3, 2, 3, 3}, "Support groups established");
  assess("caterham", Frame::five_steps, "2001-01-01", {2, 2, 1, 1, 0}, "Trust set up");
  assess("caterham", Frame::five_steps, "2005-01-01", {4, 3, 3, 2, 2}, "Facilities running");
  assess("tackley", Frame::nef_principles, "2004-06-01", {3, 3, 3, 2}, "Shop opened");
  return d;
}

}  // namespace

const DemoData& demo_data() {
  static const DemoData data = build();
  return data;
}

}  // namespace coproduce::map

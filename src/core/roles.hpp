// Roles a person holds in an organisation, and the authenticated principal
// that every request carries (anonymous when nobody is signed in).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coproduce::core {

enum class Role { resident, community_member, professional, councillor, officer };

inline constexpr Role kAllRoles[] = {Role::resident, Role::community_member, Role::professional,
                                     Role::councillor, Role::officer};

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct Principal {
  std::string account_id;       // empty when anonymous
  std::string organisation_id;  // the organisation the request acts in
  std::optional<Role> role;     // the role held there; nullopt when anonymous
  std::string display_name;
  bool via_api_token = false;   // bearer token: CSRF does not apply
  std::string session_id;       // for logout and the CSRF token's binding
  bool system = false;          // the platform itself (demo loader, counting): no person

  // The platform acting in an organisation, e.g. a module's background work.
  static Principal system_in(std::string organisation_id) {
    Principal p;
    p.organisation_id = std::move(organisation_id);
    p.system = true;
    return p;
  }

  bool signed_in() const { return !account_id.empty(); }
  bool has(Role r) const { return role && *role == r; }
  bool has_any(std::initializer_list<Role> roles) const {
    for (Role r : roles)
      if (has(r)) return true;
    return false;
  }
};

}  // namespace coproduce::core

#include "core/roles.hpp"

namespace coproduce::core {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::resident: return "resident";
    case Role::community_member: return "community_member";
    case Role::professional: return "professional";
    case Role::councillor: return "councillor";
    case Role::officer: return "officer";
  }
  return "resident";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : kAllRoles)
    if (to_string(r) == text) return r;
  return std::nullopt;
}

}  // namespace coproduce::core

// The demo organisation: the six case studies and one account per role, so
// anyone can try the platform. Idempotent: does nothing when it exists.
#pragma once

#include <string>
#include <vector>

#include "core/roles.hpp"
#include "store/database.hpp"

namespace coproduce::app {

inline constexpr const char* kDemoOrgSlug = "demo";

struct DemoAccount {
  const char* email;
  const char* display_name;
  core::Role role;
};
// The demo password is shared by every demo account and printed at start:
// the demo holds no real data.
inline constexpr const char* kDemoPassword = "demo-password-1234";
const std::vector<DemoAccount>& demo_accounts();

// Creates an organisation and its first officer in one transaction; throws
// core::Error naming the field when the slug or email is taken or invalid.
void create_organisation_with_officer(store::Database& db, const std::string& slug,
                                      const std::string& name, const std::string& locale,
                                      const std::string& officer_email,
                                      const std::string& officer_name,
                                      const std::string& password);

// Returns true when it loaded the demo, false when it was already there.
bool load_demo(store::Database& db);

}  // namespace coproduce::app

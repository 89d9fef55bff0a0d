// The demo organisation and one account per role, so anyone can try the
// platform. The demo holds no real data: every demo account shares the
// password printed at start.
#pragma once

#include <vector>

#include "core/roles.hpp"
#include "module/module.hpp"

namespace coproduce::access {

inline constexpr const char* kDemoOrgSlug = "demo";
inline constexpr const char* kDemoPassword = "demo-password-1234";

struct DemoAccount {
  const char* email;
  const char* display_name;
  core::Role role;
};
const std::vector<DemoAccount>& demo_accounts();

// The module's demo step: creates the organisation and the accounts, or marks
// the demo as already loaded when the organisation exists.
void load_demo(store::Connection& tx, module::DemoContext& demo);

}  // namespace coproduce::access

// The time bank's pages: offers and requests (/time-credits), one's own
// account with its balance, exchanges and the form to propose one
// (/time-credits/account), and for officers the settings and reversals.
#pragma once

#include <string>
#include <string_view>

#include "deliver/timebank.hpp"
#include "module/module.hpp"

namespace coproduce::deliver {

void add_pages(module::Loader& l);

// "This would take Ann's balance below its limit of -10 hours", in the language.
std::string limit_message(std::string_view locale, const LimitExceeded& e);

}  // namespace coproduce::deliver

// The process module's routes beyond the imported results: running a process
// (officers), signing it off (councillors), voting (members online, anyone
// with a voting code), and checking a receipt.
#pragma once

#include "commission/process/process.hpp"
#include "http/router.hpp"
#include "module/module.hpp"
#include "web/forms.hpp"

namespace coproduce::commission::process {

void add_api(module::Loader& l);
void add_vote_pages(module::Loader& l);
void add_manage_pages(module::Loader& l);
void add_channel_routes(module::Loader& l);
void add_delivery_routes(module::Loader& l);
void add_proposal_routes(module::Loader& l);
// The milestone form as sent, with what is wrong with it, to show again.
struct MilestoneForm {
  http::Fields typed;
  web::FormErrors errors;
};
// A winning project's delivery on its page ("" when it is not being delivered).
std::string delivery_section(store::Connection& c, const http::Context& ctx, const Process& p, const std::string& code,
                             const MilestoneForm* form = nullptr);
// A project's page of the published results: why it won or lost, and its
// delivery; with `form`, the milestone form shown again with its errors (422).
http::Response project_page(store::Database& db, http::Context& ctx, const MilestoneForm* form = nullptr);

// The page of a process whose results are not yet public: its phase, budget,
// ballot, projects and what the reader can do now.
http::Response overview_page(store::Database& db, http::Context& ctx, const Process& process);

}  // namespace coproduce::commission::process

// The process module's routes beyond the imported results: running a process
// (officers), signing it off (councillors), voting (members online, anyone
// with a voting code), and checking a receipt.
#pragma once

#include "commission/process/process.hpp"
#include "http/router.hpp"
#include "module/module.hpp"

namespace coproduce::commission::process {

void add_api(module::Loader& l);
void add_vote_pages(module::Loader& l);
void add_manage_pages(module::Loader& l);
void add_channel_routes(module::Loader& l);
void add_delivery_routes(module::Loader& l);
void add_proposal_routes(module::Loader& l);
// A winning project's delivery on its page ("" when it is not being delivered).
std::string delivery_section(store::Connection& c, const http::Context& ctx, const Process& p, const std::string& code);

// The page of a process whose results are not yet public: its phase, budget,
// ballot, projects and what the reader can do now.
http::Response overview_page(store::Database& db, http::Context& ctx, const Process& process);

}  // namespace coproduce::commission::process

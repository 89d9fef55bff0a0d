// GET /data-dictionary: the columns of every CSV download the reader may
// fetch, with their meaning and codes in the reader's language.
#pragma once

#include "http/router.hpp"
#include "module/registry.hpp"

namespace coproduce::web {

http::Response dictionary_page(const http::Context& ctx, const module::Registry& registry);

}  // namespace coproduce::web

#include "web/module.hpp"

#include "i18n/i18n.hpp"
#include "module/registry.hpp"
#include "web/dictionary_page.hpp"
#include "web/layout.hpp"
#include "web/routes.hpp"

namespace coproduce::web {

void load(module::Loader& l) {
  l.messages(message_files());
  bool secure = l.environment().secure_cookies;
  l.page(http::Method::get, "/language", module::kPublic,
         [secure](http::Context& ctx) { return switch_language(ctx, secure); },
         "Switch the page language (en or cy), remember it, and return to the page");
  l.error_page(error_page);
  const module::Registry& registry = l.registry();
  l.page(http::Method::get, "/data-dictionary", module::kPublic,
         [&registry](http::Context& ctx) { return dictionary_page(ctx, registry); },
         "What each column and code of the CSV downloads means, in the reader's language");
  // The parts of the frame that read the database are prepared before the
  // handler runs: a handler holding a connection while its page asks for
  // another could wait on the pool for ever.
  l.request_setup([&registry](http::Context& ctx) {
    if (ctx.request.path.starts_with("/api/")) return;
    Frame frame;
    for (auto& link : registry.header_links(ctx))
      frame.account_links.push_back({std::move(link.href), std::move(link.label)});
    frame.organisation_name = registry.organisation_name(ctx);
    ctx.frame_key = frame.organisation_name;
    ctx.page_frame = std::move(frame);
  });
  set_frame_source([&registry](const http::Context& ctx) {
    const auto* prepared = std::any_cast<Frame>(&ctx.page_frame);
    Frame frame = prepared ? *prepared : Frame{};
    for (const auto& entry : registry.navigation(ctx.principal))
      frame.navigation.push_back({entry.href, i18n::t(ctx.locale, entry.label_key)});
    return frame;
  });
}

}  // namespace coproduce::web

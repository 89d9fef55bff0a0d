#include "web/module.hpp"

#include "i18n/i18n.hpp"
#include "module/registry.hpp"
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
  set_frame_source([&registry](const http::Context& ctx) {
    Frame frame;
    for (const auto& entry : registry.navigation(ctx.principal))
      frame.navigation.push_back({entry.href, i18n::t(ctx.locale, entry.label_key)});
    return frame;
  });
}

}  // namespace coproduce::web

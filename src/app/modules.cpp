#include "app/modules.hpp"

#include <memory>
#include <mutex>

#include "access/access.hpp"
#include "audit/module.hpp"
#include "commission/process/module.hpp"
#include "deliver/module.hpp"
#include "equality/module.hpp"
#include "map/module.hpp"
#include "notify/module.hpp"
#include "module/registry.hpp"
#include "web/module.hpp"

namespace coproduce::app {

const std::vector<module::Module>& modules() {
  static const std::vector<module::Module> list = {
      {"app", load_platform},
      {"web", web::load},
      {"audit", audit::load},
      {"access", access::load},
      {"notify", notify::load},
      {"map", map::load},
      {"commission", commission::process::load},
      {"equality", equality::load},
      {"deliver", deliver::load},
  };
  return list;
}

void load_platform(module::Loader& l) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  l.page(http::Method::get, "/healthz", module::kPublic,
         [&db](http::Context&) {
           auto conn = db.acquire();
           conn->query("SELECT 1");
           return http::Response::json({{"status", "ok"}});
         },
         "Liveness: answers 200 when the server and its database answer");
  l.page(http::Method::get, "/", module::kPublic,
         [](http::Context&) { return http::Response::redirect("/map"); }, "Home: the map");
  // Assembled on first use: the declarations do not change while the program runs.
  struct Document {
    std::once_flag built;
    std::string json;
  };
  auto document = std::make_shared<Document>();
  l.api(http::Method::get, "/api/v1/openapi.json", module::kPublic,
        [&registry, document](http::Context&) {
          std::call_once(document->built, [&] { document->json = registry.openapi_json(); });
          return http::Response::text(document->json, "application/json");
        },
        module::Api("This API's OpenAPI 3.1 description, assembled from every module's routes")
            .returns(200, "The document"));
}

}  // namespace coproduce::app

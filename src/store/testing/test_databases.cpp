// Temporary databases for tests (see test_databases.hpp).
#include "store/testing/test_databases.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace coproduce::store::testing {
namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string source_dir() {
  if (const char* dir = std::getenv("COPRODUCE_SOURCE_DIR"); dir && *dir) return dir;
  return COPRODUCE_SOURCE_DIR_FALLBACK;
}

std::string make_temp_dir(const char* prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / prefix).string() + "XXXXXX";
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
  return pattern;
}

struct Server {
  std::string url;
  std::string error;
  std::string owner_file;  // our registration with the shared server
  bool from_environment = false;
  std::mutex schemas_mutex;
  std::vector<std::string> schemas;  // dropped at exit from a server we do not own
};

Server& server() {
  static Server instance;
  return instance;
}

void leave_server() {
  if (!server().owner_file.empty()) std::filesystem::remove(server().owner_file);
}

// A server named by COPRODUCE_TEST_PG_URL lives on, so our schemas must go.
void drop_schemas() {
  Server& s = server();
  try {
    auto admin = open_database(s.url, 1);
    auto c = admin->acquire();
    for (const auto& schema : s.schemas) c->execute_script("DROP SCHEMA " + schema + " CASCADE");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "could not drop test schemas: %s\n", e.what());
  }
}

// One server per user is shared by all test processes (pg-temp.sh "shared"):
// it starts with the first and stops a few seconds after the last has exited.
void start_server(Server& s) {
  if (const char* url = std::getenv("COPRODUCE_TEST_PG_URL"); url && *url) {
    s.url = url;
    s.from_environment = true;
    std::atexit(drop_schemas);
    return;
  }
  std::string script = source_dir() + "/scripts/pg-temp.sh";
  std::string dir =
      (std::filesystem::temp_directory_path() / ("coproduce-pg-shared-" + std::to_string(getuid())))
          .string();
  std::string errors = dir + "." + std::to_string(getpid()) + ".log";
  std::string command = shell_quote(script) + " shared " + shell_quote(dir) + " " +
                        std::to_string(getpid()) + " 2>" + shell_quote(errors);
  s.owner_file = dir + ".owners/" + std::to_string(getpid());
  std::atexit(leave_server);
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + script);
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  int status = pclose(pipe);
  std::string diagnostics = read_file(errors);
  std::filesystem::remove(errors);
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  if (status != 0 || !output.starts_with("postgresql://")) {
    throw std::runtime_error("could not start PostgreSQL with " + script + ": " +
                             (diagnostics.empty() ? "no output" : diagnostics));
  }
  s.url = output;
}

}  // namespace

const std::string& postgres_server_url() {
  static std::once_flag once;
  Server& s = server();
  std::call_once(once, [&] {
    try {
      start_server(s);
    } catch (const std::exception& e) {
      s.error = e.what();
    }
  });
  if (s.url.empty()) throw std::runtime_error(s.error);
  return s.url;
}

std::string fresh_database_url(Dialect dialect) {
  static std::atomic<int> counter{0};
  int n = ++counter;
  if (dialect == Dialect::sqlite) {
    struct RemovedAtExit {
      std::string path;
      ~RemovedAtExit() { std::filesystem::remove_all(path); }
    };
    static const RemovedAtExit dir{make_temp_dir("coproduce-sqlite-")};
    return "sqlite://" + dir.path + "/test" + std::to_string(n) + ".db";
  }
  std::string base = postgres_server_url();
  // The server outlives this process, so the name must not repeat when a PID does.
  auto now = std::chrono::system_clock::now().time_since_epoch();
  std::string schema =
      "test_" + std::to_string(getpid()) + "_" +
      std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count()) + "_" +
      std::to_string(n);
  {
    auto admin = open_database(base, 1);
    admin->acquire()->execute_script("CREATE SCHEMA " + schema);
  }
  if (server().from_environment) {
    std::lock_guard lock(server().schemas_mutex);
    server().schemas.push_back(schema);
  }
  // libpq passes `options` to the server: every session then sees only this schema.
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

const char* dialect_name(Dialect dialect) {
  return dialect == Dialect::sqlite ? "sqlite" : "postgresql";
}

}  // namespace coproduce::store::testing

// Parses sqlite:// and postgresql:// URLs (see database_url.hpp).
#include "store/database_url.hpp"

#include <charconv>
#include <stdexcept>

namespace coproduce::store {
namespace {

constexpr std::string_view kForms =
    "expected sqlite:///absolute/path.db, sqlite://relative/path.db, sqlite::memory: or "
    "postgresql://user[:password]@host[:port][,host2[:port2]]/database";

[[noreturn]] void bad(const std::string& problem) {
  throw std::invalid_argument("invalid database URL: " + problem + " (" + std::string(kForms) +
                              ")");
}

DatabaseUrl parse_sqlite(std::string_view rest) {
  if (rest == ":memory:") return {Dialect::sqlite, ":memory:", {}};
  if (!rest.starts_with("//")) bad("SQLite URLs start with sqlite:// or are sqlite::memory:");
  std::string_view path = rest.substr(2);  // "/abs" keeps its slash; "rel" stays relative
  bool durable = true;
  if (auto query = path.find('?'); query != std::string_view::npos) {
    auto option = path.substr(query + 1);
    if (option == "sync=off") durable = false;
    else if (option != "sync=full") bad("the only SQLite URL options are ?sync=full (the default) and ?sync=off");
    path = path.substr(0, query);
  }
  if (path.empty() || path == "/") bad("the SQLite URL has no file path");
  if (path.find('\0') != std::string_view::npos) bad("the SQLite file path contains a NUL byte");
  return {Dialect::sqlite, std::string(path), {}, durable};
}

void check_port(std::string_view port) {
  int value = 0;
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() || value < 1 ||
      value > 65535) {
    bad("the PostgreSQL port must be a number from 1 to 65535");
  }
}

DatabaseUrl parse_postgres(std::string_view url, std::string_view rest) {
  if (!rest.starts_with("//")) bad("PostgreSQL URLs start with postgresql://");
  rest.remove_prefix(2);
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 == rest.size()) {
    bad("the PostgreSQL URL names no database (add /dbname after the host)");
  }
  std::string_view database = rest.substr(slash + 1);
  if (database.find('/') != std::string_view::npos)
    bad("the PostgreSQL database name contains '/'");
  std::string_view authority = rest.substr(0, slash);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    if (at == 0) bad("the PostgreSQL URL has an '@' but no user name before it");
    authority = authority.substr(at + 1);
  }
  // Several hosts (host1:port1,host2:port2) let libpq find the primary after a
  // failover (with target_session_attrs=read-write).
  bool named_host = false;
  while (true) {
    auto comma = authority.find(',');
    std::string_view host = authority.substr(0, comma);
    std::string_view port;
    if (host.starts_with('[')) {  // IPv6 literal: [::1]:5432
      auto close = host.find(']');
      if (close == std::string_view::npos) bad("the PostgreSQL host has '[' without ']'");
      std::string_view after = host.substr(close + 1);
      host = host.substr(1, close - 1);
      if (!after.empty()) {
        if (after[0] != ':') bad("unexpected text after the IPv6 host");
        port = after.substr(1);
        check_port(port);
      }
    } else if (auto colon = host.find(':'); colon != std::string_view::npos) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
      check_port(port);
    }
    named_host = named_host || !host.empty();
    if (comma == std::string_view::npos) break;
    authority = authority.substr(comma + 1);
  }
  // An empty host is only meaningful when the options name a socket directory.
  if (!named_host && query.find("host=") == std::string_view::npos) {
    bad("the PostgreSQL URL names no host");
  }
  return {Dialect::postgresql, {}, std::string(url)};
}

}  // namespace

DatabaseUrl parse_database_url(std::string_view url) {
  if (url.empty()) bad("it is empty");
  auto colon = url.find(':');
  if (colon == std::string_view::npos) bad("it has no scheme");
  std::string_view scheme = url.substr(0, colon);
  std::string_view rest = url.substr(colon + 1);
  if (scheme == "sqlite") return parse_sqlite(rest);
  if (scheme == "postgresql" || scheme == "postgres") return parse_postgres(url, rest);
  // Only short, plain scheme names are echoed: the text before ':' might be anything.
  bool plain = scheme.size() <= 20 && scheme.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789+-.") == std::string_view::npos;
  bad(plain ? "unsupported scheme '" + std::string(scheme) + "'" : "unsupported scheme");
}

}  // namespace coproduce::store

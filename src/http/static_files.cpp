// Serves static assets safely: every segment is checked before the file
// system is touched, and the resolved path must stay under the root.
#include "http/static_files.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace coproduce::http {

namespace fs = std::filesystem;

std::string_view content_type_for(std::string_view filename) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".png", "image/png"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  auto dot = filename.rfind('.');
  if (dot != std::string_view::npos) {
    auto extension = filename.substr(dot);
    for (const auto& [ext, type] : kTypes)
      if (extension == ext) return type;
  }
  return "application/octet-stream";
}

Response static_file(const fs::path& root, std::string_view relative) {
  if (relative.empty()) throw core::not_found("File");
  std::string_view rest = relative;
  while (true) {
    auto slash = rest.find('/');
    auto segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == ".." ||
        segment.find('\\') != std::string_view::npos)
      throw core::malformed("Asset paths may not contain empty, '.' or '..' segments");
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }

  std::error_code ec;
  fs::path resolved = fs::canonical(root / fs::path(relative), ec);
  if (ec || !fs::is_regular_file(resolved, ec)) throw core::not_found("File");
  auto [root_end, _] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
  if (root_end != root.end()) throw core::not_found("File");

  std::ifstream in(resolved, std::ios::binary);
  if (!in) throw core::not_found("File");
  std::ostringstream content;
  content << in.rdbuf();
  auto response = Response::text(std::move(content).str(),
                                 std::string(content_type_for(resolved.filename().string())));
  response.set_header("Cache-Control", "public, max-age=3600");
  return response;
}

}  // namespace coproduce::http

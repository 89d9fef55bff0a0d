// Internal to the server: files under /assets/ from ServerOptions::static_dir.
#pragma once

#include <filesystem>
#include <string_view>

#include "http/response.hpp"

namespace coproduce::http {

// The file `relative` (the request path after "/assets/") under `root`, which
// must already be canonical. Throws core::Error: 400 for "..", "." or empty
// segments and backslashes (traversal attempts, however they were encoded),
// 404 for files that are missing or resolve outside `root` (symlinks).
Response static_file(const std::filesystem::path& root, std::string_view relative);

// Content-Type by file extension; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view filename);

}  // namespace coproduce::http

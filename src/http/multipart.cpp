// The strict multipart/form-data reader (see multipart.hpp). One pass over
// the body: every search either moves forward or is bounded by a limit, so a
// hostile body costs time linear in its size.
#include "http/multipart.hpp"

#include "core/error.hpp"

namespace coproduce::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMostBoundaryChars = 70;  // RFC 2046 section 5.1.1

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= '0' && c <= '9') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// bchars of RFC 2046: a space is allowed, but not as the last character.
bool is_boundary_char(char c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= '0' && c <= '9') return true;
  return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

[[noreturn]] void refuse(const std::string& problem) {
  throw core::malformed("The multipart/form-data body is malformed: " + problem);
}

struct Parameter {
  std::string name;  // lower-cased
  std::string value;
};

// "type/subtype; a=b; c="d"" -> the type (lower-cased) and its parameters. A
// quoted value runs to the next quote: browsers write a quote inside one as
// %22 and never escape with a backslash (a Windows path keeps its backslashes).
std::string split_parameters(std::string_view text, std::vector<Parameter>& parameters,
                             const std::string& what) {
  auto semicolon = text.find(';');
  std::string first(trim(text.substr(0, semicolon)));
  for (auto& c : first) c = lower(c);
  std::string_view rest = semicolon == std::string_view::npos ? std::string_view{} : text.substr(semicolon + 1);
  while (true) {
    rest = trim(rest);
    if (rest.empty()) break;
    auto eq = rest.find('=');
    if (eq == std::string_view::npos) refuse(what + " has a parameter without a value");
    std::string name(trim(rest.substr(0, eq)));
    if (name.empty()) refuse(what + " has a parameter without a name");
    for (char c : name)
      if (!is_token_char(c)) refuse(what + " has a malformed parameter name");
    for (auto& c : name) c = lower(c);
    rest = trim(rest.substr(eq + 1));
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      auto close = rest.find('"', 1);
      if (close == std::string_view::npos) refuse(what + ": the quoted value of " + name + " is never closed");
      value = std::string(rest.substr(1, close - 1));
      rest = trim(rest.substr(close + 1));
      if (!rest.empty() && rest.front() != ';') refuse(what + ": text follows the quoted value of " + name);
    } else {
      auto end = rest.find(';');
      value = std::string(trim(rest.substr(0, end)));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    }
    for (const auto& p : parameters)
      if (p.name == name) refuse(what + " gives the parameter " + name + " twice");
    parameters.push_back({name, value});
    if (!rest.empty()) rest.remove_prefix(1);  // the ';'
  }
  return first;
}

const std::string* find_parameter(const std::vector<Parameter>& parameters, std::string_view name) {
  for (const auto& p : parameters)
    if (p.name == name) return &p.value;
  return nullptr;
}

// The file name as a browser sends it, without a folder (old browsers sent
// the whole path).
std::string base_name(const std::string& filename) {
  auto slash = filename.find_last_of("/\\");
  return slash == std::string::npos ? filename : filename.substr(slash + 1);
}

// One part's header block (without its final empty line).
Part read_part_headers(std::string_view block, std::size_t number, const MultipartLimits& limits) {
  std::string where = "part " + std::to_string(number);
  Part part;
  bool disposition = false, type = false;
  std::size_t lines = 0;
  while (!block.empty()) {
    auto end = block.find(kCrlf);
    std::string_view line = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 2);
    if (++lines > limits.max_part_header_lines)
      refuse(where + " has more than " + std::to_string(limits.max_part_header_lines) + " header lines");
    if (line.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
      refuse(where + " has a header line with a bare CR, LF or a NUL");
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
      refuse(where + " has a folded header line");
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) refuse(where + " has a header line that is not Name: value");
    std::string_view name = line.substr(0, colon);
    for (char c : name)
      if (!is_token_char(c)) refuse(where + " has a malformed header name");
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "content-disposition")) {
      if (disposition) refuse(where + " has two Content-Disposition headers");
      disposition = true;
      std::vector<Parameter> parameters;
      std::string kind = split_parameters(value, parameters, where + "'s Content-Disposition");
      if (kind != "form-data") refuse(where + "'s Content-Disposition is not form-data");
      const std::string* field = find_parameter(parameters, "name");
      if (!field || field->empty()) refuse(where + " has no name");
      part.name = *field;
      if (const std::string* filename = find_parameter(parameters, "filename")) part.filename = base_name(*filename);
    } else if (iequals(name, "content-type")) {
      if (type) refuse(where + " has two Content-Type headers");
      type = true;
      part.content_type = std::string(value);
    } else if (iequals(name, "content-transfer-encoding")) {
      // Deprecated by RFC 7578; only the identity encodings are understood.
      if (!iequals(value, "binary") && !iequals(value, "8bit") && !iequals(value, "7bit"))
        refuse(where + " uses the transfer encoding '" + std::string(value) +
               "'; only binary, 8bit and 7bit are accepted");
    }
    // Any other header is ignored (RFC 7578 section 4.8).
  }
  if (!disposition) refuse(where + " has no Content-Disposition header");
  return part;
}

}  // namespace

bool is_multipart_form(std::string_view content_type) {
  auto semicolon = content_type.find(';');
  return iequals(trim(content_type.substr(0, semicolon)), "multipart/form-data");
}

std::string multipart_boundary(std::string_view content_type) {
  std::vector<Parameter> parameters;
  std::string type = split_parameters(content_type, parameters, "the Content-Type");
  if (type != "multipart/form-data") refuse("the Content-Type is not multipart/form-data");
  const std::string* boundary = find_parameter(parameters, "boundary");
  if (!boundary) refuse("the Content-Type names no boundary");
  if (boundary->empty()) refuse("the boundary is empty");
  if (boundary->size() > kMostBoundaryChars)
    refuse("the boundary is longer than " + std::to_string(kMostBoundaryChars) + " characters");
  for (char c : *boundary)
    if (!is_boundary_char(c)) refuse("the boundary holds a character RFC 2046 does not allow");
  if (boundary->back() == ' ') refuse("the boundary ends with a space");
  return *boundary;
}

std::vector<Part> parse_multipart(std::string_view content_type, std::string_view body,
                                  const MultipartLimits& limits) {
  const std::string dash_boundary = "--" + multipart_boundary(content_type);
  const std::string delimiter = std::string(kCrlf) + dash_boundary;
  std::vector<Part> parts;

  // The first boundary line starts the body or follows a preamble's CRLF.
  std::size_t pos;
  if (body.substr(0, dash_boundary.size()) == dash_boundary) {
    pos = dash_boundary.size();
  } else {
    auto first = body.find(delimiter);
    if (first == std::string_view::npos) refuse("the body holds no line with the boundary the Content-Type names");
    pos = first + delimiter.size();
  }
  while (true) {
    // After a boundary: "--" closes the body (what follows is an epilogue,
    // ignored); otherwise optional spaces or tabs, then CRLF, then a part.
    if (body.substr(pos, 2) == "--") return parts;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (std::string_view(kCrlf).substr(0, body.size() - pos) == body.substr(pos))
      refuse("the body ends after a boundary line, before the closing boundary (was it cut short?)");
    if (body.substr(pos, 2) != kCrlf) refuse("a boundary line is followed by other text on the same line");
    pos += 2;
    if (parts.size() == limits.max_parts)
      throw core::too_large("The multipart/form-data body has more than " + std::to_string(limits.max_parts) +
                            " parts");
    std::string number = std::to_string(parts.size() + 1);
    // The header block ends with an empty line: a search bounded by the limit.
    std::size_t block_size = 0, content = pos + 2;  // no header lines at all
    if (body.substr(pos, 2) != kCrlf) {
      std::string_view window = body.substr(pos, limits.max_part_header_bytes + 4);
      auto found = window.find("\r\n\r\n");
      if (found == std::string_view::npos) {
        if (pos + window.size() >= body.size())
          refuse("the body ends inside the headers of part " + number + " (was it cut short?)");
        refuse("the headers of part " + number + " are longer than " +
               std::to_string(limits.max_part_header_bytes) + " bytes");
      }
      block_size = found;
      content = pos + found + 4;
    }
    Part part = read_part_headers(body.substr(pos, block_size), parts.size() + 1, limits);
    pos = content;
    auto next = body.find(delimiter, pos);
    if (next == std::string_view::npos)
      refuse("the body ends inside part " + number + " (\"" + part.name +
             "\") before its closing boundary (was it cut short?)");
    part.body = body.substr(pos, next - pos);
    parts.push_back(std::move(part));
    pos = next + delimiter.size();
  }
}

std::vector<Part> multipart_parts(const Request& request) {
  auto type = request.header("content-type");
  if (!type || !is_multipart_form(*type)) return {};
  return parse_multipart(*type, request.body);
}

std::optional<Part> uploaded_file(const Request& request, std::string_view name) {
  for (auto& part : multipart_parts(request)) {
    if (part.name != name || !part.is_file()) continue;
    if (part.filename->empty() && part.body.empty()) return std::nullopt;
    return part;
  }
  return std::nullopt;
}

}  // namespace coproduce::http

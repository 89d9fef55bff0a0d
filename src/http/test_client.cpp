// The raw-socket test client (see test_client.hpp): plain POSIX sockets, so
// the tests compile without Asio.
#include "http/test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>

namespace coproduce::http::testing {

std::optional<std::string> RawResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return std::nullopt;
}

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket() failed");
  timeval timeout{5, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("connect() failed");
}

RawConnection::~RawConnection() {
  ::close(fd_);
}

void RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send() failed");
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool RawConnection::fill() {
  char chunk[16384];
  auto n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<RawResponse> RawConnection::read_response(bool head) {
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
    if (!fill()) return std::nullopt;
  std::string head_text = buffer_.substr(0, end + 2);
  buffer_.erase(0, end + 4);

  RawResponse response;
  auto line_end = head_text.find("\r\n");
  auto status_line = head_text.substr(0, line_end);  // HTTP/1.1 200 OK
  response.status = std::stoi(status_line.substr(9, 3));
  std::size_t pos = line_end + 2;
  while (pos < head_text.size()) {
    auto next = head_text.find("\r\n", pos);
    auto line = head_text.substr(pos, next - pos);
    pos = next + 2;
    auto colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    response.headers.emplace_back(std::move(name), std::move(value));
  }
  std::size_t length = 0;
  if (auto content_length = response.header("content-length"); content_length && !head)
    length = std::stoul(*content_length);
  while (buffer_.size() < length)
    if (!fill()) return std::nullopt;
  response.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return response;
}

bool RawConnection::closed_by_server(int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd readable{fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0)
      return false;
    char byte;
    auto n = ::recv(fd_, &byte, 1, 0);
    if (n == 0) return true;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return true;  // reset
  }
}

std::string request_text(std::string_view method, std::string_view target,
                         std::string_view extra_headers, std::string_view body) {
  std::string text;
  text.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
  text.append(extra_headers);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    text.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  text.append("\r\n").append(body);
  return text;
}

}  // namespace coproduce::http::testing

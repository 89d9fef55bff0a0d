// For http_test only: a blocking HTTP/1.1 client over a raw TCP socket that
// sends exactly the bytes it is given (malformed ones included) and parses
// one response at a time, so keep-alive and limits can be observed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coproduce::http::testing {

struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::optional<std::string> header(std::string_view lower_case_name) const;
};

class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);  // 127.0.0.1; reads time out after 5 s
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(std::string_view bytes);
  // The next response; nullopt when the server closed first. A response to
  // HEAD has no body whatever its Content-Length says.
  std::optional<RawResponse> read_response(bool head = false);
  // True when the server closes the connection within `seconds`.
  bool closed_by_server(int seconds = 3);

 private:
  bool fill();  // reads more bytes into buffer_; false on EOF, error or timeout
  int fd_ = -1;
  std::string buffer_;
};

// "METHOD target HTTP/1.1" with Host, the extra header lines and a body.
std::string request_text(std::string_view method, std::string_view target,
                         std::string_view extra_headers = {}, std::string_view body = {});

}  // namespace coproduce::http::testing

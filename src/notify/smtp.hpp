// One SMTP connection's worth of sending, through libcurl (STARTTLS, AUTH,
// connection reuse between messages, certificate checks). Not thread-safe:
// one client per sending thread.
#pragma once

#include <memory>
#include <string>

#include "module/module.hpp"

namespace coproduce::notify {

struct SendResult {
  bool sent = false;
  bool permanent = false;  // the server refused for good (5xx): do not retry
  std::string error;       // why not, without the message's content
};

class SmtpClient {
 public:
  explicit SmtpClient(module::Environment::Mail settings);
  ~SmtpClient();
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  // Sends one formatted message (message.hpp) from the configured sender to `to`.
  SendResult send(const std::string& to, const std::string& message);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace coproduce::notify

#include "notify/smtp.hpp"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "core/blocking.hpp"
#include "notify/message.hpp"

namespace coproduce::notify {
namespace {

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

struct SmtpClient::Impl {
  module::Environment::Mail settings;
  CURL* curl = nullptr;
};

SmtpClient::SmtpClient(module::Environment::Mail settings) : impl_(std::make_unique<Impl>()) {
  global_init();
  impl_->settings = std::move(settings);
  impl_->curl = curl_easy_init();
}

SmtpClient::~SmtpClient() {
  if (impl_->curl) curl_easy_cleanup(impl_->curl);
}

SendResult SmtpClient::send(const std::string& to, const std::string& message) {
  const auto& s = impl_->settings;
  CURL* curl = impl_->curl;
  if (!curl) return {false, false, "libcurl could not start"};
  curl_easy_reset(curl);  // keeps the open connection for the next message
  Upload upload{&message};
  std::string from = "<" + address_of(s.from) + ">";
  std::string rcpt = "<" + to + ">";
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, s.smtp_url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (s.starttls && s.smtp_url.rfind("smtp://", 0) == 0)
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!s.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, s.ca_file.c_str());
  if (!s.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, s.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
  }
  CURLcode code;
  {
    core::Blocking waiting;
    code = curl_easy_perform(curl);
  }
  curl_slist_free_all(recipients);
  if (code == CURLE_OK) return {true, false, ""};
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  SendResult result;
  result.permanent = reply >= 500 && reply < 600;
  result.error = std::string(curl_easy_strerror(code)) + (reply ? " (SMTP " + std::to_string(reply) + ")" : "");
  return result;
}

}  // namespace coproduce::notify

// The notify module: message formatting, the outbox, the sender's claims,
// retries and log mode, and notifications with preferences, on both databases.
// Delivery over real SMTP is tested end to end in tests/integration/mail.test.mjs.
#include <gtest/gtest.h>

#include "access/access.hpp"
#include "audit/module.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "module/testing.hpp"
#include "notify/message.hpp"
#include "notify/module.hpp"
#include "notify/notices.hpp"
#include "notify/outbox.hpp"
#include "notify/sender.hpp"
#include "store/testing/backend_test.hpp"
#include "web/module.hpp"

namespace coproduce::notify {
namespace {

std::string decode_base64(const std::string& text) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  std::uint32_t buffer = 0;
  for (char c : text) {
    auto at = alphabet.find(c);
    if (at == std::string::npos) continue;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

TEST(Message, HeadersAreAsciiAndTheBodyReadsBack) {
  Message m{"Cyngor Sir Ynys Môn <noreply@example.org>", "person@example.org", "Croeso i'r gwasanaeth: ŵ ŷ",
            "Line one\nLlinell dau ŵ\n", "abc@example.org", "Sun, 06 Dec 2026 10:00:00 +0000"};
  auto text = format_message(m);
  auto split = text.find("\r\n\r\n");
  ASSERT_NE(split, std::string::npos);
  auto headers = text.substr(0, split);
  for (char c : headers) ASSERT_TRUE(static_cast<unsigned char>(c) < 0x80) << "non-ASCII header byte";
  EXPECT_NE(headers.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(headers.find("From: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(headers.find("<noreply@example.org>"), std::string::npos);
  EXPECT_NE(headers.find("Message-ID: <abc@example.org>"), std::string::npos);
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
    EXPECT_LE(end - start, 78u);
    start = end + 2;
  }
  EXPECT_EQ(decode_base64(text.substr(split + 4)), "Line one\r\nLlinell dau ŵ\r\n");
}

TEST(Message, DatesAndAddresses) {
  EXPECT_EQ(rfc5322_date("2026-12-06T10:00:00Z"), "Sun, 06 Dec 2026 10:00:00 +0000");
  EXPECT_EQ(rfc5322_date("2024-02-29T23:59:59Z"), "Thu, 29 Feb 2024 23:59:59 +0000");
  EXPECT_EQ(address_of("Name <a@b.org>"), "a@b.org");
  EXPECT_EQ(address_of("a@b.org"), "a@b.org");
}

TEST(Sender, RetryDelaysGrowAndStop) {
  EXPECT_EQ(Sender::retry_delay(1), std::chrono::seconds(30));
  EXPECT_EQ(Sender::retry_delay(2), std::chrono::seconds(120));
  EXPECT_EQ(Sender::retry_delay(3), std::chrono::seconds(480));
  EXPECT_EQ(Sender::retry_delay(20), std::chrono::hours(6));
}

class Outbox : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    module::testing::load({{"web", web::load}, {"audit", audit::load}, {"access", access::load},
                           {"notify", notify::load}},
                          &db());
    auto c = db().acquire();
    c->transaction([&] {
      org = access::create_organisation(*c, "org-" + core::new_id().substr(0, 8), "Cyngor Tref", "cy");
      account = access::create_account(*c, "person@example.test", "Person", "a long test password");
      access::add_membership(*c, org, account, core::Role::resident);
    });
  }

  std::string status_of(const std::string& id) {
    auto c = db().acquire();
    return c->query_one("SELECT status FROM outbox WHERE id = $1", {id})->text(0);
  }

  module::Environment::Mail mail_to(std::string url) {
    module::Environment::Mail mail;
    mail.smtp_url = std::move(url);
    mail.starttls = false;
    mail.from = "coproduce <noreply@example.test>";
    return mail;
  }

  std::string org, account;
};

TEST_P(Outbox, MessagesAreRenderedInTheRecipientsLanguage) {
  auto c = db().acquire();
  auto id = c->transaction([&] { return enqueue(*c, {org, "person@example.test", "cy", "notify.email.test", {}}); });
  auto row = c->query_one("SELECT subject, body, status, recipient FROM outbox WHERE id = $1", {id});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), i18n::t("cy", "notify.email.test.subject", {{"organisation", "Cyngor Tref"}}));
  EXPECT_NE(row->text(0), i18n::t("en", "notify.email.test.subject", {{"organisation", "Cyngor Tref"}}));
  EXPECT_NE(row->text(1).find("Cyngor Tref"), std::string::npos);  // the footer names the organisation
  EXPECT_EQ(row->text(2), "queued");
  EXPECT_EQ(row->text(3), "person@example.test");
}

TEST_P(Outbox, NothingIsQueuedWhenTheTransactionFails) {
  auto c = db().acquire();
  EXPECT_THROW(c->transaction([&] {
    enqueue(*c, {org, "person@example.test", "en", "notify.email.test", {{"name", "Ann"}}});
    throw std::runtime_error("the change failed");
  }),
               std::runtime_error);
  EXPECT_EQ(outbox_counts(*c).queued, 0);
}

TEST_P(Outbox, HostileRecipientsAndUnknownTemplatesAreRefused) {
  auto c = db().acquire();
  EXPECT_THROW(enqueue(*c, {org, "a@b.test\r\nBcc: x@y.test", "en", "notify.email.test", {}}), std::invalid_argument);
  EXPECT_THROW(enqueue(*c, {org, "a@b.test", "en", "notify.no_such_email", {}}), std::invalid_argument);
  EXPECT_EQ(outbox_counts(*c).queued, 0);
}

TEST_P(Outbox, WithoutSmtpMessagesWaitAndInLogModeTheyAreWrittenAndMarkedSent) {
  auto c = db().acquire();
  auto id = c->transaction([&] { return enqueue(*c, {org, "person@example.test", "en", "notify.email.test", {}}); });
  Sender held(db(), mail_to(""));
  EXPECT_EQ(held.run_once(), 0);
  EXPECT_EQ(status_of(id), "queued");
  auto logging = mail_to("");
  logging.log = true;
  Sender log(db(), logging);
  EXPECT_EQ(log.run_once(), 1);
  EXPECT_EQ(status_of(id), "sent");
  auto row = c->query_one("SELECT body, sent_at FROM outbox WHERE id = $1", {id});
  EXPECT_EQ(row->text(0), "") << "a sent message's body is not kept";
  EXPECT_FALSE(row->is_null(1));
  EXPECT_EQ(log.run_once(), 0) << "nothing is sent twice";
}

TEST_P(Outbox, AnUnreachableServerMeansRetriesLaterThenFailure) {
  auto c = db().acquire();
  auto id = c->transaction([&] { return enqueue(*c, {org, "person@example.test", "en", "notify.email.test", {}}); });
  auto at = Sender::Clock::now() + std::chrono::seconds(1);  // after the enqueue, whatever the second
  Sender sender(db(), mail_to("smtp://127.0.0.1:9"), [&] { return at; });  // the discard port: refused
  EXPECT_EQ(sender.run_once(), 1);
  auto row = c->query_one("SELECT status, attempts, next_attempt_at, last_error FROM outbox WHERE id = $1", {id});
  EXPECT_EQ(row->text(0), "queued");
  EXPECT_EQ(row->integer(1), 1);
  EXPECT_EQ(row->text(2), core::iso_utc(at + std::chrono::seconds(30)));
  EXPECT_FALSE(row->text(3).empty());
  EXPECT_EQ(sender.run_once(), 0) << "not due yet";
  for (int attempt = 2; attempt <= Sender::kMaxAttempts; ++attempt) {
    at += std::chrono::hours(7);
    EXPECT_EQ(sender.run_once(), 1);
  }
  EXPECT_EQ(status_of(id), "failed");
  at += std::chrono::hours(7);
  EXPECT_EQ(sender.run_once(), 0) << "a failed message is not tried again";
}

TEST_P(Outbox, AClaimThatLapsesIsTakenOverAndAFreshOneIsNot) {
  auto c = db().acquire();
  auto id = c->transaction([&] { return enqueue(*c, {org, "person@example.test", "en", "notify.email.test", {}}); });
  // A sender that died after claiming: status 'sending' with a lease.
  c->execute("UPDATE outbox SET status = 'sending', claim = 'dead', lease_until = $1, attempts = 1 WHERE id = $2",
             {core::iso_utc(Sender::Clock::now() + std::chrono::seconds(60)), id});
  auto logging = mail_to("");
  logging.log = true;
  auto at = Sender::Clock::now() + std::chrono::seconds(1);  // after the enqueue, whatever the second
  Sender sender(db(), logging, [&] { return at; });
  EXPECT_EQ(sender.run_once(), 0) << "the claim still holds";
  at += std::chrono::seconds(61);
  EXPECT_EQ(sender.run_once(), 1);
  EXPECT_EQ(status_of(id), "sent");
}

TEST_P(Outbox, NoticesRespectEachPersonsEmailChoiceAndCountAsUnread) {
  auto c = db().acquire();
  auto email_count = [&] { return c->query_one("SELECT COUNT(*) FROM outbox")->integer(0); };
  c->transaction([&] {
    send_notice(*c, {org, account, "notify.email.test", {}, "/notifications"});
  });
  EXPECT_EQ(unread_count(*c, org, account), 1);
  EXPECT_EQ(email_count(), 1);
  auto body = c->query_one("SELECT body FROM outbox")->text(0);
  c->transaction([&] { set_wants_email(*c, account, "notify.email.test", false); });
  c->transaction([&] {
    send_notice(*c, {org, account, "notify.email.test", {}, "/notifications"});
  });
  EXPECT_EQ(unread_count(*c, org, account), 2);
  EXPECT_EQ(email_count(), 1) << "email turned off for this kind";
  auto list = list_notices(*c, org, account, "cy");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].text, i18n::t("cy", "notify.email.test.text"));
  c->transaction([&] { mark_all_read(*c, org, account); });
  EXPECT_EQ(unread_count(*c, org, account), 0);
  EXPECT_EQ(unread_count(*c, "another-organisation", account), 0);
}

COPRODUCE_ON_BOTH_BACKENDS(Outbox);

}  // namespace
}  // namespace coproduce::notify

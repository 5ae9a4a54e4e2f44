// Receipts on paper and by email, with real parts: a PDF written by QPdfWriter, the ESC/POS bytes
// a receipt printer gets, libcups refusing a queue it cannot reach, a mail delivered through
// libcurl to an SMTP server on 127.0.0.1; and through the kiosk, a whole visit ending with "email
// me the receipt" landing in the patron's inbox with the checkout on it.
#include "kiosk/app/kioskui.h"
#include "kiosk/app/screentour.h"
#include "kiosk/app/receiptsender.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "tests/support/childprocess.h"
#include "tests/ui/simharness.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QThread>
#include <QtQml/qqmlextensionplugin.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)

using namespace lasis;
using namespace lasis::kiosk;

namespace {

ReceiptText sample() {
  return {QStringLiteral("Rīgas Centrālā bibliotēka"), QStringLiteral("kiosk-1 · 22.11.2026 10:00 · ***0008"),
          {QStringLiteral("Izsniegts: Baltā grāmata, jānodod 2026. gada 13. decembris"), QStringLiteral(".starts with a dot")}};
}

/// The test SMTP server (tests/ui/smtpsink.py) as a child process.
struct SmtpSink {
  test::ChildProcess proc{{"/usr/bin/python3", LASIS_SOURCE_DIR "/tests/ui/smtpsink.py"}};
  int port = 0;
  SmtpSink() {
    if (auto line = proc.readLine(std::chrono::milliseconds(10000)))
      port = nlohmann::json::parse(*line, nullptr, false).value("port", 0);
  }
  ~SmtpSink() { proc.stop(std::chrono::milliseconds(1000)); }
  nlohmann::json nextMail() {
    auto line = proc.readLine(std::chrono::milliseconds(20000));
    return line ? nlohmann::json::parse(*line, nullptr, false) : nlohmann::json();
  }
};

/// An SMTP credentials file with the given mode.
QString credentials(const QTemporaryDir& dir, mode_t mode) {
  const QString path = dir.filePath("smtp.secret");
  QFile c(path);
  if (c.open(QIODevice::WriteOnly)) c.write("kiosk-mailer:s3cret\n");
  c.close();
  ::chmod(path.toUtf8().constData(), mode);
  return path;
}

} // namespace

TEST(Receipts, EscPosBytesInitialiseCarryTheTextAndCut) {
  const QByteArray b = ReceiptSender::escPos(sample());
  EXPECT_TRUE(b.startsWith("\x1b\x40"));
  EXPECT_TRUE(b.endsWith("\x1d\x56\x01"));
  EXPECT_TRUE(b.contains(QStringLiteral("jānodod 2026. gada 13. decembris").toUtf8()));
}

TEST(Receipts, PdfFallbackWritesOneFilePerReceipt) {
  QTemporaryDir dir;
  ReceiptSettings s;
  s.printer = "pdf:" + dir.filePath("out").toStdString();
  ReceiptSender sender(s);
  ASSERT_TRUE(sender.canPrint());
  EXPECT_EQ(sender.print(sample()).toStdString(), "");
  const auto files = QDir(dir.filePath("out")).entryList({"receipt-*.pdf"});
  ASSERT_EQ(files.size(), 1);
  QFile f(QDir(dir.filePath("out")).filePath(files[0]));
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  const QByteArray pdf = f.readAll();
  EXPECT_TRUE(pdf.startsWith("%PDF-"));
  EXPECT_GT(pdf.size(), 1000);
}

TEST(Receipts, AnUnreachablePrinterIsAClearErrorNotACrash) {
  qputenv("CUPS_SERVER", "127.0.0.1:9");  // nothing listens there
  ReceiptSettings s;
  s.printer = "cups:lasis-receipts";
  const QString problem = ReceiptSender(s).print(sample());
  qunsetenv("CUPS_SERVER");
  EXPECT_TRUE(problem.contains(QStringLiteral("lasis-receipts"))) << problem.toStdString();
}

TEST(Receipts, MailArrivesWithSubjectLinesAndCredentials) {
  SmtpSink smtp;
  ASSERT_GT(smtp.port, 0);
  QTemporaryDir dir;
  const QString creds = credentials(dir, 0600);
  ReceiptSettings s;
  s.smtpUrl = "smtp://127.0.0.1:" + std::to_string(smtp.port);
  s.smtpFrom = "kiosk@library.example";
  s.smtpAllowPlain = true;
  s.smtpCredentialsFile = creds.toStdString();
  EXPECT_EQ(ReceiptSender(s).email(sample(), "p100008@example.org", QStringLiteral("Jūsu kvīts")).toStdString(), "");
  const auto mail = smtp.nextMail();
  ASSERT_TRUE(mail.is_object());
  EXPECT_EQ(mail["to"][0], "<p100008@example.org>");
  EXPECT_EQ(mail["auth"], "kiosk-mailer");
  const std::string data = mail["data"];
  EXPECT_NE(data.find("Subject: =?UTF-8?B?" + QStringLiteral("Jūsu kvīts").toUtf8().toBase64().toStdString()), std::string::npos);
  EXPECT_NE(data.find("Izsniegts: Baltā grāmata"), std::string::npos);
  EXPECT_NE(data.find("\n.starts with a dot"), std::string::npos) << "a line starting with a dot survives SMTP";
}

TEST(Receipts, WorldReadableCredentialsAreRefused) {
  QTemporaryDir dir;
  const QString creds = credentials(dir, 0644);
  ReceiptSettings s;
  s.smtpUrl = "smtp://127.0.0.1:9";
  s.smtpFrom = "kiosk@library.example";
  s.smtpCredentialsFile = creds.toStdString();
  const QString problem = ReceiptSender(s).email(sample(), "p@example.org", "x");
  EXPECT_TRUE(problem.contains(QStringLiteral("chmod"))) << problem.toStdString();
}

TEST(Receipts, APatronChoosesEmailAndTheCheckoutArrivesInTheirInbox) {
  SmtpSink smtp;
  ASSERT_GT(smtp.port, 0);
  test::SimHarness sim(QStringLiteral("[receipt]\nsmtp_url = \"smtp://127.0.0.1:%1\"\nsmtp_from = \"kiosk@library.example\"\n"
                                      "smtp_allow_plain = true\nlibrary_name = \"Rīgas Centrālā bibliotēka\"\n")
                           .arg(smtp.port));
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  auto& s = sim.ui()->session();
  sim.putCard("P100008");
  sim.putItem("10000107");
  s.beginBorrow();
  ASSERT_TRUE(waitFor([&] { return !s.cardOnPad().isEmpty(); }));
  s.login({}, QStringLiteral("1234"));
  ASSERT_TRUE(waitFor([&] { return s.loggedIn() && !s.busy() && sim.ui()->items().okCount() == 1; }));
  s.finish();
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("receipt") && !s.busy(); }));
  EXPECT_TRUE(s.offersReceipt(QStringLiteral("email")));
  EXPECT_FALSE(s.offersReceipt(QStringLiteral("print"))) << "no printer configured, none offered";
  s.chooseReceipt(QStringLiteral("email"));
  nlohmann::json mail;
  // The kiosk works on its own loop: keep it turning while the mail is on its way.
  waitFor([&] {
    if (auto line = smtp.proc.readLine(std::chrono::milliseconds(10))) mail = nlohmann::json::parse(*line, nullptr, false);
    return mail.is_object();
  });
  ASSERT_TRUE(mail.is_object()) << "no mail arrived; notice: " << s.notice().toStdString();
  EXPECT_EQ(mail["to"][0], "<p100008@example.org>");
  const std::string data = mail["data"];
  EXPECT_NE(data.find("Rīgas Centrālā bibliotēka"), std::string::npos);
  EXPECT_NE(data.find("Baltā grāmata"), std::string::npos) << data;
  EXPECT_EQ(data.find("1234"), std::string::npos) << "the PIN is never on a receipt";
  EXPECT_TRUE(waitFor([&] { return s.screen() == QLatin1String("goodbye"); })) << "sent, the session ends";
}

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  qputenv("QT_QUICK_BACKEND", "software");
  QGuiApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

// Receipts on paper and by email, with real parts: a PDF written by QPdfWriter, the ESC/POS bytes
// a receipt printer gets (in the code page of the receipt's language, over a real TCP socket on
// 127.0.0.1, compared with iconv's own conversion), libcups refusing a queue it cannot reach, a mail delivered through
// libcurl to an SMTP server on 127.0.0.1; and through the kiosk, a whole visit ending with "email
// me the receipt" landing in the patron's inbox with the checkout on it.
#include "kiosk/app/kioskui.h"
#include "kiosk/app/languagecontroller.h"
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

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <tuple>
#include <vector>

#include <arpa/inet.h>
#include <iconv.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

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

/// `text` in `charset` as iconv(3) converts it, strictly (the test's own reference, not the
/// code under test); empty when iconv cannot carry every character.
QByteArray iconvBytes(const QString& text, const char* charset) {
  iconv_t cd = ::iconv_open(charset, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  QByteArray in = text.toUtf8();
  QByteArray out(in.size() * 4 + 16, '\0');
  char* ip = in.data();
  char* op = out.data();
  std::size_t il = static_cast<std::size_t>(in.size()), ol = static_cast<std::size_t>(out.size());
  const std::size_t rc = ::iconv(cd, &ip, &il, &op, &ol);
  ::iconv_close(cd);
  if (rc != 0) return {};
  out.truncate(out.size() - static_cast<qsizetype>(ol));
  return out;
}

/// A networked receipt printer on 127.0.0.1: takes one connection, keeps every byte until the
/// sender closes. `backlog0` makes a listener that is never accepted from (see NeverAccepts).
class PrinterSink {
public:
  PrinterSink() {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&a), len) != 0 || ::listen(m_fd, 4) != 0 ||
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      return;
    port = ntohs(a.sin_port);
    m_thread = std::thread([this] {
      const int c = ::accept(m_fd, nullptr, nullptr);
      if (c < 0) return;
      char buf[4096];
      for (ssize_t n; (n = ::read(c, buf, sizeof buf)) > 0;) m_bytes.append(buf, n);
      ::close(c);
      m_done = true;
    });
  }
  ~PrinterSink() {
    ::shutdown(m_fd, SHUT_RDWR);  // wakes accept() when nothing connected
    if (m_thread.joinable()) m_thread.join();
    ::close(m_fd);
  }
  std::string target() const { return "socket:127.0.0.1:" + std::to_string(port); }
  /// What the printer received, once the sender closed (waits up to 5 s, turning the Qt loop).
  QByteArray received() {
    waitFor([this] { return m_done.load(); }, 5000);
    return m_done ? m_bytes : QByteArray();
  }
  int port = 0;

private:
  int m_fd = -1;
  std::thread m_thread;
  QByteArray m_bytes;
  std::atomic<bool> m_done{false};
};

/// `receipt` printed to a socket printer as `settings` say; what the printer got.
QByteArray printedOverTcp(ReceiptText receipt, ReceiptSettings settings = {}) {
  PrinterSink printer;
  settings.printer = printer.target();
  const QString problem = ReceiptSender(settings).print(receipt);
  EXPECT_EQ(problem.toStdString(), "");
  return printer.received();
}

ReceiptText latvian() {
  return {QStringLiteral("Rīgas Centrālā bibliotēka"),
          QStringLiteral("kiosk-1 · 22.11.2026 10:00 · ***0008"),
          {QStringLiteral("Izsniegti: Ķīšu ģērbšanās; Lāčplēsis"), QStringLiteral("Jānodod līdz 13. decembrim")},
          QStringLiteral("lv")};
}

} // namespace

TEST(Receipts, EscPosBytesInitialiseSelectTheCodeTableCarryTheTextAndCut) {
  const QByteArray b = ReceiptSender::escPos(sample(), {"CP1257", 51});
  EXPECT_TRUE(b.startsWith("\x1b\x40\x1b\x74\x33")) << "ESC @, then ESC t 51";
  EXPECT_TRUE(b.endsWith("\x1d\x56\x01"));
  EXPECT_TRUE(b.contains(iconvBytes(QStringLiteral("jānodod 2026. gada 13. decembris"), "CP1257")));
  EXPECT_FALSE(b.contains(QStringLiteral("ā").toUtf8())) << "no UTF-8 reaches the printer";
}

// The Latvian receipt, over TCP as a JetDirect printer takes it: ESC @, ESC t 51 (Epson's WPC1257),
// every line in CP1257 exactly as iconv writes it, the cut last.
TEST(Receipts, ALatvianReceiptReachesASocketPrinterInCp1257) {
  const ReceiptText r = latvian();
  const QByteArray b = printedOverTcp(r);
  ASSERT_FALSE(b.isEmpty());
  EXPECT_TRUE(b.startsWith(QByteArray("\x1b\x40\x1b\x74", 4) + char(51))) << b.left(8).toHex().toStdString();
  for (const QString& text : {r.heading, r.lines[0], r.lines[1]}) {
    const QByteArray expected = iconvBytes(text, "CP1257");
    ASSERT_FALSE(expected.isEmpty());
    EXPECT_TRUE(b.contains(expected + "\n")) << text.toStdString();
  }
  EXPECT_TRUE(b.endsWith("\x1d\x56\x01"));
}

// Russian in CP866 (ESC t 17); Ukrainian in CP1251 (ESC t 46), with і and ґ, which CP866 lacks.
TEST(Receipts, RussianPrintsInCp866AndUkrainianInCp1251) {
  const ReceiptText ru{QStringLiteral("Центральная библиотека"), QStringLiteral("киоск-1"),
                       {QStringLiteral("Выдано: Мастер и Маргарита, вернуть до 13 декабря")}, QStringLiteral("ru")};
  const ReceiptText uk{QStringLiteral("Центральна бібліотека"), QStringLiteral("кіоск-1"),
                       {QStringLiteral("Видано: Кобзар, Їжачок, Ґердан. Повернути до 13 грудня")}, QStringLiteral("uk")};
  for (const auto& [r, page, table] : {std::tuple{ru, "CP866", 17}, std::tuple{uk, "CP1251", 46}}) {
    const QByteArray b = printedOverTcp(r);
    EXPECT_TRUE(b.startsWith(QByteArray("\x1b\x40\x1b\x74", 4) + char(table))) << r.language.toStdString();
    const QByteArray line = iconvBytes(r.lines[0], page);
    ASSERT_FALSE(line.isEmpty());
    EXPECT_TRUE(b.contains(line + "\n")) << r.language.toStdString();
    EXPECT_TRUE(b.contains(iconvBytes(r.heading, page) + "\n")) << r.language.toStdString();
    EXPECT_FALSE(b.contains('?')) << "every letter on the page: " << r.language.toStdString();
    EXPECT_TRUE(b.endsWith("\x1d\x56\x01"));
  }
}

// A character the code page lacks: iconv's transliteration, else '?'; the rest of the receipt
// as it should be, the cut included.
TEST(Receipts, ACharacterTheCodePageLacksFallsBackAndTheRestIsIntact) {
  ReceiptText r = latvian();
  r.lines.insert(1, QStringLiteral("Izsniegts: 红楼梦 (Cao Xueqin)"));
  const QByteArray b = printedOverTcp(r);
  EXPECT_TRUE(b.contains("Izsniegts: ??? (Cao Xueqin)\n")) << b.toHex().toStdString();
  EXPECT_TRUE(b.contains(iconvBytes(r.lines[0], "CP1257") + "\n"));
  EXPECT_TRUE(b.contains(iconvBytes(r.lines[2], "CP1257") + "\n"));
  EXPECT_TRUE(b.endsWith("\x1d\x56\x01"));
  // In CP866 (uk): і has no byte there; its fallback is one '?'. Control characters in a title never
  // reach the printer as commands.
  ReceiptText uk{QStringLiteral("бібліотека"), {}, {QStringLiteral("Кобзар\x1b\x69і")}, QStringLiteral("uk")};
  const QByteArray c = ReceiptSender::escPos(uk, {"CP866", 17});
  EXPECT_TRUE(c.contains(iconvBytes(QStringLiteral("Кобзар"), "CP866") + " i?\n")) << c.toHex().toStdString();
  EXPECT_FALSE(c.contains("\x1bi")) << "ESC i (a cut) from a title";
  EXPECT_TRUE(c.contains(iconvBytes(QStringLiteral("б"), "CP866") + "?" + iconvBytes(QStringLiteral("бл"), "CP866")));
}

TEST(Receipts, APrinterThatRefusesIsAClearErrorAtOnce) {
  int port = 0;
  {
    PrinterSink closed;  // a port that was free a moment ago, and is shut now
    port = closed.port;
  }
  ReceiptSettings s;
  s.printer = "socket:127.0.0.1:" + std::to_string(port);
  QElapsedTimer t;
  t.start();
  const QString problem = ReceiptSender(s).print(latvian());
  EXPECT_EQ(problem.toStdString(), "receipt printer 127.0.0.1:" + std::to_string(port) + ": connection refused");
  EXPECT_LT(t.elapsed(), 1000);
}

// A printer that never accepts: a listener whose accept queue is full (backlog 0, one connection
// already queued), so the kernel drops our SYN and connect() would wait for minutes. The sender
// gives up at its deadline with a sentence staff can act on.
TEST(Receipts, APrinterThatNeverAcceptsIsAClearErrorWithinTheTimeout) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&a), len), 0);
  ASSERT_EQ(::listen(listener, 0), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 3; ++i) {  // fill the accept queue; their own connects may hang too
    const int f = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    (void)::connect(f, reinterpret_cast<sockaddr*>(&a), len);
    fillers.push_back(f);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const int port = ntohs(a.sin_port);
  ReceiptSettings s;
  s.printer = "socket:127.0.0.1:" + std::to_string(port);
  s.printerTimeoutMs = 800;
  QElapsedTimer t;
  t.start();
  const QString problem = ReceiptSender(s).print(latvian());
  const auto took = t.elapsed();
  for (int f : fillers) ::close(f);
  ::close(listener);
  EXPECT_TRUE(problem.startsWith(QStringLiteral("receipt printer 127.0.0.1:%1: no connection within 0.8 s").arg(port)))
      << problem.toStdString();
  EXPECT_GE(took, 700);
  EXPECT_LT(took, 2500);
}

// A printer that takes the connection but not the receipt (paper out, cover open: it stops
// reading). A small receive buffer and a long receipt fill the socket; the sender gives up at
// its deadline instead of waiting for the printer.
TEST(Receipts, APrinterThatStopsReadingIsAClearErrorWithinTheTimeout) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int small = 2048;
  ASSERT_EQ(::setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);  // inherited by accept()
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&a), len), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len), 0);
  const int port = ntohs(a.sin_port);
  ReceiptText r = latvian();
  for (int i = 0; i < 100000; ++i) r.lines << QStringLiteral("Izsniegts: Baltā grāmata, jānodod 2026. gada 13. decembrī");
  ReceiptSettings s;
  s.printer = "socket:127.0.0.1:" + std::to_string(port);
  s.printerTimeoutMs = 800;
  const ReceiptSender sender(s);
  QElapsedTimer t;
  t.start();
  const QString problem = sender.print(r);  // the kernel completes the handshake; nobody reads
  const auto took = t.elapsed();
  ::close(listener);
  EXPECT_TRUE(problem.startsWith(QStringLiteral("receipt printer 127.0.0.1:%1: did not take the receipt within 0.8 s").arg(port)))
      << problem.toStdString();
  EXPECT_LT(took, 4000) << "escPos() of the long receipt included";
}

namespace {

/// What KioskRuntime::checkConfig says of a kiosk config with `receipt` as its [receipt] section.
std::string receiptConfigProblem(const std::string& receipt) {
  const auto path = std::filesystem::temp_directory_path() / ("lasis-receipt-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << "[receipt]\n" << receipt << "\n";
  KioskOptions o;
  o.configPath = path.string();
  o.ilsUrl = "sip2://kiosk:secret@127.0.0.1:6001?institution=LIB";
  o.dbPath = path.string() + ".db";
  auto st = KioskRuntime::checkConfig(o);
  std::filesystem::remove(path);
  std::filesystem::remove(o.dbPath);
  return st ? std::string() : st.error().describe();
}

} // namespace

TEST(Receipts, CodePagesAndTablesAreCheckedAtStart) {
  EXPECT_EQ(receiptConfigProblem("printer = \"socket:10.0.0.9:9100\"\ncode_pages = { lv = \"CP775\", uk = \"CP1251\" }\n"
                                 "code_tables = { CP1257 = 25, WINDOWS-1251 = 73 }"),
            "");
  EXPECT_EQ(receiptConfigProblem("code_pages = {}\ncode_tables = {}"), "");
  const auto unknown = receiptConfigProblem("code_pages = { lv = \"NO-SUCH-PAGE\" }");
  EXPECT_NE(unknown.find("receipt.code_pages.lv"), std::string::npos) << unknown;
  const auto notAscii = receiptConfigProblem("code_pages = { ru = \"UTF-16\" }");
  EXPECT_NE(notAscii.find("receipt.code_pages.ru"), std::string::npos) << notAscii;
  const auto utf8 = receiptConfigProblem("code_pages = { en = \"UTF-8\" }");
  EXPECT_NE(utf8.find("receipt.code_pages.en"), std::string::npos) << utf8;
  const auto range = receiptConfigProblem("code_tables = { CP1257 = 256 }");
  EXPECT_NE(range.find("receipt.code_tables.CP1257"), std::string::npos) << range;
  const auto noNumber = receiptConfigProblem("code_pages = { uk = \"KOI8-U\" }");
  EXPECT_NE(noNumber.find("receipt.code_tables.KOI8-U"), std::string::npos) << noNumber;
  EXPECT_EQ(receiptConfigProblem("code_pages = { uk = \"KOI8-U\" }\ncode_tables = { KOI8-U = 99 }"), "");
  const auto language = receiptConfigProblem("code_pages = { fr = \"CP850\" }");
  EXPECT_NE(language.find("receipt.code_pages.fr"), std::string::npos) << language;
  const auto socket = receiptConfigProblem("printer = \"socket:10.0.0.9\"");
  EXPECT_NE(socket.find("receipt.printer"), std::string::npos) << socket;
}

// Through the kiosk: a Russian-speaking patron borrows a book and asks for a printed receipt; the
// site's config moves Russian to CP1251 (its printer has WPC1251): the printer on the LAN gets
// ESC t 46 and the library's name in CP1251. The language comes from the screen, the page from
// receipt.code_pages, the number from Epson's table.
/// A patron (P100008, card on the pad) borrows one book (10000107) and finishes: the receipt
/// screen, idle, in whatever language the screen is in.
testing::AssertionResult borrowOneBookToTheReceiptScreen(test::SimHarness& sim) {
  auto& s = sim.ui()->session();
  sim.putCard("P100008");
  sim.putItem("10000107");
  s.beginBorrow();
  if (!waitFor([&] { return !s.cardOnPad().isEmpty(); })) return testing::AssertionFailure() << "the card was not read";
  s.login({}, QStringLiteral("1234"));
  if (!waitFor([&] { return s.loggedIn() && !s.busy() && sim.ui()->items().okCount() == 1; }))
    return testing::AssertionFailure() << "the book was not lent; notice: " << s.notice().toStdString();
  s.finish();
  if (!waitFor([&] { return s.screen() == QLatin1String("receipt") && !s.busy(); }))
    return testing::AssertionFailure() << "no receipt screen";
  return testing::AssertionSuccess();
}

TEST(Receipts, APatronPrintsInRussianAndTheConfiguredCp1251Arrives) {
  PrinterSink printer;
  test::SimHarness sim(QStringLiteral("[receipt]\nprinter = \"%1\"\nlibrary_name = \"Центральная библиотека\"\n"
                                      "code_pages = { ru = \"CP1251\" }\n")
                           .arg(QString::fromStdString(printer.target())));
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  auto& s = sim.ui()->session();
  ASSERT_TRUE(sim.ui()->language().setLanguage(QStringLiteral("ru")));
  ASSERT_TRUE(borrowOneBookToTheReceiptScreen(sim));
  ASSERT_TRUE(s.offersReceipt(QStringLiteral("print")));
  s.chooseReceipt(QStringLiteral("print"));
  const QByteArray b = printer.received();
  ASSERT_FALSE(b.isEmpty()) << "nothing printed; notice: " << s.notice().toStdString();
  EXPECT_TRUE(b.startsWith(QByteArray("\x1b\x40\x1b\x74", 4) + char(46))) << b.left(8).toHex().toStdString();
  EXPECT_TRUE(b.contains(iconvBytes(QStringLiteral("Центральная библиотека"), "CP1251") + "\n"));
  EXPECT_TRUE(b.endsWith("\x1d\x56\x01"));
  EXPECT_TRUE(waitFor([&] { return s.screen() == QLatin1String("goodbye"); })) << "printed, the session ends";
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
  ASSERT_TRUE(borrowOneBookToTheReceiptScreen(sim));
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

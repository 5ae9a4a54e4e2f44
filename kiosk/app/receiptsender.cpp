#include "kiosk/app/receiptsender.h"

#include "common/core/secretfile.h"
#include "common/sip2/charset.h"

#include <QDateTime>
#include <QDir>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <cups/cups.h>
#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <system_error>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lasis::kiosk {

namespace {

/// One piece of text in the printer's code page (see escPos()).
QByteArray encoded(QString text, const sip2::Charset& charset) {
  for (auto& c : text)
    if (c.unicode() < 0x20 || c.unicode() == 0x7F) c = QLatin1Char(' ');
  const QByteArray utf8 = text.toUtf8();
  if (auto bytes = sip2::encodeText(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())), charset,
                                    sip2::Unmappable::substitute))
    return QByteArray::fromStdString(*bytes);
  // Only when iconv cannot convert at all (its modules missing): ASCII stays, the rest is '?'.
  QByteArray ascii;
  for (const auto c : text) ascii += c.unicode() < 0x80 ? static_cast<char>(c.unicode()) : '?';
  return ascii;
}

} // namespace

ReceiptCodePage ReceiptSender::codePageFor(const QString& language) const {
  auto page = m_settings.codePages.find(language.toStdString());
  if (page == m_settings.codePages.end()) page = m_settings.codePages.find("en");
  return page != m_settings.codePages.end() ? page->second : ReceiptCodePage{"CP437", 0};
}

QByteArray ReceiptSender::escPos(const ReceiptText& r, const ReceiptCodePage& page) {
  // The config checked the page at start; a page iconv refuses anyway prints ASCII in table 0,
  // which every table starts with.
  auto charset = sip2::charsetFromName(page.charset);
  const bool usable = charset && !charset->isUtf8();
  const sip2::Charset cs = usable ? *charset : sip2::Charset::ascii;
  QByteArray out;
  out += "\x1b\x40";          // ESC @: initialise (also back to table 0)
  out += "\x1b\x74";          // ESC t n: the code table the text below is in
  out += static_cast<char>(usable ? page.table : 0);
  out += "\x1b\x61\x01";      // ESC a 1: centre
  out += "\x1b\x45\x01";      // ESC E 1: bold
  out += encoded(r.heading, cs) + "\n";
  out += "\x1b\x45";
  out += '\0';                // ESC E 0: bold off
  out += encoded(r.subtitle, cs) + "\n\n";
  out += "\x1b\x61";
  out += '\0';                // ESC a 0: left
  for (const auto& l : r.lines) out += encoded(l, cs) + "\n";
  out += "\n\n\n\n";
  out += "\x1d\x56\x01";      // GS V 1: partial cut
  return out;
}

QByteArray ReceiptSender::mail(const ReceiptText& r, const QString& from, const QString& to, const QString& subject) {
  QByteArray m;
  m += "Date: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1() + "\r\n";
  m += "From: " + from.toUtf8() + "\r\n";
  m += "To: " + to.toUtf8() + "\r\n";
  // RFC 2047: the subject in the patron's language.
  m += "Subject: =?UTF-8?B?" + subject.toUtf8().toBase64() + "?=\r\n";
  m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
  m += r.heading.toUtf8() + "\r\n" + r.subtitle.toUtf8() + "\r\n\r\n";
  // No dot-stuffing here: libcurl does it on the wire.
  for (const auto& l : r.lines) m += l.toUtf8() + "\r\n";
  return m;
}

QString ReceiptSender::print(const ReceiptText& receipt) const {
  const QString target = QString::fromStdString(m_settings.printer);
  if (target.startsWith(QLatin1String("cups:"))) return printCups(target.mid(5), escPos(receipt, codePageFor(receipt.language)));
  if (auto printer = parseSocketPrinter(m_settings.printer))
    return printSocket(*printer, escPos(receipt, codePageFor(receipt.language)));
  if (target.startsWith(QLatin1String("pdf:"))) return printPdf(target.mid(4), receipt);
  return QStringLiteral("no receipt printer is configured");
}

QString ReceiptSender::printCups(const QString& queue, const QByteArray& data) const {
  const QByteArray q = queue.toUtf8();
  const int job = cupsCreateJob(CUPS_HTTP_DEFAULT, q.constData(), "Lasis receipt", 0, nullptr);
  if (job == 0) return QStringLiteral("CUPS queue %1: %2").arg(queue, QString::fromUtf8(cupsLastErrorString()));
  if (cupsStartDocument(CUPS_HTTP_DEFAULT, q.constData(), job, "receipt", CUPS_FORMAT_RAW, 1) != HTTP_STATUS_CONTINUE)
    return QStringLiteral("CUPS queue %1: %2").arg(queue, QString::fromUtf8(cupsLastErrorString()));
  if (cupsWriteRequestData(CUPS_HTTP_DEFAULT, data.constData(), static_cast<size_t>(data.size())) != HTTP_STATUS_CONTINUE ||
      cupsFinishDocument(CUPS_HTTP_DEFAULT, q.constData()) != IPP_STATUS_OK)
    return QStringLiteral("CUPS queue %1: %2").arg(queue, QString::fromUtf8(cupsLastErrorString()));
  return {};
}

namespace {

/// A socket descriptor, closed once.
class Fd {
public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }

private:
  int m_fd;
};

using Deadline = std::chrono::steady_clock::time_point;

/// Waits until `fd` can be written (or has failed: the caller asks); false at the deadline.
bool waitWritable(int fd, Deadline deadline) {
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLOUT, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return true;  // the next call reports the error
  }
}

/// "connection refused": the system's words, as the rest of a sentence.
QString describeErrno(int err) {
  QString text = QString::fromStdString(std::error_code(err, std::generic_category()).message());
  if (!text.isEmpty()) text[0] = text[0].toLower();
  return text;
}

} // namespace

// Raw TCP, the way Epson TM and most networked receipt printers take a job on port 9100: connect,
// send the ESC/POS bytes, close. Non-blocking with one deadline for the whole job, so a printer
// that is off, unplugged or busy costs the patron at most printerTimeoutMs (print() runs on the
// engine's worker, never on the GUI thread). Name lookup is getaddrinfo's and not under the
// deadline: give the printer an address, as deploy/kiosk.toml says.
QString ReceiptSender::printSocket(const PrinterAddress& printer, const QByteArray& data) const {
  const QString who = QStringLiteral("receipt printer %1:%2").arg(QString::fromStdString(printer.host)).arg(printer.port);
  const QString seconds = QString::number(m_settings.printerTimeoutMs / 1000.0);
  const Deadline deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_settings.printerTimeoutMs);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(printer.port);
  if (const int rc = ::getaddrinfo(printer.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return QStringLiteral("%1: cannot find the address (%2)").arg(who, QString::fromUtf8(::gai_strerror(rc)));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  QString problem = QStringLiteral("no address");
  for (const addrinfo* a = found; a; a = a->ai_next) {
    Fd fd(::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
    if (fd.get() < 0) {
      problem = describeErrno(errno);
      continue;
    }
    if (::connect(fd.get(), a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        problem = describeErrno(errno);
        continue;
      }
      if (!waitWritable(fd.get(), deadline))
        return QStringLiteral("%1: no connection within %2 s (is it switched on and on the network?)").arg(who, seconds);
      int err = 0;
      socklen_t len = sizeof err;
      if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
      if (err != 0) {
        problem = describeErrno(err);
        continue;
      }
    }
    qsizetype sent = 0;
    while (sent < data.size()) {
      const auto n = ::send(fd.get(), data.constData() + sent, static_cast<size_t>(data.size() - sent), MSG_NOSIGNAL);
      if (n > 0) {
        sent += n;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!waitWritable(fd.get(), deadline))
          return QStringLiteral("%1: did not take the receipt within %2 s (out of paper, cover open?)").arg(who, seconds);
      } else if (n < 0 && errno != EINTR) {
        return QStringLiteral("%1: %2").arg(who, describeErrno(errno));
      }
    }
    return {};  // closing sends the rest; the printer prints what it has
  }
  return QStringLiteral("%1: %2").arg(who, problem);
}

QString ReceiptSender::printPdf(const QString& dir, const ReceiptText& r) const {
  if (!QDir().mkpath(dir)) return QStringLiteral("cannot create the receipt folder %1").arg(dir);
  const QString file = QDir(dir).filePath(
      QStringLiteral("receipt-%1.pdf").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"))));
  QPdfWriter pdf(file);
  // An 80 mm receipt roll, as long as the receipt needs.
  const double heightMm = 40 + 7.0 * static_cast<double>(r.lines.size());
  pdf.setPageSize(QPageSize(QSizeF(80, heightMm), QPageSize::Millimeter));
  pdf.setPageMargins(QMarginsF(4, 4, 4, 4), QPageLayout::Millimeter);
  pdf.setTitle(r.heading);
  QPainter p;
  if (!p.begin(&pdf)) return QStringLiteral("cannot write %1").arg(file);
  const QRect page = p.viewport();
  QFont f = p.font();
  f.setPointSizeF(9);
  f.setBold(true);
  p.setFont(f);
  int y = 0;
  const auto line = [&](const QString& text, int flags) {
    const QRect box = p.boundingRect(QRect(0, y, page.width(), page.height()), flags | Qt::TextWordWrap, text);
    p.drawText(box, flags | Qt::TextWordWrap, text);
    y = box.bottom() + p.fontMetrics().height() / 3;
  };
  line(r.heading, Qt::AlignHCenter);
  f.setBold(false);
  f.setPointSizeF(7);
  p.setFont(f);
  line(r.subtitle, Qt::AlignHCenter);
  y += p.fontMetrics().height();
  for (const auto& l : r.lines) line(l, Qt::AlignLeft);
  if (!p.end()) return QStringLiteral("cannot write %1").arg(file);
  return {};
}

namespace {

struct Payload {
  QByteArray data;
  qsizetype offset = 0;
};

size_t readPayload(char* buffer, size_t size, size_t count, void* user) {
  auto* p = static_cast<Payload*>(user);
  const auto n = std::min<qsizetype>(static_cast<qsizetype>(size * count), p->data.size() - p->offset);
  std::memcpy(buffer, p->data.constData() + p->offset, static_cast<size_t>(n));
  p->offset += n;
  return static_cast<size_t>(n);
}

} // namespace

QString ReceiptSender::email(const ReceiptText& receipt, const QString& to, const QString& subject) const {
  if (!canEmail()) return QStringLiteral("email receipts are not configured");
  if (to.isEmpty() || !to.contains('@')) return QStringLiteral("the library has no email address for this card");
  std::string user, password;
  if (!m_settings.smtpCredentialsFile.empty()) {
    // Refuses a credentials file others may read (readSecretFile says which chmod fixes it).
    auto secret = readSecretFile(m_settings.smtpCredentialsFile);
    if (!secret) return QString::fromStdString("SMTP credentials: " + secret.error().describe());
    const auto colon = secret->find(':');
    if (colon == std::string::npos) return QStringLiteral("SMTP credentials: expected user:password");
    user = secret->substr(0, colon);
    password = secret->substr(colon + 1);
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return QStringLiteral("cannot start the mail client");
  Payload payload{mail(receipt, QString::fromStdString(m_settings.smtpFrom), to, subject)};
  const QByteArray rcpt = "<" + to.toUtf8() + ">";
  const QByteArray from = "<" + QByteArray::fromStdString(m_settings.smtpFrom) + ">";
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.constData());
  curl_easy_setopt(curl.get(), CURLOPT_URL, m_settings.smtpUrl.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.constData());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, readPayload);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &payload);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 20L);
  // The patron's address and receipt cross the network: TLS unless the relay is explicitly trusted.
  curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, m_settings.smtpAllowPlain ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  if (!user.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, password.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl.get());
  curl_slist_free_all(recipients);
  if (rc != CURLE_OK) return QStringLiteral("SMTP %1: %2").arg(QString::fromStdString(m_settings.smtpUrl), curl_easy_strerror(rc));
  return {};
}

} // namespace lasis::kiosk

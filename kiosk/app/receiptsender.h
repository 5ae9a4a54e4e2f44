#pragma once
// Receipts on paper and by email. Paper: raw ESC/POS to a CUPS queue or straight to a networked
// receipt printer's TCP port (JetDirect, 9100), in the code page of the receipt's language; or a
// PDF file per receipt (for testing, or a library without a receipt printer). Email: a plain-text
// mail through the library's SMTP relay (libcurl), over TLS unless explicitly allowed otherwise,
// with credentials from a file only the service user may read. The words are the screen's (in the
// patron's language); nothing here is kept after sending.

#include "kiosk/runtime/kioskruntime.h"

#include <QString>
#include <QStringList>

namespace lasis::kiosk {

/// What a receipt says, already in the patron's language.
struct ReceiptText {
  QString heading;   ///< the library's name
  QString subtitle;  ///< kiosk, date and time, the card masked to its last four characters
  QStringList lines;
  /// The language it is written in ("lv", "ru"): picks the printer's code page (ReceiptSettings::
  /// codePages); empty or not configured: "en"'s.
  QString language;
};

/// Sends receipts the ways a kiosk is configured for.
class ReceiptSender {
public:
  explicit ReceiptSender(ReceiptSettings settings) : m_settings(std::move(settings)) {}

  bool canPrint() const { return !m_settings.printer.empty(); }
  bool canEmail() const { return !m_settings.smtpUrl.empty(); }
  /// Prints; returns an empty string, or what staff should fix (the patron is told it failed).
  /// Blocks up to ReceiptSettings::printerTimeoutMs on a socket printer: call it off the GUI thread.
  QString print(const ReceiptText& receipt) const;
  /// Mails to `to`; returns an empty string or the reason.
  QString email(const ReceiptText& receipt, const QString& to, const QString& subject) const;

  /// The code page a receipt in `language` prints in ("en"'s for a language not configured).
  ReceiptCodePage codePageFor(const QString& language) const;
  /// The ESC/POS bytes of a receipt: initialise (ESC @), select the code table (ESC t n), the text
  /// in `page`'s code page, feed, partial cut. A character the page lacks becomes iconv's
  /// transliteration, else '?' (sip2::Unmappable::substitute), so one odd title never spoils the
  /// rest; control characters in the text become spaces, so no text can send the printer a command.
  static QByteArray escPos(const ReceiptText& receipt, const ReceiptCodePage& page);
  /// The mail (headers and body, CRLF line ends) as sent.
  static QByteArray mail(const ReceiptText& receipt, const QString& from, const QString& to, const QString& subject);

private:
  QString printCups(const QString& queue, const QByteArray& data) const;
  QString printSocket(const PrinterAddress& printer, const QByteArray& data) const;
  QString printPdf(const QString& dir, const ReceiptText& receipt) const;

  ReceiptSettings m_settings;
};

} // namespace lasis::kiosk

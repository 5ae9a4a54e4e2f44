#pragma once
// Receipts on paper and by email. Paper: raw ESC/POS to a CUPS queue (the receipt printer), or a
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
};

/// Sends receipts the ways a kiosk is configured for.
class ReceiptSender {
public:
  explicit ReceiptSender(ReceiptSettings settings) : m_settings(std::move(settings)) {}

  bool canPrint() const { return !m_settings.printer.empty(); }
  bool canEmail() const { return !m_settings.smtpUrl.empty(); }
  /// Prints; returns an empty string, or what staff should fix (the patron is told it failed).
  QString print(const ReceiptText& receipt) const;
  /// Mails to `to`; returns an empty string or the reason.
  QString email(const ReceiptText& receipt, const QString& to, const QString& subject) const;

  /// The ESC/POS bytes of a receipt: initialise, text (UTF-8), feed, partial cut.
  static QByteArray escPos(const ReceiptText& receipt);
  /// The mail (headers and body, CRLF line ends) as sent.
  static QByteArray mail(const ReceiptText& receipt, const QString& from, const QString& to, const QString& subject);

private:
  QString printCups(const QString& queue, const QByteArray& data) const;
  QString printPdf(const QString& dir, const ReceiptText& receipt) const;

  ReceiptSettings m_settings;
};

} // namespace lasis::kiosk

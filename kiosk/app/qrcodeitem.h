#pragma once
// A QR code of any text, painted crisp at any size (libqrencode makes the matrix): the receipt on
// screen, to keep on a phone.

#include <QColor>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace lasis::kiosk {

/// Paints `text` as a QR code with a quiet zone.
class QrCodeItem : public QQuickPaintedItem {
  Q_OBJECT
  QML_NAMED_ELEMENT(QrCode)
  Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
  Q_PROPERTY(QColor foreground MEMBER m_foreground NOTIFY textChanged)
  Q_PROPERTY(QColor background MEMBER m_background NOTIFY textChanged)
  Q_PROPERTY(int modules READ modules NOTIFY textChanged)

public:
  explicit QrCodeItem(QQuickItem* parent = nullptr);
  QString text() const { return m_text; }
  void setText(const QString& text);
  /// Modules per side (0: nothing to show, or too long for a QR code).
  int modules() const { return m_size; }
  void paint(QPainter* painter) override;

  /// The QR matrix of UTF-8 text (row-major, true = dark); empty when it cannot be encoded.
  static std::vector<bool> encode(const QByteArray& utf8, int& size);

signals:
  void textChanged();

private:
  QString m_text;
  QColor m_foreground{Qt::black};
  QColor m_background{Qt::white};
  std::vector<bool> m_matrix;
  int m_size = 0;
};

} // namespace lasis::kiosk

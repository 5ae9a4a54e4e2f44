#include "kiosk/app/qrcodeitem.h"

#include <QPainter>

#include <qrencode.h>

namespace lasis::kiosk {

QrCodeItem::QrCodeItem(QQuickItem* parent) : QQuickPaintedItem(parent) {}

std::vector<bool> QrCodeItem::encode(const QByteArray& utf8, int& size) {
  size = 0;
  if (utf8.isEmpty()) return {};
  QRcode* code = QRcode_encodeData(static_cast<int>(utf8.size()), reinterpret_cast<const unsigned char*>(utf8.constData()), 0, QR_ECLEVEL_M);
  if (!code) return {};
  size = code->width;
  std::vector<bool> out(static_cast<std::size_t>(size * size));
  for (int i = 0; i < size * size; ++i) out[static_cast<std::size_t>(i)] = code->data[i] & 1;
  QRcode_free(code);
  return out;
}

void QrCodeItem::setText(const QString& text) {
  if (text == m_text) return;
  m_text = text;
  m_matrix = encode(text.toUtf8(), m_size);
  emit textChanged();
  update();
}

void QrCodeItem::paint(QPainter* painter) {
  painter->fillRect(QRectF(0, 0, width(), height()), m_background);
  if (m_size == 0) return;
  const int quiet = 4;  // the standard's quiet zone, so phones find the code
  const double side = std::min(width(), height());
  const double cell = side / (m_size + 2 * quiet);
  painter->setPen(Qt::NoPen);
  painter->setBrush(m_foreground);
  for (int y = 0; y < m_size; ++y)
    for (int x = 0; x < m_size; ++x)
      if (m_matrix[static_cast<std::size_t>(y * m_size + x)])
        painter->drawRect(QRectF((x + quiet) * cell, (y + quiet) * cell, cell + 0.5, cell + 0.5));
}

} // namespace lasis::kiosk

#include "tests/ui/goldenimage.h"

#include <QHash>
#include <QPainter>

#include <algorithm>
#include <cstdlib>

namespace lasis::test {

QString goldenDir() { return QStringLiteral(LASIS_SOURCE_DIR "/tests/ui/goldens"); }

namespace {

int distance(QRgb a, QRgb b) {
  const int r = qRed(a) - qRed(b), g = qGreen(a) - qGreen(b), bl = qBlue(a) - qBlue(b);
  return r * r + g * g + bl * bl;
}

} // namespace

QImage goldenForm(const QImage& rendered, const std::vector<QRect>& volatileAreas) {
  QImage rgb = rendered.convertToFormat(QImage::Format_RGB32);
  rgb.setDevicePixelRatio(1.0);
  if (!volatileAreas.empty()) {
    QPainter p(&rgb);
    for (const QRect& r : volatileAreas) p.fillRect(r, QColor(255, 0, 255));
  }
  // The palette: the most frequent colours. A screen is a few flat colours plus the anti-aliased
  // edges of its text, which take the nearest of them (the same rendering always gives the same
  // palette, so an unchanged screen compares equal to the pixel).
  QHash<QRgb, qint64> counts;
  for (int y = 0; y < rgb.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
    for (int x = 0; x < rgb.width(); ++x) ++counts[line[x] | 0xff000000u];
  }
  std::vector<std::pair<qint64, QRgb>> byCount;
  byCount.reserve(counts.size());
  for (auto it = counts.cbegin(); it != counts.cend(); ++it) byCount.emplace_back(it.value(), it.key());
  std::sort(byCount.begin(), byCount.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  QList<QRgb> palette;
  for (const auto& [count, colour] : byCount) {
    if (palette.size() == 256) break;
    palette.push_back(colour);
  }
  QHash<QRgb, uchar> index;
  for (int i = 0; i < palette.size(); ++i) index.insert(palette[i], static_cast<uchar>(i));
  QImage out(rgb.size(), QImage::Format_Indexed8);
  out.setColorTable(palette);
  for (int y = 0; y < rgb.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
    uchar* dst = out.scanLine(y);
    for (int x = 0; x < rgb.width(); ++x) {
      const QRgb c = line[x] | 0xff000000u;
      auto it = index.constFind(c);
      if (it == index.cend()) {
        int best = 0, bestDistance = distance(c, palette[0]);
        for (int i = 1; i < palette.size(); ++i)
          if (const int d = distance(c, palette[i]); d < bestDistance) best = i, bestDistance = d;
        it = index.insert(c, static_cast<uchar>(best));
      }
      dst[x] = *it;
    }
  }
  return out;
}

GoldenDiff compareWithGolden(const QImage& actual, const QImage& golden, const GoldenTolerance& t) {
  GoldenDiff d;
  if (actual.size() != golden.size()) {
    d.sameSize = false;
    return d;
  }
  const QImage a = actual.convertToFormat(QImage::Format_RGB32);
  const QImage g = golden.convertToFormat(QImage::Format_RGB32);
  QImage diff(a.size(), QImage::Format_RGB32);
  for (int y = 0; y < a.height(); ++y) {
    const auto* la = reinterpret_cast<const QRgb*>(a.constScanLine(y));
    const auto* lg = reinterpret_cast<const QRgb*>(g.constScanLine(y));
    auto* ld = reinterpret_cast<QRgb*>(diff.scanLine(y));
    for (int x = 0; x < a.width(); ++x) {
      const QRgb pa = la[x], pg = lg[x];
      const bool differs = std::abs(qRed(pa) - qRed(pg)) > t.channel || std::abs(qGreen(pa) - qGreen(pg)) > t.channel ||
                           std::abs(qBlue(pa) - qBlue(pg)) > t.channel;
      ++d.compared;
      if (differs) ++d.differing;
      // The actual screen faded to a quarter, what differs in full red.
      const int grey = qGray(pa);
      ld[x] = differs ? qRgb(255, 0, 0) : qRgb(192 + grey / 4, 192 + grey / 4, 192 + grey / 4);
    }
  }
  if (d.differing > 0) d.diff = diff;
  return d;
}

} // namespace lasis::test

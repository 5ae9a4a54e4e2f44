#pragma once
// The golden images of the kiosk's screens (tests/ui/goldens/, issue 21): the form they are
// stored in and how a rendered screen is compared with its golden. One place, so that
// `./run goldens` (lasis-ui-tour --goldens) writes exactly what test_ui_goldens compares.

#include <QImage>
#include <QRect>
#include <QString>

#include <vector>

namespace lasis::test {

/// How alike a rendered screen and its golden must be.
struct GoldenTolerance {
  int channel = 24;         ///< a pixel whose channels all differ by at most this counts as equal
  double fraction = 0.005;  ///< more than this share of differing pixels fails
};

/// What a comparison found.
struct GoldenDiff {
  bool sameSize = true;
  qint64 differing = 0;  ///< pixels beyond the channel tolerance (outside the volatile areas)
  qint64 compared = 0;   ///< pixels compared
  QImage diff;           ///< the actual image faded, differing pixels in red (empty when equal)
  bool passes(const GoldenTolerance& t) const {
    return sameSize && differing <= static_cast<qint64>(t.fraction * static_cast<double>(compared));
  }
};

/// Where the goldens are kept in the source tree.
QString goldenDir();
/// A rendered screen as it is stored: `volatileAreas` (what changes from run to run) painted
/// over in one flat colour, colours quantized to a palette of at most 256 (a flat UI has few; the
/// anti-aliased edges of text take the nearest), as an 8-bit PNG.
QImage goldenForm(const QImage& rendered, const std::vector<QRect>& volatileAreas);
/// Compares a rendered screen (in golden form) with its golden.
GoldenDiff compareWithGolden(const QImage& actual, const QImage& golden, const GoldenTolerance& t = {});

} // namespace lasis::test

// The sign a branch has over a trolley, a box or a shelf, as it is painted: its colour and its
// label ("1", "B"), so the patron matches the screen to the room. The label's ink is black or white,
// whichever reads better on the colour. Without a label, a plain swatch of the colour.
import QtQuick
import Lasis.Kiosk

Rectangle {
    id: plate
    property string label
    property string colour
    readonly property color fill: colour !== "" ? colour : Kiosk.theme.surface
    // Relative luminance (WCAG) of the fill: dark ink on light colours, white on dark ones.
    readonly property real luminance: {
        const f = c => c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)
        return 0.2126 * f(fill.r) + 0.7152 * f(fill.g) + 0.0722 * f(fill.b)
    }
    implicitWidth: Math.max(height, labelText.implicitWidth + 20)
    implicitHeight: Kiosk.theme.largeText ? 56 : 48
    width: implicitWidth
    height: implicitHeight
    radius: Kiosk.theme.radiusSmall
    color: fill
    border.width: 2
    border.color: Kiosk.theme.highContrast ? Kiosk.theme.border : Qt.darker(fill, 1.3)
    Accessible.ignored: true
    Text {
        id: labelText
        anchors.centerIn: parent
        text: plate.label
        font.pixelSize: Kiosk.theme.fontSize
        font.bold: true
        color: plate.luminance > 0.18 ? "#000000" : "#ffffff"
    }
}

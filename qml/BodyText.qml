// Running text at the patron's size, wrapping (never cut off).
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Text {
    Layout.fillWidth: true
    font.pixelSize: Kiosk.theme.fontSize
    color: Kiosk.theme.text
    wrapMode: Text.WordWrap
}

// A screen's title: the main message of the screen, read aloud when the screen opens.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Text {
    Layout.fillWidth: true
    font.pixelSize: Kiosk.theme.titleSize
    font.bold: true
    color: Kiosk.theme.text
    wrapMode: Text.WordWrap
    Accessible.role: Accessible.Heading
    Accessible.name: text
}

// The latest message for the patron. A problem carries a "!" mark and a border as well as its
// colour, so it is not conveyed by colour alone.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Rectangle {
    id: bar
    objectName: "notice"
    Layout.fillWidth: true
    visible: Kiosk.session.notice !== ""
    implicitHeight: visible ? row.implicitHeight + 24 : 0
    radius: 8
    color: Kiosk.theme.surface
    border.width: Kiosk.session.noticeIsProblem ? 4 : 2
    border.color: Kiosk.session.noticeIsProblem ? Kiosk.theme.problem : Kiosk.theme.good

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 12
        spacing: 12
        Text {
            text: Kiosk.session.noticeIsProblem ? "!" : "✓"
            font.pixelSize: Kiosk.theme.titleSize
            font.bold: true
            color: Kiosk.session.noticeIsProblem ? Kiosk.theme.problem : Kiosk.theme.good
            Layout.alignment: Qt.AlignVCenter
        }
        Text {
            objectName: "noticeText"
            Layout.fillWidth: true
            text: Kiosk.session.notice
            font.pixelSize: Kiosk.theme.fontSize
            color: Kiosk.theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
    }
}

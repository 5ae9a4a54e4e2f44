// The latest message for the patron: a tinted band with a round ✓ or ! mark, so a problem is not
// told by colour alone.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Rectangle {
    id: bar
    objectName: "notice"
    Layout.fillWidth: true
    visible: Kiosk.session.notice !== ""
    implicitHeight: visible ? row.implicitHeight + 2 * 12 : 0
    radius: Kiosk.theme.radius
    readonly property bool problem: Kiosk.session.noticeIsProblem
    color: Kiosk.theme.highContrast ? Kiosk.theme.surface
                                    : Qt.tint(Kiosk.theme.surface, problem ? Qt.rgba(0.64, 0.09, 0.1, 0.10) : Qt.rgba(0.1, 0.42, 0.18, 0.10))
    border.width: Kiosk.theme.highContrast ? 3 : 0
    border.color: problem ? Kiosk.theme.problem : Kiosk.theme.good

    Rectangle {  // the band's edge in its colour
        visible: !Kiosk.theme.highContrast
        width: 6
        height: parent.height
        radius: 3
        color: bar.problem ? Kiosk.theme.problem : Kiosk.theme.good
    }
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 12
        anchors.leftMargin: Kiosk.theme.spacingLarge
        spacing: Kiosk.theme.spacing
        StatusIcon {
            ok: !bar.problem
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

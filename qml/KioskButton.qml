// A large touch button: at least Theme.touchTarget tall (64 px, 80 px in large text; the floor is
// 44 px), text in words (never an icon alone), visible focus and pressed states.
import QtQuick
import QtQuick.Controls.Basic
import Lasis.Kiosk

Button {
    id: control
    property bool primary: false
    property bool danger: false

    implicitHeight: Math.max(Kiosk.theme.touchTarget, contentItem.implicitHeight + 24)
    implicitWidth: Math.max(Kiosk.theme.touchTarget * 2, contentItem.implicitWidth + 48)
    font.pixelSize: Kiosk.theme.fontSize
    font.bold: primary

    contentItem: Text {
        text: control.text
        font: control.font
        color: control.primary ? Kiosk.theme.accentText : Kiosk.theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
    }
    background: Rectangle {
        radius: 10
        color: control.primary ? Kiosk.theme.accent : Kiosk.theme.surface
        border.width: control.activeFocus ? 4 : 2
        border.color: control.danger ? Kiosk.theme.problem : Kiosk.theme.border
        opacity: control.enabled ? (control.down ? 0.75 : 1.0) : 0.45
    }
}

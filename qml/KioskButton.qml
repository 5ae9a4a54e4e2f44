// A large touch button: at least Theme.touchTarget tall (64 px, 80 px in large text; the floor is
// 44 px), text in words (an icon, when it has one, only beside them), visible focus and pressed
// states. Primary: the library's colour, filled; secondary: a raised white face.
import QtQuick
import QtQuick.Controls.Basic
import Lasis.Kiosk

Button {
    id: control
    property bool primary: false
    property bool danger: false
    /// An icon's name (Icon.qml) shown before the words; "" for none.
    property string iconName: ""

    implicitHeight: Math.max(Kiosk.theme.touchTarget, contentItem.implicitHeight + 24)
    implicitWidth: Math.max(Kiosk.theme.touchTarget * 2, contentItem.implicitWidth + 48)
    font.pixelSize: Kiosk.theme.fontSize
    font.bold: primary

    readonly property color faceColor: primary ? Kiosk.theme.accent : Kiosk.theme.surface
    readonly property color inkColor: primary ? Kiosk.theme.accentText : Kiosk.theme.text

    // The words centred, and the icon (when there is one) just before them: the two centred as one.
    readonly property real iconSpace: iconName !== "" ? Math.round(Kiosk.theme.fontSize * 1.25) + Kiosk.theme.spacingSmall + 4 : 0
    contentItem: Text {
        text: control.text
        font: control.font
        color: control.inkColor
        leftPadding: control.iconSpace
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
        Icon {
            visible: control.iconName !== ""
            name: control.iconName
            size: Math.round(Kiosk.theme.fontSize * 1.25)
            color: control.danger && !control.primary ? Kiosk.theme.problem : control.inkColor
            x: (parent.width - parent.leftPadding - parent.contentWidth) / 2
            anchors.verticalCenter: parent.verticalCenter
        }
    }
    background: Item {
        // Elevation: a soft shadow under the face (none in high contrast, where a border says it).
        Rectangle {
            anchors.fill: parent
            anchors.topMargin: Kiosk.theme.elevation
            anchors.bottomMargin: -Kiosk.theme.elevation
            radius: Kiosk.theme.radius
            color: Kiosk.theme.shadow
            visible: control.enabled && !control.down && Kiosk.theme.elevation > 0
        }
        Rectangle {
            anchors.fill: parent
            radius: Kiosk.theme.radius
            color: control.down ? Qt.darker(control.faceColor, control.primary ? 1.25 : 1.08) : control.faceColor
            border.width: control.activeFocus ? 4 : (Kiosk.theme.highContrast || control.danger ? 2 : (control.primary ? 0 : 1))
            border.color: control.activeFocus ? (control.primary ? Kiosk.theme.text : Kiosk.theme.accent)
                        : control.danger ? Kiosk.theme.problem : Kiosk.theme.border
            opacity: control.enabled ? 1.0 : 0.45
        }
    }
}

// A large choice: an icon above its words and, below, one line saying what it is for. Primary (the
// library's colour) for the main choice of a screen, secondary (a raised white face) for the rest.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Lasis.Kiosk

Button {
    id: tile
    property bool primary: false
    property string iconName: ""
    /// One line under the words ("No card needed").
    property string detail: ""

    readonly property color faceColor: primary ? Kiosk.theme.accent : Kiosk.theme.surface
    readonly property color inkColor: primary ? Kiosk.theme.accentText : Kiosk.theme.text
    font.pixelSize: Math.round((Kiosk.theme.fontSize + Kiosk.theme.titleSize) / 2)
    font.bold: true
    padding: Kiosk.theme.spacingLarge
    implicitWidth: Math.max(Kiosk.theme.touchTarget * 3, implicitContentWidth + leftPadding + rightPadding)
    implicitHeight: Math.max(Kiosk.theme.touchTarget * 2, implicitContentHeight + topPadding + bottomPadding)
    Accessible.name: detail !== "" ? text + ". " + detail : text

    contentItem: ColumnLayout {
        spacing: Kiosk.theme.spacingSmall
        Item { Layout.fillHeight: true }
        Icon {
            visible: tile.iconName !== ""
            name: tile.iconName
            size: Kiosk.theme.largeText ? 64 : 56
            color: tile.inkColor
            Layout.alignment: Qt.AlignHCenter
        }
        Text {
            text: tile.text
            font: tile.font
            color: tile.inkColor
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Text {
            visible: tile.detail !== ""
            text: tile.detail
            font.pixelSize: Kiosk.theme.smallSize
            color: tile.inkColor
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Item { Layout.fillHeight: true }
    }
    background: Item {
        Rectangle {
            anchors.fill: parent
            anchors.topMargin: Kiosk.theme.elevation * 2
            anchors.bottomMargin: -Kiosk.theme.elevation * 2
            radius: Kiosk.theme.radiusLarge
            color: Kiosk.theme.shadow
            visible: tile.enabled && !tile.down && Kiosk.theme.elevation > 0
        }
        Rectangle {
            anchors.fill: parent
            radius: Kiosk.theme.radiusLarge
            color: tile.down ? Qt.darker(tile.faceColor, tile.primary ? 1.25 : 1.08) : tile.faceColor
            border.width: tile.activeFocus ? 4 : (Kiosk.theme.highContrast ? 3 : (tile.primary ? 0 : 1))
            border.color: tile.activeFocus ? (tile.primary ? Kiosk.theme.text : Kiosk.theme.accent) : Kiosk.theme.border
            opacity: tile.enabled ? 1.0 : 0.45
        }
    }
}

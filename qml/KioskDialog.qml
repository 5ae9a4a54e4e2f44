// A question or a panel laid over the screen: the screen behind dimmed and waiting, a raised card
// in the middle with its title, then what it holds (the children go into its column). `modal` tells
// the geometry check that only the dialog's controls can be reached while it is open. A tap beside
// the card closes it when `closeOnTapOutside` (the panels), never for a warning.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Rectangle {
    id: dialog
    readonly property bool modal: true
    property string title
    property bool closeOnTapOutside: false
    property color frameColor: Kiosk.theme.border
    default property alias content: box.data
    /// A tap beside the card (closeOnTapOutside).
    signal dismissed()
    color: Qt.rgba(0, 0, 0, 0.6)
    opacity: visible ? 1 : 0
    Behavior on opacity { NumberAnimation { duration: Kiosk.theme.motionShort } }

    MouseArea { anchors.fill: parent; onClicked: if (dialog.closeOnTapOutside) dialog.dismissed() }

    Rectangle {  // the card's shadow
        x: card.x
        y: card.y + Kiosk.theme.elevation * 3
        width: card.width
        height: card.height
        radius: card.radius
        color: Kiosk.theme.shadow
        visible: Kiosk.theme.elevation > 0
    }
    Rectangle {
        id: card
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 820)
        height: Math.min(parent.height - 40, column.implicitHeight + 2 * Kiosk.theme.spacingXL)
        radius: Kiosk.theme.radiusLarge
        color: Kiosk.theme.surface
        border.color: dialog.frameColor
        border.width: Kiosk.theme.highContrast ? 4 : (dialog.frameColor === Kiosk.theme.border ? 0 : 4)
        MouseArea { anchors.fill: parent }  // taps on the card's background stay in it
        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: Kiosk.theme.spacingXL
            spacing: Kiosk.theme.spacing
            Heading {
                objectName: dialog.objectName + "Title"
                visible: dialog.title !== ""
                text: dialog.title
            }
            ColumnLayout {
                id: box
                Layout.fillWidth: true
                Layout.fillHeight: true
                spacing: Kiosk.theme.spacing
            }
        }
    }
}

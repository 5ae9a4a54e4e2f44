// The idle warning: shown on screen (and sounded by the controller) at least 20 s before the
// session ends, with one large button for more time. When it runs out the session is wiped.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Rectangle {
    id: overlay
    objectName: "timeoutOverlay"
    visible: Kiosk.session.warningSecondsLeft > 0
    color: Qt.rgba(0, 0, 0, 0.6)

    MouseArea { anchors.fill: parent }  // the screen behind waits

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 820)
        height: box.implicitHeight + 60
        radius: 12
        color: Kiosk.theme.surface
        border.color: Kiosk.theme.problem
        border.width: 4
        ColumnLayout {
            id: box
            anchors.fill: parent
            anchors.margins: 30
            spacing: 20
            Heading {
                //: The session is about to end for inactivity
                text: qsTr("Are you still there?")
            }
            BodyText {
                objectName: "timeoutSeconds"
                //: %1 is the number of seconds before the session ends
                text: qsTr("For your privacy, this session will end. Seconds left: %1").arg(Kiosk.session.warningSecondsLeft)
            }
            KioskButton {
                objectName: "moreTime"
                Layout.fillWidth: true
                primary: true
                //: Button on the timeout warning
                text: qsTr("Yes, I need more time")
                onClicked: Kiosk.session.extendSession()
            }
            KioskButton {
                Layout.fillWidth: true
                //: Button on the timeout warning
                text: qsTr("I am finished")
                onClicked: Kiosk.session.finish()
            }
        }
    }
}

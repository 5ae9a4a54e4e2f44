// The idle warning: shown on screen (and sounded by the controller) at least 20 s before the
// session ends, with the seconds as a ring and one large button for more time. When it runs out
// the session is wiped.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

KioskDialog {
    id: overlay
    objectName: "timeoutOverlay"
    visible: Kiosk.session.warningSecondsLeft > 0
    frameColor: Kiosk.theme.problem
    //: The session is about to end for inactivity
    title: qsTr("Are you still there?")
    // The largest number of seconds seen in this warning: the ring's whole.
    property int total: 20
    onVisibleChanged: if (visible) total = Math.max(1, Kiosk.session.warningSecondsLeft)

    RowLayout {
        Layout.fillWidth: true
        spacing: Kiosk.theme.spacingLarge
        Countdown {
            secondsLeft: Kiosk.session.warningSecondsLeft
            total: overlay.total
            color: Kiosk.theme.problem
            Layout.alignment: Qt.AlignVCenter
        }
        BodyText {
            objectName: "timeoutSeconds"
            Layout.alignment: Qt.AlignVCenter
            //: %1 is the number of seconds before the session ends
            text: qsTr("For your privacy, this session will end. Seconds left: %1").arg(Kiosk.session.warningSecondsLeft)
        }
    }
    KioskButton {
        objectName: "moreTime"
        Layout.fillWidth: true
        Layout.topMargin: Kiosk.theme.spacingSmall
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

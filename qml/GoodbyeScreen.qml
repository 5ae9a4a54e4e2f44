// Goodbye: the session is over and everything of the patron is gone from the screen. After a
// timeout it says so, so a patron who walked away and came back knows why.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

ColumnLayout {
    spacing: Kiosk.theme.spacing * 2
    Item { Layout.fillHeight: true }
    Heading {
        objectName: "title"
        horizontalAlignment: Text.AlignHCenter
        text: Kiosk.session.endReason === "timeout"
              //: Goodbye screen after the idle timeout
              ? qsTr("Your session has ended")
              //: Goodbye screen
              : qsTr("Thank you, goodbye!")
    }
    BodyText {
        horizontalAlignment: Text.AlignHCenter
        text: Kiosk.session.endReason === "timeout"
              ? qsTr("For your privacy, your details have been cleared from the screen.")
              //: Goodbye screen reminder
              : qsTr("Please take your card and your books.")
    }
    KioskButton {
        objectName: "home"
        Layout.alignment: Qt.AlignHCenter
        primary: true
        //: Button: back to the start
        text: qsTr("Start again")
        onClicked: Kiosk.session.goHome()
    }
    Item { Layout.fillHeight: true }
}

// "Call staff", in the top bar of every patron screen (TopBar.qml): raises the kiosk's staff call and
// tells the patron, in their language, that someone is coming (the screen's notice says it in a
// sentence). While the call waits the button says so (in words and with a mark, not by colour
// alone); pressed again it raises no second call. At least 72 px tall, its words on one line.
import QtQuick
import Lasis.Kiosk

KioskButton {
    objectName: "callStaff"
    readonly property bool waiting: Kiosk.session.staffCallWaiting
    implicitHeight: Math.max(72, Kiosk.theme.touchTarget, contentItem.implicitHeight + 24)
    implicitWidth: Math.max(Kiosk.theme.touchTarget * 2, contentItem.implicitWidth + 32)
    primary: waiting
    iconName: "bell"
    text: waiting
          //: Top bar button while the patron's call for staff waits (short: the screen's notice says the rest)
          ? "✓ " + qsTr("Staff called")
          //: Top bar button on every patron screen: ask a librarian for help
          : qsTr("Call staff")
    Accessible.name: waiting ? qsTr("Staff called: someone is coming") : text
    onClicked: Kiosk.session.callStaff()
}

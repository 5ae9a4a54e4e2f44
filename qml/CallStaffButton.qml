// "Call staff", beside every patron screen (Main.qml): raises the kiosk's staff call and tells the patron, in
// their language, that someone is coming. While the call waits the button says so (in words and
// with a mark, not by colour alone); pressed again it raises no second call. At least 72 px tall.
import QtQuick
import Lasis.Kiosk

KioskButton {
    objectName: "callStaff"
    readonly property bool waiting: Kiosk.session.staffCallWaiting
    implicitHeight: Math.max(72, Kiosk.theme.touchTarget, contentItem.implicitHeight + 24)
    text: waiting
          //: Button beside every patron screen while the patron's call for staff waits
          ? "✓ " + qsTr("Staff called: someone is coming")
          //: Button beside every patron screen: ask a librarian for help
          : qsTr("Call staff")
    Accessible.name: text
    onClicked: Kiosk.session.callStaff()
}

// The kiosk's window: the bar with language and accessibility switches, the mode banner, the
// current screen (chosen by the session controller, never by QML logic), the timeout warning and
// the on-screen keyboard.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import Lasis.Kiosk

ApplicationWindow {
    id: window
    width: 1280
    height: 800
    visible: true
    color: Kiosk.theme.background
    //: Window title
    title: qsTr("Library self-service")

    ColumnLayout {
        anchors.fill: parent
        anchors.bottomMargin: keyboard.active ? keyboard.height : 0
        spacing: 0
        TopBar { Layout.fillWidth: true }
        ModeBanner { Layout.fillWidth: true }
        // Every screen is built once and shown by the controller's choice: switching screens
        // creates nothing, so a kiosk running for months does not grow (a Loader re-creating
        // screens cost about 100 KiB a switch on Qt 6.4). What a screen holds of a patron is
        // cleared on the session's wipe.
        StackLayout {
            id: screens
            objectName: "screen"
            Layout.fillWidth: true
            Layout.fillHeight: true
            // The screens get what the bars leave, never their own (largest) wish, so a tall
            // screen scrolls its list instead of pushing its buttons off the bottom.
            Layout.preferredHeight: 1
            Layout.margins: 28
            currentIndex: {
                switch (Kiosk.session.screen) {
                case "identify": return 1
                case "checkout": return 2
                case "return": return 3
                case "account": return 4
                case "hold": return 5
                case "receipt":
                case "receipt-shown": return 6
                case "goodbye": return 7
                case "staff": return 8
                default: return 0
                }
            }
            WelcomeScreen {}
            IdentifyScreen {}
            CheckoutScreen {}
            ReturnScreen {}
            AccountScreen {}
            HoldScreen {}
            ReceiptScreen {}
            GoodbyeScreen {}
            StaffScreen {}
        }
    }

    TimeoutOverlay { anchors.fill: parent }

    InputPanel {
        id: keyboard
        objectName: "keyboard"
        z: 99
        x: 0
        y: window.height - (active ? height : 0)
        width: window.width
    }
}

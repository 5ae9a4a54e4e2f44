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
        Loader {
            id: screen
            objectName: "screen"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: 28
            sourceComponent: {
                switch (Kiosk.session.screen) {
                case "identify": return identify
                case "checkout": return checkout
                case "return": return giveBack
                case "account": return account
                case "hold": return hold
                case "receipt":
                case "receipt-shown": return receipt
                case "goodbye": return goodbye
                default: return welcome
                }
            }
        }
    }
    Component { id: welcome; WelcomeScreen {} }
    Component { id: identify; IdentifyScreen {} }
    Component { id: checkout; CheckoutScreen {} }
    Component { id: giveBack; ReturnScreen {} }
    Component { id: account; AccountScreen {} }
    Component { id: hold; HoldScreen {} }
    Component { id: receipt; ReceiptScreen {} }
    Component { id: goodbye; GoodbyeScreen {} }

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

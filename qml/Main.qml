// The kiosk's window: the bar with the languages, the accessibility panel's button and Call staff, the mode banner, the
// current screen (chosen by the session controller, never by QML logic), the timeout warning and
// the on-screen keyboard. The keyboard is for real text only (a card number typed by hand, an item
// number): it shows while a text field a patron types into has the focus and the input method asks
// for it, never for the PIN (the identify screen has its own PIN pad), and never on a screen with
// nothing to type. While it is up the screen is laid out above it (the top bar steps aside), so no
// button, field or result row is ever under it.
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

    // A text field a patron types into has the focus (the PIN field is read-only: the pad fills it).
    readonly property bool typing: activeFocusItem !== null
                                   && (activeFocusItem instanceof TextInput || activeFocusItem instanceof TextEdit)
                                   && !activeFocusItem.readOnly
    readonly property bool keyboardUp: keyboard.active && typing  // active: Qt.inputMethod.visible

    ColumnLayout {
        anchors.fill: parent
        anchors.bottomMargin: window.keyboardUp ? keyboard.height : 0
        spacing: 0
        // Languages and text size wait while a field is typed into: the screen needs the room.
        TopBar {
            Layout.fillWidth: true
            visible: !window.keyboardUp
            onAccessibilityRequested: accessibility.open = true
            onLanguagesRequested: languages.open = true
        }
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
            // Nor their widest wish: a screen's long words in large text wrap inside the window
            // rather than widening the window's column (and the top bar with it) past its edge.
            Layout.minimumWidth: 0
            Layout.preferredWidth: 1
            Layout.margins: window.keyboardUp ? 12 : 28
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
            IdentifyScreen { keyboardUp: window.keyboardUp }
            CheckoutScreen {}
            ReturnScreen {}
            AccountScreen {}
            HoldScreen {}
            ReceiptScreen {}
            GoodbyeScreen {}
            StaffScreen {}
        }
    }

    AccessibilityPanel { id: accessibility; anchors.fill: parent }
    LanguagePanel { id: languages; anchors.fill: parent }
    TimeoutOverlay { anchors.fill: parent }
    SpeechGesture {}

    InputPanel {
        id: keyboard
        objectName: "keyboard"
        z: 99
        visible: window.keyboardUp
        // As wide as a keyboard needs to be, not the whole screen: its height follows its width,
        // and every pixel of height it takes is taken from the screen above it.
        width: Math.min(window.width, 960)
        x: (window.width - width) / 2
        y: window.height - height
    }
}

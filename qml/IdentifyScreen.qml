// Identify: place the library card on the pad (noticed by itself), or type the card number on the
// on-screen keyboard; then the PIN on our own PIN pad beside its field, and OK. The keyboard never
// opens for the PIN (it would cover the screen's own controls); the PIN field never shows the digits.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Lasis.Kiosk

ScreenScaffold {
    id: screen
    spacing: Kiosk.theme.spacing
    //: Identify screen title
    title: qsTr("Place your library card on the pad")
    // Whether the on-screen keyboard is up (the window knows: Main.qml).
    property bool keyboardUp: false
    function submit() { Kiosk.session.login(card.text, pin.text) }
    // Typing is over: the focus leaves the card field, so the keyboard goes and the pad comes back.
    function doneTyping() {
        if (card.activeFocus) screen.forceActiveFocus()
    }

    BodyText {
        text: Kiosk.session.cardOnPad !== ""
              //: Identify screen once the card was read
              ? qsTr("Your card has been read. Type your PIN and press OK.")
              //: Identify screen: the alternative to the card
              : qsTr("Or type your card number, then your PIN.")
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Kiosk.theme.spacing * 2
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: Kiosk.theme.spacing
            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Kiosk.theme.spacing
                rowSpacing: Kiosk.theme.spacing
                Text {
                    //: Label of the card number field
                    text: qsTr("Card number")
                    font.pixelSize: Kiosk.theme.fontSize
                    color: Kiosk.theme.text
                }
                TextField {
                    id: card
                    objectName: "cardField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Kiosk.theme.touchTarget
                    font.pixelSize: Kiosk.theme.fontSize
                    enabled: Kiosk.session.cardOnPad === ""
                    //: Shown in the card field once the card on the pad was read
                    placeholderText: Kiosk.session.cardOnPad !== "" ? qsTr("Card on the pad") : ""
                    inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
                    color: Kiosk.theme.text
                    placeholderTextColor: Kiosk.theme.mutedText
                    background: Rectangle { color: Kiosk.theme.surface; border.color: Kiosk.theme.border; border.width: card.activeFocus ? 4 : 2; radius: 6 }
                    onAccepted: screen.doneTyping()
                    Accessible.name: qsTr("Card number")
                }
                Text {
                    //: Label of the PIN field
                    text: qsTr("PIN")
                    font.pixelSize: Kiosk.theme.fontSize
                    color: Kiosk.theme.text
                }
                // Filled by the PIN pad only: read-only and never focused, so no keyboard opens.
                TextField {
                    id: pin
                    objectName: "pinField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Kiosk.theme.touchTarget
                    font.pixelSize: Kiosk.theme.fontSize
                    echoMode: TextInput.Password
                    readOnly: true
                    activeFocusOnPress: false
                    maximumLength: 12
                    color: Kiosk.theme.text
                    background: Rectangle { color: Kiosk.theme.surface; border.color: Kiosk.theme.border; border.width: 2; radius: 6 }
                    Accessible.name: qsTr("PIN")
                    TapHandler { onTapped: screen.doneTyping() }
                }
            }
            NoticeBar {}
            // No card yet: the card laid on the pad, as a picture.
            Illustration {
                objectName: "cardPicture"
                kind: "card"
                visible: Kiosk.session.cardOnPad === "" && !screen.keyboardUp
                size: Kiosk.theme.largeText ? 200 : 260
                Layout.alignment: Qt.AlignHCenter
            }
            KioskButton {
                objectName: "back"
                iconName: "back"
                //: Button: back to the welcome screen
                text: qsTr("Back")
                onClicked: Kiosk.session.goHome()
            }
        }
        PinPad {
            id: pad
            Layout.alignment: Qt.AlignTop
            // While the card number is typed on the keyboard, the pad steps aside for it (the
            // screen has no room for both); Enter on the keyboard, its hide key or a touch on the
            // PIN field brings the pad back.
            visible: !(card.activeFocus && screen.keyboardUp)
            okEnabled: !Kiosk.session.busy
            onDigit: (d) => { pin.text = pin.text + d }
            onRemove: { pin.text = pin.text.slice(0, -1) }
            onAccepted: screen.submit()
        }
    }
    Item { Layout.fillHeight: true }
    Connections {
        target: Kiosk.session
        function onCardOnPadChanged() { if (Kiosk.session.cardOnPad !== "") screen.doneTyping() }
        function onNoticeChanged() { if (Kiosk.session.noticeIsProblem) pin.clear() }
        // Nothing typed stays for the next person.
        function onWiped() { card.clear(); pin.clear() }
    }
}

// Identify: place the library card on the pad (noticed by itself), or type the card number;
// then the PIN, typed on the on-screen keyboard. The PIN field never shows the digits.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Lasis.Kiosk

ColumnLayout {
    id: screen
    spacing: Kiosk.theme.spacing
    function submit() { Kiosk.session.login(card.text, pin.text) }

    Heading {
        objectName: "title"
        //: Identify screen title
        text: qsTr("Place your library card on the pad")
    }
    BodyText {
        text: Kiosk.session.cardOnPad !== ""
              //: Identify screen once the card was read
              ? qsTr("Your card has been read. Type your PIN and press Continue.")
              //: Identify screen: the alternative to the card
              : qsTr("Or type your card number, then your PIN.")
    }
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
            onAccepted: pin.forceActiveFocus()
            Accessible.name: qsTr("Card number")
        }
        Text {
            //: Label of the PIN field
            text: qsTr("PIN")
            font.pixelSize: Kiosk.theme.fontSize
            color: Kiosk.theme.text
        }
        TextField {
            id: pin
            objectName: "pinField"
            Layout.fillWidth: true
            Layout.preferredHeight: Kiosk.theme.touchTarget
            font.pixelSize: Kiosk.theme.fontSize
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
            color: Kiosk.theme.text
            background: Rectangle { color: Kiosk.theme.surface; border.color: Kiosk.theme.border; border.width: pin.activeFocus ? 4 : 2; radius: 6 }
            onAccepted: screen.submit()
            Accessible.name: qsTr("PIN")
        }
    }
    NoticeBar {}
    RowLayout {
        Layout.fillWidth: true
        spacing: Kiosk.theme.spacing
        KioskButton {
            objectName: "back"
            //: Button: back to the welcome screen
            text: qsTr("Back")
            onClicked: Kiosk.session.goHome()
        }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "continue"
            primary: true
            enabled: !Kiosk.session.busy
            //: Button: log in with the card and PIN
            text: qsTr("Continue")
            onClicked: screen.submit()
        }
    }
    Item { Layout.fillHeight: true }
    Connections {
        target: Kiosk.session
        function onCardOnPadChanged() { if (Kiosk.session.cardOnPad !== "") pin.forceActiveFocus() }
        function onNoticeChanged() { if (Kiosk.session.noticeIsProblem) pin.clear() }
        // Nothing typed stays for the next person.
        function onWiped() { card.clear(); pin.clear() }
    }
}

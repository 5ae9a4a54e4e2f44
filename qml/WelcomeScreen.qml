// Attract/welcome: what the kiosk does, in the kiosk's default language, with the language
// switch above. Three large choices; returns need no card.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

ColumnLayout {
    spacing: Kiosk.theme.spacing
    Heading {
        objectName: "title"
        horizontalAlignment: Text.AlignHCenter
        //: Welcome screen title
        text: qsTr("Welcome to the library")
    }
    BodyText {
        horizontalAlignment: Text.AlignHCenter
        //: Welcome screen: what to do
        text: qsTr("Choose what you would like to do. You can change the language at the top.")
    }
    KioskButton {
        objectName: "borrow"
        Layout.fillWidth: true
        Layout.preferredHeight: Kiosk.theme.touchTarget * 1.25
        primary: true
        //: Welcome screen button
        text: qsTr("Borrow books")
        onClicked: Kiosk.session.beginBorrow()
    }
    KioskButton {
        objectName: "return"
        Layout.fillWidth: true
        Layout.preferredHeight: Kiosk.theme.touchTarget * 1.25
        primary: true
        //: Welcome screen button (no library card needed)
        text: qsTr("Return books")
        onClicked: Kiosk.session.beginReturn()
    }
    KioskButton {
        objectName: "account"
        Layout.fillWidth: true
        Layout.preferredHeight: Kiosk.theme.touchTarget * 1.25
        //: Welcome screen button: loans, due dates, reservations, fines
        text: qsTr("My account, renewals and reservations")
        onClicked: Kiosk.session.beginAccount()
    }
    Item { Layout.fillHeight: true }
}

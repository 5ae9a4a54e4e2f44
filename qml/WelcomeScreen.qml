// Attract/welcome: what the kiosk does, in the kiosk's default language, with the language
// switch above. Three large choices; returns need no card.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

ColumnLayout {
    id: welcome
    spacing: Kiosk.theme.spacing
    // The library's own name and logo ([ui] library_name, logo), when it set them.
    RowLayout {
        objectName: "brand"
        visible: Kiosk.session.libraryName !== "" || Kiosk.session.logoUrl !== ""
        Layout.fillWidth: false  // its own width, centred (a layout in a layout fills by default)
        Layout.alignment: Qt.AlignHCenter
        Layout.maximumWidth: welcome.width
        spacing: 20
        Image {
            id: logo
            objectName: "logo"
            visible: Kiosk.session.logoUrl !== ""
            source: Kiosk.session.logoUrl
            fillMode: Image.PreserveAspectFit
            sourceSize.height: 144  // sharp at twice the height it is shown
            Layout.preferredHeight: 72
            Layout.preferredWidth: implicitHeight > 0 ? 72 * implicitWidth / implicitHeight : 72
        }
        Text {
            objectName: "libraryName"
            visible: text !== ""
            text: Kiosk.session.libraryName
            font.pixelSize: Kiosk.theme.titleSize
            font.bold: true
            color: Kiosk.theme.text
            elide: Text.ElideRight
            // Its own width, centred with the logo; a name too long for the screen ends in "…".
            Layout.maximumWidth: welcome.width - (logo.visible ? logo.width + 20 : 0)
        }
    }
    Heading {
        objectName: "title"
        horizontalAlignment: Text.AlignHCenter
        //: Welcome screen title
        text: qsTr("Welcome to the library")
    }
    // Out of order (no reader, the library system refusing this kiosk, a database it cannot
    // write): the choices are shown but off, so nobody starts what would end at the desk.
    readonly property bool outOfOrder: Kiosk.session.mode === "out-of-order"
    BodyText {
        objectName: "instructions"
        horizontalAlignment: Text.AlignHCenter
        text: welcome.outOfOrder
              //: Welcome screen while the kiosk cannot serve anyone (the choices below are off)
              ? qsTr("This kiosk is out of order. Please go to the desk.")
              //: Welcome screen: what to do
              : qsTr("Choose what you would like to do. You can change the language at the top.")
    }
    KioskButton {
        objectName: "borrow"
        enabled: !welcome.outOfOrder
        Layout.fillWidth: true
        Layout.preferredHeight: Kiosk.theme.touchTarget * 1.25
        primary: true
        //: Welcome screen button
        text: qsTr("Borrow books")
        onClicked: Kiosk.session.beginBorrow()
    }
    KioskButton {
        objectName: "return"
        enabled: !welcome.outOfOrder
        Layout.fillWidth: true
        Layout.preferredHeight: Kiosk.theme.touchTarget * 1.25
        primary: true
        //: Welcome screen button (no library card needed)
        text: qsTr("Return books")
        onClicked: Kiosk.session.beginReturn()
    }
    KioskButton {
        objectName: "account"
        enabled: !welcome.outOfOrder
        Layout.fillWidth: true
        Layout.preferredHeight: Kiosk.theme.touchTarget * 1.25
        //: Welcome screen button: loans, due dates, reservations, fines
        text: qsTr("My account, renewals and reservations")
        onClicked: Kiosk.session.beginAccount()
    }
    // What the kiosk says here: "someone is coming" after Call staff, a code it could not use.
    NoticeBar {}
    Item { Layout.fillHeight: true }
    BodyText {
        objectName: "openingHours"
        visible: Kiosk.session.openingHours !== ""
        horizontalAlignment: Text.AlignHCenter
        //: Welcome screen, at the foot; %1 is the library's opening hours as it writes them
        text: qsTr("Opening hours: %1").arg(Kiosk.session.openingHours)
    }
}

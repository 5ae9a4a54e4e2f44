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
            sourceSize.height: 192  // sharp at twice the height it is shown
            Layout.preferredHeight: 96
            Layout.preferredWidth: implicitHeight > 0 ? 96 * implicitWidth / implicitHeight : 96
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
    // The three choices as tiles side by side, borrowing first and in the library's colour.
    RowLayout {
        Layout.fillWidth: true
        Layout.topMargin: Kiosk.theme.spacingSmall
        spacing: Kiosk.theme.spacingLarge
        Tile {
            objectName: "borrow"
            enabled: !welcome.outOfOrder
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: true
            primary: true
            iconName: "borrow"
            //: Welcome screen button
            text: qsTr("Borrow books")
            //: Welcome screen, under "Borrow books"
            detail: qsTr("With your library card")
            onClicked: Kiosk.session.beginBorrow()
        }
        Tile {
            objectName: "return"
            enabled: !welcome.outOfOrder
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: true
            primary: true
            iconName: "return"
            //: Welcome screen button (no library card needed)
            text: qsTr("Return books")
            //: Welcome screen, under "Return books"
            detail: qsTr("No card needed")
            onClicked: Kiosk.session.beginReturn()
        }
        Tile {
            objectName: "account"
            enabled: !welcome.outOfOrder
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: true
            iconName: "account"
            //: Welcome screen button: loans, due dates, reservations, fines
            text: qsTr("My account")
            //: Welcome screen, under "My account"
            detail: qsTr("Renewals, reservations, fines")
            onClicked: Kiosk.session.beginAccount()
        }
    }
    // What the kiosk says here: "someone is coming" after Call staff, a code it could not use.
    NoticeBar {}
    // The lower part: the quickest way in, shown as it is done (the card laid on the pad).
    RowLayout {
        objectName: "cardHint"
        visible: !welcome.outOfOrder
        Layout.fillWidth: false
        Layout.alignment: Qt.AlignHCenter
        Layout.topMargin: Kiosk.theme.spacing
        Layout.maximumWidth: welcome.width
        spacing: Kiosk.theme.spacingXL
        Illustration {
            kind: "card"
            size: Kiosk.theme.largeText ? 240 : 280
            Layout.alignment: Qt.AlignVCenter
        }
        BodyText {
            Layout.fillWidth: false
            Layout.maximumWidth: Math.min(560, welcome.width - 280 - Kiosk.theme.spacingXL)
            Layout.alignment: Qt.AlignVCenter
            //: Welcome screen, beside the picture of a card on the pad
            text: qsTr("To start borrowing, you can also lay your library card on the pad.")
        }
    }
    Item { Layout.fillHeight: true }
    BodyText {
        objectName: "openingHours"
        visible: Kiosk.session.openingHours !== ""
        horizontalAlignment: Text.AlignHCenter
        color: Kiosk.theme.mutedText
        //: Welcome screen, at the foot; %1 is the library's opening hours as it writes them
        text: qsTr("Opening hours: %1").arg(Kiosk.session.openingHours)
    }
}

// Check out: every item on the pad is lent at once; each appears as soon as it is done, with its
// due date or a plain reason. What is laid on the pad later is lent as it arrives (no button).
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Lasis.Kiosk

ScreenScaffold {
    spacing: Kiosk.theme.spacing
    title: Kiosk.session.patronName !== ""
          //: Checkout screen title; %1 is the patron's name
          ? qsTr("Hello, %1").arg(Kiosk.session.patronName)
          : qsTr("Your items")
    Repeater {
        model: Kiosk.session.patronMessages
        delegate: BodyText {
            required property string modelData
            objectName: "data.patronMessage"
            text: "• " + modelData
        }
    }
    NoticeBar {}
    // Nothing on the pad yet: how to lay the books down, as a picture.
    RowLayout {
        objectName: "stackHint"
        visible: Kiosk.items.count === 0 && !Kiosk.session.busy
        Layout.alignment: Qt.AlignHCenter
        Layout.fillWidth: false
        spacing: Kiosk.theme.spacingXL
        Illustration {
            kind: "stack"
            size: Kiosk.theme.largeText ? 240 : 300
        }
        BodyText {
            Layout.fillWidth: false
            Layout.maximumWidth: 520
            Layout.alignment: Qt.AlignVCenter
            //: Beside the picture of a stack of books on the pad with a red line above it
            text: qsTr("Lay your books on the pad, no higher than the red line.")
        }
    }
    ListView {
        objectName: "items"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 6
        model: Kiosk.items
        delegate: OutcomeDelegate {}
        ScrollBar.vertical: ScrollBar { width: 24 }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Kiosk.theme.spacing
        KioskButton {
            objectName: "account"
            enabled: !Kiosk.session.busy
            //: Button: to the account screen
            text: qsTr("My account")
            onClicked: Kiosk.session.showAccount()
        }
        // How the stack is going, between the two buttons: the list gets the height.
        BodyText {
            objectName: "padState"
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            horizontalAlignment: Text.AlignHCenter
            text: Kiosk.session.padProgress !== ""
                  //: While the tags on the pad are read; %1 is "3 of 5 read"
                  ? qsTr("Reading the items on the pad: %1").arg(Kiosk.session.padProgress)
                  : Kiosk.session.busy
                  //: Checkout screen while the items are processed
                  ? qsTr("Reading the items on the pad…")
                  : Kiosk.items.count === 0
                    //: Checkout screen with nothing done yet
                    ? qsTr("Place your items on the pad: each is borrowed as soon as it is read.")
                    //: Checkout screen summary: %1 items borrowed, %2 with problems
                    : qsTr("Borrowed: %1. Problems: %2.").arg(Kiosk.items.okCount).arg(Kiosk.items.problemCount)
        }
        KioskButton {
            objectName: "finish"
            primary: true
            enabled: !Kiosk.session.busy
            //: Button: end the visit
            text: qsTr("Finish")
            onClicked: Kiosk.session.finish()
        }
    }
}

// Return: no card needed. Every item on the pad is returned at once, and what is laid down later
// as it arrives; each line says where the book goes next (the reservations shelf, the return box
// for another branch, the trolley).
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Lasis.Kiosk

ScreenScaffold {
    spacing: Kiosk.theme.spacing
    //: Return screen title
    title: qsTr("Return books")
    NoticeBar {}
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
        BodyText {
            objectName: "padState"
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            text: Kiosk.session.padProgress !== ""
                  //: While the tags on the pad are read; %1 is "3 of 5 read"
                  ? qsTr("Reading the items on the pad: %1").arg(Kiosk.session.padProgress)
                  : Kiosk.session.busy
                  ? qsTr("Reading the items on the pad…")
                  : Kiosk.items.count === 0
                    //: Return screen with nothing returned yet
                    ? qsTr("Place the items you are returning on the pad: each is returned as soon as it is read.")
                    //: Return screen summary: %1 items returned, %2 with problems
                    : qsTr("Returned: %1. Problems: %2.").arg(Kiosk.items.okCount).arg(Kiosk.items.problemCount)
        }
        KioskButton {
            objectName: "finish"
            primary: true
            enabled: !Kiosk.session.busy
            text: qsTr("Finish")
            onClicked: Kiosk.session.finish()
        }
    }
}

// The patron's account: loans with due dates (overdue marked in words and with "!"), renew one or
// all; holds with queue position and pickup branch, cancel one (asked first, undone for a few
// seconds) or place a new one; fines and how to pay them.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Lasis.Kiosk

ScreenScaffold {
    id: screen
    spacing: Kiosk.theme.spacing
    //: Account screen title
    title: qsTr("My account")
    property int tab: 0

    Connections {
        target: Kiosk.session
        function onWiped() { screen.tab = 0 }
    }
    BodyText {
        objectName: "summary"
        //: Account summary: %1 loans, %2 overdue, %3 reservations
        text: qsTr("Loans: %1 (overdue: %2). Reservations: %3.").arg(Kiosk.loans.count).arg(Kiosk.loans.overdueCount).arg(Kiosk.holds.count)
              + (Kiosk.session.finesText !== "" ? " " + Kiosk.session.finesText : "")
    }
    NoticeBar {}
    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        KioskButton {
            objectName: "tab.loans"
            primary: screen.tab === 0
            //: Account tab
            text: qsTr("Loans")
            onClicked: screen.tab = 0
        }
        KioskButton {
            objectName: "tab.holds"
            primary: screen.tab === 1
            //: Account tab
            text: qsTr("Reservations")
            onClicked: screen.tab = 1
        }
        KioskButton {
            objectName: "tab.fines"
            primary: screen.tab === 2
            //: Account tab
            text: qsTr("Fines")
            onClicked: screen.tab = 2
        }
    }
    StackLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        currentIndex: screen.tab
        ListView {
            objectName: "loans"
            clip: true
            spacing: 8
            model: Kiosk.loans
            ScrollBar.vertical: ScrollBar { width: 24 }
            delegate: Rectangle {
                id: loan
                required property string itemId
                required property string title
                required property string dueText
                required property bool overdue
                width: ListView.view.width
                implicitHeight: Math.max(loanLines.implicitHeight, Kiosk.theme.touchTarget) + 20
                radius: 8
                color: Kiosk.theme.surface
                border.width: overdue ? 3 : 1
                border.color: overdue ? Kiosk.theme.problem : Kiosk.theme.border
                RowLayout {
                    id: loanRow
                    anchors.fill: parent
                    anchors.margins: 10
                    spacing: 12
                    // A Column, not a ColumnLayout: its height follows the lines the texts wrap to
                    // (Qt 6.4's layout kept a row's first height: the due date ran out of it).
                    Column {
                        id: loanLines
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1  // what the buttons leave, not the texts' own wish
                        Layout.alignment: Qt.AlignVCenter
                        Text {
                            objectName: "data.title"
                            width: loanLines.width
                            text: loan.title
                            font.pixelSize: Kiosk.theme.fontSize
                            font.bold: true
                            color: Kiosk.theme.text
                            wrapMode: Text.WordWrap
                        }
                        Text {
                            width: loanLines.width
                            text: (loan.overdue ? "! " : "") + loan.dueText
                            font.pixelSize: Kiosk.theme.fontSize
                            color: loan.overdue ? Kiosk.theme.problem : Kiosk.theme.text
                            wrapMode: Text.WordWrap
                        }
                    }
                    KioskButton {
                        objectName: "renew." + loan.itemId
                        Layout.minimumWidth: implicitWidth
                        enabled: !Kiosk.session.busy
                        //: Button: renew this loan
                        text: qsTr("Renew")
                        onClicked: Kiosk.session.renew(loan.itemId)
                    }
                }
            }
            BodyText {
                anchors.centerIn: parent
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                visible: Kiosk.loans.count === 0 && !Kiosk.session.busy
                //: Account screen with no loans
                text: qsTr("You have nothing on loan.")
            }
        }
        ListView {
            objectName: "holds"
            clip: true
            spacing: 8
            model: Kiosk.holds
            ScrollBar.vertical: ScrollBar { width: 24 }
            delegate: Rectangle {
                id: hold
                required property string itemId
                required property string title
                required property string statusText
                required property string pickup
                required property bool available
                required property bool cancelled
                // "Cancel" asks first, on the row itself: Yes cancels, No leaves it as it was.
                property bool asking: false
                onCancelledChanged: asking = false
                width: ListView.view.width
                implicitHeight: Math.max(holdLines.implicitHeight, Kiosk.theme.touchTarget) + 20
                radius: Kiosk.theme.radius
                color: Kiosk.theme.surface
                border.width: available || asking ? 3 : 1
                border.color: asking ? Kiosk.theme.problem : available ? Kiosk.theme.good : Kiosk.theme.border
                RowLayout {
                    id: holdRow
                    anchors.fill: parent
                    anchors.margins: 10
                    spacing: 12
                    // A Column, not a ColumnLayout: its height follows the lines the texts wrap to
                    // (Qt 6.4's layout kept a row's first height: the status ran out of it).
                    Column {
                        id: holdLines
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1  // what the buttons leave, not the texts' own wish
                        Layout.alignment: Qt.AlignVCenter
                        Text {
                            objectName: "data.title"
                            width: holdLines.width
                            text: hold.title
                            font.pixelSize: Kiosk.theme.fontSize
                            font.bold: true
                            font.strikeout: hold.cancelled
                            color: Kiosk.theme.text
                            wrapMode: Text.WordWrap
                        }
                        Text {
                            objectName: "data.holdStatus"
                            width: holdLines.width
                            //: Account screen: asked on a reservation's row before it is cancelled
                            text: hold.asking ? qsTr("Cancel reservation?")
                                              : (hold.available && !hold.cancelled ? "✓ " : "") + hold.statusText
                            font.pixelSize: Kiosk.theme.fontSize
                            font.bold: hold.asking || hold.cancelled
                            color: Kiosk.theme.text
                            wrapMode: Text.WordWrap
                        }
                    }
                    KioskButton {
                        objectName: "cancel." + hold.itemId
                        Layout.minimumWidth: implicitWidth
                        visible: !hold.asking && !hold.cancelled
                        danger: true
                        enabled: !Kiosk.session.busy
                        //: Button: cancel this reservation (asks first)
                        text: qsTr("Cancel")
                        onClicked: hold.asking = true
                    }
                    KioskButton {
                        objectName: "cancelYes." + hold.itemId
                        Layout.minimumWidth: implicitWidth
                        visible: hold.asking
                        danger: true
                        enabled: !Kiosk.session.busy
                        //: Button: yes, cancel this reservation
                        text: qsTr("Yes")
                        onClicked: Kiosk.session.cancelHold(hold.itemId, hold.pickup)
                    }
                    KioskButton {
                        objectName: "cancelNo." + hold.itemId
                        Layout.minimumWidth: implicitWidth
                        visible: hold.asking
                        primary: true
                        //: Button: no, keep this reservation
                        text: qsTr("No")
                        onClicked: hold.asking = false
                    }
                    KioskButton {
                        objectName: "undo." + hold.itemId
                        Layout.minimumWidth: implicitWidth
                        visible: hold.cancelled
                        primary: true
                        enabled: !Kiosk.session.busy
                        //: Button: place the reservation just cancelled again
                        text: qsTr("Undo")
                        onClicked: Kiosk.session.undoCancelHold(hold.itemId)
                    }
                }
            }
            BodyText {
                anchors.centerIn: parent
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                visible: Kiosk.holds.count === 0 && !Kiosk.session.busy
                //: Account screen with no reservations
                text: qsTr("You have no reservations.")
            }
        }
        Item {
            ListView {
                objectName: "fines"
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.bottom: parent.bottom
                anchors.right: payHow.visible ? payHow.left : parent.right
                anchors.rightMargin: payHow.visible ? Kiosk.theme.spacing * 2 : 0
                clip: true
                spacing: 8
                model: Kiosk.session.fineLines
                delegate: BodyText {
                    required property string modelData
                    objectName: "data.fine"
                    width: ListView.view.width
                    text: "• " + modelData
                }
                BodyText {
                    anchors.centerIn: parent
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    visible: Kiosk.session.fineLines.length === 0 && Kiosk.session.finesText === ""
                    //: Account screen with no fines
                    text: qsTr("You owe nothing.")
                }
            }
            // How to pay: at the desk, always; online too where the library has a payment page.
            ColumnLayout {
                id: payHow
                objectName: "payHow"
                visible: Kiosk.session.fineLines.length > 0 || Kiosk.session.finesText !== ""
                anchors.right: parent.right
                anchors.top: parent.top
                width: 300
                spacing: 8
                BodyText {
                    objectName: "payAtDesk"
                    Layout.fillWidth: true
                    font.bold: true
                    //: Account screen, fines tab: how to pay a fine
                    text: qsTr("You can pay at the desk.")
                }
                QrCode {
                    objectName: "payQr"
                    visible: Kiosk.session.payUrl !== ""
                    text: Kiosk.session.payUrl
                    Layout.preferredWidth: 220
                    Layout.preferredHeight: 220
                    foreground: "black"
                    background: "white"
                }
                BodyText {
                    objectName: "payOnline"
                    visible: Kiosk.session.payUrl !== ""
                    Layout.fillWidth: true
                    //: Under the QR code of the library's online payment page
                    text: qsTr("or scan to pay online")
                }
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Kiosk.theme.spacing
        KioskButton {
            objectName: "renewAll"
            enabled: !Kiosk.session.busy && Kiosk.loans.count > 0
            //: Button: renew every loan
            text: qsTr("Renew all")
            onClicked: Kiosk.session.renewAll()
        }
        KioskButton {
            objectName: "placeHold"
            enabled: !Kiosk.session.busy
            //: Button: to the screen for reserving an item
            text: qsTr("Reserve an item")
            onClicked: Kiosk.session.showPlaceHold()
        }
        KioskButton {
            objectName: "borrow"
            enabled: !Kiosk.session.busy && Kiosk.session.mayBorrow
            //: Button: to the checkout screen
            text: qsTr("Borrow")
            onClicked: Kiosk.session.beginBorrow()
        }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "finish"
            primary: true
            enabled: !Kiosk.session.busy
            text: qsTr("Finish")
            onClicked: Kiosk.session.finish()
        }
    }
}

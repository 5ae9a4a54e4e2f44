// The receipt choice: printed, emailed, shown on screen (with a QR code to keep it on a phone), or
// none. Offline loans are marked provisional on it. Shown only when something was done.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

ScreenScaffold {
    id: receiptScreen
    spacing: Kiosk.theme.spacing
    title: receiptScreen.shown
          //: Receipt screen title when the receipt is on screen
          ? qsTr("Your receipt")
          //: Receipt choice screen title
          : qsTr("Would you like a receipt?")
    property bool shown: Kiosk.session.screen === "receipt-shown"

    NoticeBar {}
    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: Kiosk.theme.spacing * 2
        // Laid out as the receipt is printed: on paper, the library, date and time and the
        // masked card at the top, then every item lent with its due date and every item not
        // lent with what to do.
        Rectangle {
            objectName: "receiptPaper"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.maximumWidth: 760
            color: "white"
            border.color: Kiosk.theme.border
            border.width: 1
            radius: Kiosk.theme.radiusSmall
            ColumnLayout {
                anchors.fill: parent
                anchors.margins: 18
                spacing: 6
                Repeater {
                    model: Kiosk.session.receiptHeader
                    delegate: Text {
                        required property string modelData
                        required property int index
                        objectName: "data.receiptHeader"
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        text: modelData
                        font.pixelSize: index === 0 ? Kiosk.theme.fontSize : Kiosk.theme.smallSize
                        font.bold: index === 0
                        color: "black"
                        wrapMode: Text.WordWrap
                    }
                }
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: 2
                    color: "black"
                }
                ListView {
                    objectName: "receiptLines"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: 6
                    model: Kiosk.session.receiptLines
                    delegate: Text {
                        required property string modelData
                        objectName: "data.receiptLine"
                        width: ListView.view.width
                        text: modelData
                        font.pixelSize: Kiosk.theme.fontSize
                        color: "black"
                        wrapMode: Text.WordWrap
                    }
                }
            }
        }
        // The choices, one above the other beside the receipt, each a tile with its picture:
        // printing (when there is a printer) first and in the library's colour.
        ColumnLayout {
            objectName: "receiptWays"
            visible: !receiptScreen.shown
            Layout.alignment: Qt.AlignTop
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.maximumWidth: 460
            spacing: Kiosk.theme.spacing
            KioskButton {
                objectName: "receipt.print"
                visible: Kiosk.session.offersReceipt("print")
                Layout.fillWidth: true
                Layout.preferredHeight: Kiosk.theme.touchTarget * 1.5
                primary: true
                iconName: "print"
                //: Receipt choice
                text: qsTr("Print")
                onClicked: Kiosk.session.chooseReceipt("print")
            }
            KioskButton {
                objectName: "receipt.email"
                visible: Kiosk.session.offersReceipt("email")
                Layout.fillWidth: true
                Layout.preferredHeight: Kiosk.theme.touchTarget * 1.5
                iconName: "mail"
                //: Receipt choice
                text: qsTr("Email")
                onClicked: Kiosk.session.chooseReceipt("email")
            }
            KioskButton {
                objectName: "receipt.screen"
                Layout.fillWidth: true
                Layout.preferredHeight: Kiosk.theme.touchTarget * 1.5
                primary: !Kiosk.session.offersReceipt("print")
                iconName: "screen"
                //: Receipt choice: show on screen with a QR code
                text: qsTr("Show on screen")
                onClicked: Kiosk.session.chooseReceipt("screen")
            }
            KioskButton {
                objectName: "receipt.none"
                Layout.fillWidth: true
                Layout.preferredHeight: Kiosk.theme.touchTarget * 1.5
                iconName: "none"
                //: Receipt choice
                text: qsTr("No receipt")
                onClicked: Kiosk.session.chooseReceipt("none")
            }
        }
        ColumnLayout {
            visible: receiptScreen.shown
            Layout.alignment: Qt.AlignTop
            spacing: 8
            QrCode {
                objectName: "qr"
                text: Kiosk.session.receiptText
                Layout.preferredWidth: 260
                Layout.preferredHeight: 260
                foreground: "black"
                background: "white"
            }
            Text {
                Layout.preferredWidth: 260
                //: Under the QR code of the receipt
                text: qsTr("Scan with your phone to keep this receipt.")
                font.pixelSize: Kiosk.theme.smallSize
                color: Kiosk.theme.text
                wrapMode: Text.WordWrap
            }
        }
    }
    KioskButton {
        objectName: "done"
        visible: receiptScreen.shown
        Layout.alignment: Qt.AlignRight
        primary: true
        //: Button after the receipt was shown on screen
        text: qsTr("Done")
        onClicked: Kiosk.session.endSession()
    }
}

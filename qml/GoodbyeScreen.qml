// Goodbye: the session is over and everything of the patron is gone from the screen, except what
// was not lent (or not returned) and what to do with it: a patron must not walk to the gate with
// it. After a timeout it says so, so a patron who walked away and came back knows why. It goes back
// to the start by itself, counting down on screen.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

ColumnLayout {
    spacing: Kiosk.theme.spacingLarge
    Item { Layout.fillHeight: true }
    Illustration {
        objectName: "takePicture"
        kind: "take"
        visible: Kiosk.session.endReason !== "timeout"
        size: Kiosk.theme.largeText ? 160 : 220
        Layout.alignment: Qt.AlignHCenter
    }
    Heading {
        objectName: "title"
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        text: Kiosk.session.endReason === "timeout"
              //: Goodbye screen after the idle timeout
              ? qsTr("Your session has ended")
              //: Goodbye screen
              : qsTr("Thank you, goodbye!")
    }
    BodyText {
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        text: Kiosk.session.endReason === "timeout"
              ? qsTr("For your privacy, your details have been cleared from the screen.")
              //: Goodbye screen reminder
              : qsTr("Please take your card and your books.")
    }
    Rectangle {
        objectName: "leftBehind"
        visible: Kiosk.session.leftBehind.length > 0
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: Math.min(parent.width, 900)
        implicitHeight: leftColumn.implicitHeight + 28
        color: Kiosk.theme.surface
        border.width: 3
        border.color: Kiosk.theme.problem
        radius: Kiosk.theme.radius
        ColumnLayout {
            id: leftColumn
            anchors.fill: parent
            anchors.margins: 14
            spacing: 6
            Text {
                Layout.fillWidth: true
                //: Goodbye screen: above the items that were not lent or returned
                text: "! " + qsTr("Before you go:")
                font.pixelSize: Kiosk.theme.fontSize
                font.bold: true
                color: Kiosk.theme.problem
                wrapMode: Text.WordWrap
            }
            Repeater {
                model: Kiosk.session.leftBehind
                delegate: Text {
                    required property string modelData
                    objectName: "data.leftBehind"
                    Layout.fillWidth: true
                    text: modelData
                    font.pixelSize: Kiosk.theme.fontSize
                    color: Kiosk.theme.text
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
    // Back to the start now, or by itself when the ring has emptied.
    RowLayout {
        Layout.alignment: Qt.AlignHCenter
        spacing: Kiosk.theme.spacingXL
        KioskButton {
            objectName: "home"
            Layout.alignment: Qt.AlignVCenter
            iconName: "home"
            primary: true
            //: Button on the goodbye screen: back to the welcome screen
            text: qsTr("Back to start")
            onClicked: Kiosk.session.goHome()
        }
        RowLayout {
            objectName: "goodbyeCountdown"
            Layout.alignment: Qt.AlignVCenter
            spacing: Kiosk.theme.spacing
            visible: Kiosk.session.goodbyeSecondsLeft > 0
            Countdown {
                secondsLeft: Kiosk.session.goodbyeSecondsLeft
                total: 10
                size: Kiosk.theme.largeText ? 64 : 56
                onVisibleChanged: if (visible) total = Math.max(1, Kiosk.session.goodbyeSecondsLeft)
                Layout.alignment: Qt.AlignVCenter
            }
            Text {
                objectName: "countdown"
                Layout.alignment: Qt.AlignVCenter
                //: Goodbye screen: seconds until the welcome screen comes back by itself
                text: qsTr("Back to the start in %1 s").arg(Kiosk.session.goodbyeSecondsLeft)
                font.pixelSize: Kiosk.theme.smallSize
                color: Kiosk.theme.mutedText
            }
        }
    }
    Item { Layout.fillHeight: true }
}

// Says honestly when the library system is not answering or the kiosk is out of order, and when
// the kiosk runs in training mode (nothing done on it is a real loan).
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

ColumnLayout {
    // Hidden as a whole when it has nothing to say: a layout whose children all vanish can keep
    // its old height in Qt 6.4 and push the screen below it out of place.
    visible: Kiosk.session.modeText !== "" || Kiosk.session.training
    spacing: 0
    Rectangle {
        objectName: "modeBanner"
        Layout.fillWidth: true
        visible: Kiosk.session.modeText !== ""
        implicitHeight: visible ? Math.max(modeLabel.implicitHeight, Kiosk.theme.fontSize * 1.5) + 20 : 0
        color: Kiosk.theme.warningBackground
        border.color: Kiosk.theme.problem
        border.width: Kiosk.theme.highContrast ? 3 : 0
        Rectangle { width: parent.width; height: 3; anchors.bottom: parent.bottom; color: Kiosk.theme.problem }
        RowLayout {
            anchors.fill: parent
            anchors.margins: 10
            anchors.leftMargin: Kiosk.theme.spacingLarge
            spacing: Kiosk.theme.spacing
            Icon {
                name: Kiosk.session.mode === "out-of-order" ? "alert" : "offline"
                size: Kiosk.theme.fontSize * 1.5
                color: Kiosk.theme.problem
                Layout.alignment: Qt.AlignVCenter
            }
            Text {
                id: modeLabel
                Layout.fillWidth: true
                text: Kiosk.session.modeText
                font.pixelSize: Kiosk.theme.fontSize
                font.bold: true
                color: Kiosk.theme.text
                wrapMode: Text.WordWrap
            }
        }
    }
    Rectangle {
        Layout.fillWidth: true
        visible: Kiosk.session.training
        implicitHeight: visible ? trainingLabel.implicitHeight + 12 : 0
        color: Kiosk.theme.accent
        Text {
            id: trainingLabel
            anchors.fill: parent
            anchors.margins: 6
            //: Banner on a kiosk used to teach staff; loans made on it are not real
            text: qsTr("Training mode: nothing done here is a real loan")
            font.pixelSize: Kiosk.theme.smallSize
            font.bold: true
            color: Kiosk.theme.accentText
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
    }
}

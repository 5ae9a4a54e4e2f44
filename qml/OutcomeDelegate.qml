// One item on the checkout or return screen: title, then what happened in words (due date, the
// library system's reason, where to put it), with a ✓ or ! mark besides the colour.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Rectangle {
    id: row
    objectName: "resultRow"
    required property string title
    required property string text
    required property string hint
    required property bool ok
    required property bool provisional
    required property bool seeStaff
    required property bool ilsGiven

    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: column.implicitHeight + 20
    color: Kiosk.theme.surface
    border.width: ok ? 1 : 3
    border.color: ok ? Kiosk.theme.border : Kiosk.theme.problem
    radius: 8

    RowLayout {
        anchors.fill: parent
        anchors.margins: 10
        spacing: 14
        Text {
            text: row.ok ? "✓" : "!"
            font.pixelSize: Kiosk.theme.titleSize
            font.bold: true
            color: row.ok ? Kiosk.theme.good : Kiosk.theme.problem
            Layout.alignment: Qt.AlignTop
        }
        ColumnLayout {
            id: column
            Layout.fillWidth: true
            spacing: 4
            Text {
                objectName: "data.title"
                Layout.fillWidth: true
                text: row.title
                font.pixelSize: Kiosk.theme.fontSize
                font.bold: true
                color: Kiosk.theme.text
                wrapMode: Text.WordWrap
            }
            Text {
                objectName: "outcomeText"
                // The library system's own words are shown as it gave them.
                property bool ilsGiven: row.ilsGiven
                Layout.fillWidth: true
                text: row.text
                font.pixelSize: Kiosk.theme.fontSize
                color: row.ok ? Kiosk.theme.text : Kiosk.theme.problem
                wrapMode: Text.WordWrap
            }
            Text {
                Layout.fillWidth: true
                visible: row.hint !== ""
                text: row.hint
                font.pixelSize: Kiosk.theme.smallSize
                color: Kiosk.theme.mutedText
                wrapMode: Text.WordWrap
            }
            Text {
                Layout.fillWidth: true
                visible: !row.ok && row.seeStaff
                //: Shown under an item that could not be processed
                text: qsTr("Please take this item to the desk.")
                font.pixelSize: Kiosk.theme.smallSize
                color: Kiosk.theme.mutedText
                wrapMode: Text.WordWrap
            }
        }
    }
}

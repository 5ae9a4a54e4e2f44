// One item on the checkout or return screen: title, the due date short and bold ("līdz
// 26.12.2026."), then what happened in our words (never the library system's as the main line),
// where to put it, and the library system's own words small and last when no code of ours fits.
// A ✓ or ! mark besides the colour.
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
    required property string due
    required property string ilsText

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
            // What happened, and on the same line when it fits, the due date short and bold.
            Flow {
                id: outcomeLine
                Layout.fillWidth: true
                spacing: 10
                Text {
                    objectName: "outcomeText"
                    width: Math.min(implicitWidth, outcomeLine.width)
                    text: row.text
                    font.pixelSize: Kiosk.theme.fontSize
                    color: row.ok ? Kiosk.theme.text : Kiosk.theme.problem
                    wrapMode: Text.WordWrap
                }
                Text {
                    objectName: "dueText"
                    width: Math.min(implicitWidth, outcomeLine.width)
                    visible: row.due !== ""
                    text: row.due
                    font.pixelSize: Kiosk.theme.fontSize
                    font.bold: true
                    color: Kiosk.theme.text
                    wrapMode: Text.WordWrap
                }
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
            Text {
                objectName: "ilsText"
                // The library system's own words, as it gave them: small, secondary, and only
                // when no code of ours says what happened (a refusal it explained itself).
                property bool ilsGiven: row.ilsGiven
                Layout.fillWidth: true
                visible: row.ilsText !== ""
                text: row.ilsText
                font.pixelSize: Kiosk.theme.smallSize
                font.italic: true
                color: Kiosk.theme.mutedText
                wrapMode: Text.WordWrap
            }
        }
    }
}

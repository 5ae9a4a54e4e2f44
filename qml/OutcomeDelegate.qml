// One item on the checkout or return screen: a round ✓ or ! mark in a column of its own width, the
// title, and beside it what happened in our words (never the library system's as the main line)
// with the due date short and bold ("līdz 26.12.2026."); below, where to put it, as large as the
// title, with a picture of the trolley, box or shelf and the sign the branch has over it; and the
// library system's own words small and last when no code of ours fits.
import QtQuick
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
    required property string destination
    required property string sign
    required property string signColour

    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: Math.max(column.height, mark.height) + 12
    color: Kiosk.theme.surface
    border.width: Kiosk.theme.highContrast ? (ok ? 1 : 3) : 0
    border.color: ok ? Kiosk.theme.border : Kiosk.theme.problem
    radius: Kiosk.theme.radius
    Rectangle {  // a refusal's edge
        visible: !row.ok && !Kiosk.theme.highContrast
        width: 6
        height: parent.height
        radius: 3
        color: Kiosk.theme.problem
    }

    // One line per item when it fits (a stack of five in view without scrolling at 1280×800):
    // the mark in a column of its own width, the title, and at the right what happened with the
    // due date; what to do, and the library system's words, on lines below only when there are any.
    // Positioners and anchors, not layouts: a Text's height follows the width it is given, and a
    // ColumnLayout kept the height a line had while the row was still narrow (Qt 6.4: a gap under
    // the title and the last line outside the row).
    Item {
        anchors.fill: parent
        anchors.leftMargin: Kiosk.theme.spacing
        anchors.rightMargin: Kiosk.theme.spacing
        anchors.topMargin: 6
        anchors.bottomMargin: 6
        StatusIcon {
            id: mark
            ok: row.ok
            y: Math.max(0, titleText.y + (titleText.font.pixelSize * 1.4 - height) / 2)  // on the title's line
        }
        Column {
            id: column
            anchors.left: mark.right
            anchors.leftMargin: Kiosk.theme.spacing
            anchors.right: parent.right
            spacing: 4
            // The title, and at its right what happened with the due date short and bold: on one
            // line when both fit half the row, else one above the other, each wrapping there.
            Item {
                id: firstLine
                width: column.width
                height: Math.max(titleText.height, outcomeBlock.height)
                readonly property real half: width / 2
                // Natural widths measured apart from the Texts (whose implicit width follows the
                // width they are given once they wrap).
                readonly property real outcomeWidth: Math.ceil(outcomeMetrics.advanceWidth) + 2
                readonly property real dueWidth: row.due !== "" ? Math.ceil(dueMetrics.advanceWidth) + 2 : 0
                readonly property bool oneLine: outcomeWidth + (dueWidth > 0 ? 10 + dueWidth : 0) <= half
                TextMetrics { id: outcomeMetrics; font: outcomeText.font; text: row.text }
                TextMetrics { id: dueMetrics; font: dueText.font; text: row.due }
                Text {
                    id: titleText
                    objectName: "data.title"
                    anchors.left: parent.left
                    width: Math.max(0, parent.width - outcomeBlock.width - 16)
                    text: row.title
                    font.pixelSize: Kiosk.theme.fontSize
                    font.bold: true
                    color: Kiosk.theme.text
                    wrapMode: Text.WordWrap
                }
                Item {
                    id: outcomeBlock
                    anchors.right: parent.right
                    width: firstLine.oneLine
                           ? firstLine.outcomeWidth + (firstLine.dueWidth > 0 ? 10 + firstLine.dueWidth : 0)
                           : Math.min(Math.max(firstLine.outcomeWidth, firstLine.dueWidth), firstLine.half)
                    height: firstLine.oneLine ? Math.max(outcomeText.height, dueText.visible ? dueText.height : 0)
                                              : outcomeText.height + (dueText.visible ? dueText.height : 0)
                    Text {
                        id: outcomeText
                        objectName: "outcomeText"
                        width: Math.min(firstLine.outcomeWidth, outcomeBlock.width)
                        text: row.text
                        font.pixelSize: Kiosk.theme.fontSize
                        color: row.ok ? Kiosk.theme.text : Kiosk.theme.problem
                        wrapMode: Text.WordWrap
                    }
                    Text {
                        id: dueText
                        objectName: "dueText"
                        x: firstLine.oneLine ? outcomeText.width + 10 : 0
                        y: firstLine.oneLine ? 0 : outcomeText.height
                        width: Math.min(firstLine.dueWidth, outcomeBlock.width)
                        visible: row.due !== ""
                        text: row.due
                        font.pixelSize: Kiosk.theme.fontSize
                        font.bold: true
                        color: Kiosk.theme.text
                        wrapMode: Text.WordWrap
                    }
                }
            }
            // Where it goes: the one thing a returning patron must do, as large as the title, with
            // the picture of the place and its sign as the branch painted it.
            Row {
                objectName: "destination"
                width: column.width
                visible: row.hint !== ""
                spacing: Kiosk.theme.spacing
                Image {
                    id: place
                    // A sort bin is the library's own (a trolley, a box, a shelf): its name and sign say it.
                    visible: row.destination !== "" && row.destination !== "bin"
                    source: visible ? "pictures/" + row.destination + ".svg" : ""
                    sourceSize.height: 112
                    height: visible ? 56 : 0
                    width: visible ? 74 : 0
                    fillMode: Image.PreserveAspectFit
                    anchors.verticalCenter: parent.verticalCenter
                }
                SignPlate {
                    id: plate
                    label: row.sign
                    colour: row.signColour
                    visible: row.sign !== "" || row.signColour !== ""
                    anchors.verticalCenter: parent.verticalCenter
                }
                Text {
                    objectName: "hint"
                    width: column.width - (place.visible ? place.width + Kiosk.theme.spacing : 0)
                           - (plate.visible ? plate.width + Kiosk.theme.spacing : 0)
                    anchors.verticalCenter: parent.verticalCenter
                    text: row.hint
                    font.pixelSize: Kiosk.theme.fontSize
                    font.bold: row.destination !== ""
                    color: Kiosk.theme.text
                    wrapMode: Text.WordWrap
                }
            }
            Text {
                width: column.width
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
                width: column.width
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

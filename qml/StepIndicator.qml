// Where the patron is in what they came for: "1 Card · 2 Books · 3 Receipt" for borrowing, "1 Books
// · 2 Receipt" for returns, "1 Card · 2 My account" for the account. A step done carries a ✓, the
// current one is filled with the library's colour and bold, the next ones are outlined: told by
// shape and weight as well as colour. Hidden where the screen is not a step (welcome, goodbye, staff).
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

RowLayout {
    id: steps
    objectName: "steps"
    spacing: Kiosk.theme.spacingSmall
    readonly property var flowSteps: {
        const card = { screens: ["identify"],
                       //: Step indicator: the step where the patron shows the library card and types the PIN
                       label: qsTr("Card") }
        const books = { screens: ["checkout", "return"],
                        //: Step indicator: the step where the books are laid on the pad
                        label: qsTr("Books") }
        const receipt = { screens: ["receipt", "receipt-shown"],
                          //: Step indicator: the step where the patron chooses a receipt
                          label: qsTr("Receipt") }
        const account = { screens: ["account", "hold"],
                          //: Step indicator: the patron's account (loans, reservations, fines)
                          label: qsTr("Account") }
        switch (Kiosk.session.flow) {
        case "borrow": return [card, books, receipt]
        case "return": return [books, receipt]
        case "account": return [card, account, receipt]
        default: return []
        }
    }
    readonly property int current: {
        for (let i = 0; i < flowSteps.length; ++i)
            if (flowSteps[i].screens.indexOf(Kiosk.session.screen) >= 0) return i
        return -1
    }
    visible: current >= 0
    Accessible.role: Accessible.StaticText
    //: Step indicator for screen readers: %1 is the step's number, %2 how many steps, %3 its name
    Accessible.name: current >= 0 ? qsTr("Step %1 of %2: %3").arg(current + 1).arg(flowSteps.length).arg(flowSteps[current].label) : ""

    Repeater {
        model: steps.flowSteps
        delegate: RowLayout {
            id: step
            required property var modelData
            required property int index
            readonly property bool done: index < steps.current
            readonly property bool here: index === steps.current
            spacing: Kiosk.theme.spacingSmall
            Rectangle {  // the line from the step before
                visible: step.index > 0
                implicitWidth: Kiosk.theme.spacingLarge
                implicitHeight: 3
                color: step.done || step.here ? Kiosk.theme.accent : Kiosk.theme.border
                Layout.alignment: Qt.AlignVCenter
            }
            Rectangle {
                readonly property real size: Kiosk.theme.largeText ? 40 : 34
                implicitWidth: size
                implicitHeight: size
                radius: size / 2
                color: step.here || step.done ? Kiosk.theme.accent : Kiosk.theme.surface
                border.width: step.here || step.done ? 0 : 2
                border.color: Kiosk.theme.border
                Layout.alignment: Qt.AlignVCenter
                Text {
                    anchors.centerIn: parent
                    visible: !step.done
                    text: step.index + 1
                    font.pixelSize: Kiosk.theme.smallSize
                    font.bold: true
                    color: step.here ? Kiosk.theme.accentText : Kiosk.theme.text
                }
                Icon {
                    anchors.centerIn: parent
                    visible: step.done
                    name: "check"
                    size: parent.size * 0.75
                    strokeWidth: 5
                    color: Kiosk.theme.accentText
                }
            }
            Text {
                objectName: "stepLabel"
                text: step.modelData.label
                font.pixelSize: Kiosk.theme.smallSize
                font.bold: step.here
                color: step.here ? Kiosk.theme.text : Kiosk.theme.mutedText
                Layout.alignment: Qt.AlignVCenter
            }
        }
    }
}

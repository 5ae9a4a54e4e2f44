// Place a hold: the book laid on the pad (or scanned) names the item — its number can still be
// typed — and the branch to pick it up at, chosen from a list with large rows.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Lasis.Kiosk

ScreenScaffold {
    id: holdScreen
    spacing: Kiosk.theme.spacing
    //: Reserve screen title
    title: qsTr("Reserve an item")
    property string pickup: Kiosk.session.pickupBranches.length > 0 ? Kiosk.session.pickupBranches[0].code : ""

    Connections {
        target: Kiosk.session
        function onWiped() { item.clear() }
        function onHoldItemChanged() { if (Kiosk.session.holdItem !== "") item.text = Kiosk.session.holdItem }
    }
    BodyText {
        // While the number is typed the keyboard takes half the screen: the field says what it
        // wants and the branches need the room (large text: a row of 80 px must stay whole).
        visible: !item.activeFocus
        //: Reserve screen instructions
        text: qsTr("Lay the book you want to reserve on the pad, or type its number. Then choose where you will pick it up.")
    }
    TextField {
        id: item
        objectName: "itemField"
        Layout.fillWidth: true
        Layout.preferredHeight: Kiosk.theme.touchTarget
        font.pixelSize: Kiosk.theme.fontSize
        inputMethodHints: Qt.ImhNoPredictiveText
        //: Placeholder of the item number field
        placeholderText: qsTr("Item number")
        color: Kiosk.theme.text
        placeholderTextColor: Kiosk.theme.mutedText
        background: Rectangle { color: Kiosk.theme.surface; border.color: Kiosk.theme.border; border.width: item.activeFocus ? 4 : 2; radius: 6 }
        Accessible.name: qsTr("Item number")
    }
    BodyText {
        //: Label above the list of branches
        text: qsTr("Pick up at:")
    }
    ListView {
        objectName: "branches"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 6
        model: Kiosk.session.pickupBranches
        delegate: KioskButton {
            required property var modelData
            objectName: "branch." + modelData.code
            width: ListView.view.width
            text: (holdScreen.pickup === modelData.code ? "✓ " : "") + modelData.name
            primary: holdScreen.pickup === modelData.code
            onClicked: holdScreen.pickup = modelData.code
        }
    }
    NoticeBar {}
    RowLayout {
        Layout.fillWidth: true
        spacing: Kiosk.theme.spacing
        KioskButton {
            objectName: "back"
            text: qsTr("Back")
            onClicked: Kiosk.session.showAccount()
        }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "reserve"
            primary: true
            enabled: !Kiosk.session.busy
            //: Button: place the reservation
            text: qsTr("Reserve")
            onClicked: Kiosk.session.placeHold(item.text, holdScreen.pickup)
        }
    }
}

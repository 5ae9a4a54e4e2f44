// The PIN step's own keypad, beside the PIN field: the phone and bank-terminal order (1-2-3 on
// top, then 4-5-6, 7-8-9, and Delete, 0, OK on the bottom row), keys of at least 72 px labelled in
// words, nothing else. The Qt Virtual Keyboard never opens for a PIN: it would cover the screen.
// The pad holds no digits itself: it says which key was pressed.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

GridLayout {
    id: pad
    objectName: "pinPad"
    signal digit(string d)
    signal remove()
    signal accepted()
    property bool okEnabled: true

    columns: 3
    rowSpacing: 10
    columnSpacing: 10
    // Every key as wide as the widest label needs, and at least 72 px each way (88 in large text).
    readonly property int keyHeight: Math.max(72, Kiosk.theme.touchTarget + 8)
    readonly property int keyWidth: Math.max(keyHeight, deleteKey.implicitWidth, okKey.implicitWidth)

    Repeater {
        model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
        delegate: KioskButton {
            required property string modelData
            objectName: "pinKey" + modelData
            text: modelData
            font.pixelSize: Kiosk.theme.titleSize
            Layout.preferredWidth: pad.keyWidth
            Layout.preferredHeight: pad.keyHeight
            // A key takes the focus from a text field: the keyboard goes when the pad is used.
            onClicked: { forceActiveFocus(); pad.digit(modelData) }
            Accessible.name: modelData
        }
    }
    KioskButton {
        id: deleteKey
        objectName: "pinKeyDelete"
        //: PIN pad key: remove the last digit typed
        text: qsTr("Delete")
        danger: true
        Layout.preferredWidth: pad.keyWidth
        Layout.preferredHeight: pad.keyHeight
        onClicked: { forceActiveFocus(); pad.remove() }
    }
    KioskButton {
        objectName: "pinKey0"
        text: "0"
        font.pixelSize: Kiosk.theme.titleSize
        Layout.preferredWidth: pad.keyWidth
        Layout.preferredHeight: pad.keyHeight
        onClicked: { forceActiveFocus(); pad.digit("0") }
        Accessible.name: "0"
    }
    KioskButton {
        id: okKey
        objectName: "pinKeyOk"
        //: PIN pad key: log in with the card and the PIN typed
        text: qsTr("OK")
        primary: true
        enabled: pad.okEnabled
        Layout.preferredWidth: pad.keyWidth
        Layout.preferredHeight: pad.keyHeight
        onClicked: { forceActiveFocus(); pad.accepted() }
    }
}

// On every screen: the language switch (each language named in itself), large text, high
// contrast and spoken output. A patron can change these at any moment without losing anything.
// The buttons wrap to a second row when large text makes them wider than the screen.
import QtQuick
import Lasis.Kiosk

Rectangle {
    id: bar
    implicitHeight: flow.implicitHeight + 16
    color: Kiosk.theme.surface
    border.color: Kiosk.theme.border
    border.width: 1

    Flow {
        id: flow
        x: 8
        y: 8
        width: bar.width - 16
        spacing: 8

        Repeater {
            model: Kiosk.language.languages
            delegate: KioskButton {
                required property var modelData
                objectName: "language." + modelData.code
                text: modelData.name
                primary: Kiosk.language.current === modelData.code
                implicitWidth: Math.max(Kiosk.theme.touchTarget * 2, contentItem.implicitWidth + 24)
                onClicked: Kiosk.language.setLanguage(modelData.code)
                Accessible.name: modelData.name
            }
        }
        Item { width: Kiosk.theme.spacing * 2; height: 1 }
        KioskButton {
            objectName: "largeText"
            //: Toggle for bigger letters on every screen
            text: qsTr("Larger text")
            checkable: true
            checked: Kiosk.theme.largeText
            primary: checked
            onToggled: Kiosk.theme.largeText = checked
        }
        KioskButton {
            objectName: "highContrast"
            //: Toggle for the high-contrast colours
            text: qsTr("High contrast")
            checkable: true
            checked: Kiosk.theme.highContrast
            primary: checked
            onToggled: Kiosk.theme.highContrast = checked
        }
        KioskButton {
            objectName: "speech"
            visible: Kiosk.speaker.speechAvailable
            //: Toggle for reading the screen aloud
            text: qsTr("Read aloud")
            checkable: true
            checked: Kiosk.speaker.speechOn
            primary: checked
            onToggled: Kiosk.speaker.speechOn = checked
        }
    }
}

// On every screen: the language switch (each language named in itself) and one "Accessibility"
// button that opens the panel with larger text, high contrast and read-aloud. One row, never
// wrapped: five languages and one button fit 1280 px in every language and text size (the
// window test checks it), so the screens below always get the same height.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Rectangle {
    id: bar
    objectName: "topBar"
    implicitHeight: row.implicitHeight + 16
    color: Kiosk.theme.surface
    border.color: Kiosk.theme.border
    border.width: 1

    /// The patron asked for the accessibility panel (Main.qml opens it).
    signal accessibilityRequested()

    RowLayout {
        id: row
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
                // Narrower padding than other buttons: Українська and Доступність in large text
                // need it to stay on one row (still 120+ px wide, 80 px tall).
                implicitWidth: Math.max(Kiosk.theme.touchTarget * 1.5, contentItem.implicitWidth + 32)
                Layout.minimumWidth: implicitWidth  // never squeezed: too wide shows as outside the window
                onClicked: Kiosk.language.setLanguage(modelData.code)
                Accessible.name: modelData.name
            }
        }
        Item { Layout.fillWidth: true; Layout.minimumWidth: Kiosk.theme.spacing }
        KioskButton {
            objectName: "accessibility"
            implicitWidth: Math.max(Kiosk.theme.touchTarget * 2, contentItem.implicitWidth + 32)
            Layout.minimumWidth: implicitWidth
            // Marked while any of its settings is on, so a patron sees where to turn it off.
            primary: Kiosk.theme.largeText || Kiosk.theme.highContrast
            //: Top bar button opening larger text, high contrast and read-aloud
            text: qsTr("Accessibility")
            onClicked: bar.accessibilityRequested()
        }
    }
}

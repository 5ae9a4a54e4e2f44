// On every screen: the language switch (each language named in itself; in large text one button
// naming the current language, opening the list: the five do not fit beside the rest), one "Accessibility"
// button that opens the panel with larger text, high contrast and read-aloud, and "Call staff"
// (not on the staff screen: staff are there already). One row, never wrapped: five languages and
// two buttons fit 1280 px in every language and text size (the window test checks it), so the
// screens below always get the same height and the whole width: help takes nothing from a screen.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Rectangle {
    id: bar
    objectName: "topBar"
    implicitHeight: row.implicitHeight + 16
    color: Kiosk.theme.surface
    // Its lower edge: a hairline (a white rule in high contrast), no box around it.
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: Kiosk.theme.highContrast ? 2 : 1
        color: Kiosk.theme.highContrast ? Kiosk.theme.border : Qt.rgba(0, 0, 0, 0.15)
    }

    /// The patron asked for the accessibility panel (Main.qml opens it).
    signal accessibilityRequested()
    /// The patron asked for the list of languages (large text: Main.qml opens it).
    signal languagesRequested()
    readonly property bool compact: Kiosk.theme.largeText

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
                visible: !Kiosk.theme.largeText  // bar.compact (a delegate reaches the bar only through the theme)
                text: modelData.name
                primary: Kiosk.language.current === modelData.code
                // Narrower padding than other buttons: Українська and Доступність in large text
                // need it to stay on one row (still 120+ px wide, 80 px tall).
                implicitWidth: Math.max(Kiosk.theme.touchTarget * 1.5, contentItem.implicitWidth + 32)
                Layout.minimumWidth: implicitWidth  // never squeezed: too wide shows as outside the window
                Layout.fillHeight: true  // one height for the whole row
                onClicked: Kiosk.language.setLanguage(modelData.code)
                Accessible.name: modelData.name
            }
        }
        KioskButton {
            objectName: "languageMenu"
            visible: bar.compact
            implicitWidth: Math.max(Kiosk.theme.touchTarget * 2, contentItem.implicitWidth + 32)
            Layout.minimumWidth: implicitWidth
            Layout.fillHeight: true
            text: {
                for (const l of Kiosk.language.languages)
                    if (l.code === Kiosk.language.current) return l.name + " ▾"
                return Kiosk.language.current
            }
            onClicked: bar.languagesRequested()
        }
        Item { Layout.fillWidth: true; Layout.minimumWidth: Kiosk.theme.spacing }
        KioskButton {
            objectName: "accessibility"
            implicitWidth: Math.max(Kiosk.theme.touchTarget * 2, contentItem.implicitWidth + 32)
            Layout.minimumWidth: implicitWidth
            Layout.fillHeight: true
            // Marked while any of its settings is on, so a patron sees where to turn it off.
            primary: Kiosk.theme.largeText || Kiosk.theme.highContrast
            //: Top bar button opening larger text, high contrast and read-aloud
            text: qsTr("Accessibility")
            onClicked: bar.accessibilityRequested()
        }
        CallStaffButton {
            Layout.minimumWidth: implicitWidth
            Layout.fillHeight: true
            visible: Kiosk.session.screen !== "staff"
        }
    }
}

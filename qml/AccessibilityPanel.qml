// The accessibility settings, opened from the top bar's one button: larger text, high contrast,
// read-aloud with Repeat and Slower (only where the kiosk has a voice), and a close button. Laid over the screen with
// the screen behind dimmed and waiting (as the timeout warning is); `modal` tells the geometry
// check that only the panel's controls can be reached while it is open. A session's wipe closes it.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

KioskDialog {
    id: panel
    objectName: "accessibilityPanel"
    property bool open: false
    visible: open
    closeOnTapOutside: true
    onDismissed: panel.open = false
    //: Title of the accessibility panel
    title: qsTr("Accessibility")

    Connections {
        target: Kiosk.session
        function onWiped() { panel.open = false }
    }
    KioskButton {
        objectName: "largeText"
        Layout.fillWidth: true
        //: Toggle for bigger letters on every screen
        text: (checked ? "✓ " : "") + qsTr("Larger text")
        checkable: true
        checked: Kiosk.theme.largeText
        primary: checked
        onToggled: Kiosk.theme.largeText = checked
    }
    KioskButton {
        objectName: "highContrast"
        Layout.fillWidth: true
        //: Toggle for the high-contrast colours
        text: (checked ? "✓ " : "") + qsTr("High contrast")
        checkable: true
        checked: Kiosk.theme.highContrast
        primary: checked
        onToggled: Kiosk.theme.highContrast = checked
    }
    KioskButton {
        objectName: "reducedMotion"
        Layout.fillWidth: true
        //: Toggle: the pictures stop moving and nothing slides
        text: (checked ? "✓ " : "") + qsTr("Less movement")
        checkable: true
        checked: Kiosk.theme.reducedMotion
        primary: checked
        onToggled: Kiosk.theme.reducedMotion = checked
    }
    KioskButton {
        objectName: "speech"
        Layout.fillWidth: true
        visible: Kiosk.speaker.speechAvailable
        //: Toggle for reading the screen aloud
        text: (checked ? "✓ " : "") + qsTr("Read aloud")
        checkable: true
        checked: Kiosk.speaker.speechOn
        primary: checked
        // Turned on: the panel is read, so the patron hears Repeat and Slower are here.
        onToggled: checked ? Kiosk.speaker.start() : Kiosk.speaker.speechOn = false
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Kiosk.theme.spacing
        visible: Kiosk.speaker.speechAvailable && Kiosk.speaker.speechOn
        KioskButton {
            objectName: "speechRepeat"
            Layout.fillWidth: true
            //: Says the last thing read aloud again
            text: qsTr("Repeat")
            onClicked: Kiosk.speaker.repeat()
        }
        KioskButton {
            objectName: "speechSlower"
            Layout.fillWidth: true
            //: Toggle for reading aloud more slowly
            text: (checked ? "✓ " : "") + qsTr("Slower")
            checkable: true
            checked: Kiosk.speaker.slow
            primary: checked
            onToggled: Kiosk.speaker.slow = checked
        }
    }
    KioskButton {
        objectName: "accessibilityClose"
        Layout.fillWidth: true
        Layout.topMargin: 8
        //: Closes the accessibility panel
        text: qsTr("Close")
        onClicked: panel.open = false
    }
}

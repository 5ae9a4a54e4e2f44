// The five languages as a list, opened from the top bar's one language button when the text is
// large (five named languages, Accessibility and Call staff do not fit one row in large text; in
// normal text the bar shows the five itself). Each language named in itself; a tap chooses it and
// closes the panel. Laid over the screen like the accessibility panel; a session's wipe closes it.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

KioskDialog {
    id: panel
    objectName: "languagePanel"
    property bool open: false
    visible: open
    closeOnTapOutside: true
    onDismissed: panel.open = false

    Connections {
        target: Kiosk.session
        function onWiped() { panel.open = false }
    }
    Repeater {
        model: Kiosk.language.languages
        delegate: KioskButton {
            required property var modelData
            objectName: "language." + modelData.code
            Layout.fillWidth: true
            text: (Kiosk.language.current === modelData.code ? "✓ " : "") + modelData.name
            primary: Kiosk.language.current === modelData.code
            Accessible.name: modelData.name
            onClicked: {
                Kiosk.language.setLanguage(modelData.code)
                panel.open = false
            }
        }
    }
}

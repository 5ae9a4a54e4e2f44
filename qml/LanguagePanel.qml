// The five languages as a list, opened from the top bar's one language button when the text is
// large (five named languages, Accessibility and Call staff do not fit one row in large text; in
// normal text the bar shows the five itself). Each language named in itself; a tap chooses it and
// closes the panel. Laid over the screen like the accessibility panel; a session's wipe closes it.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

Rectangle {
    id: panel
    objectName: "languagePanel"
    readonly property bool modal: true
    property bool open: false
    visible: open
    color: Qt.rgba(0, 0, 0, 0.6)

    Connections {
        target: Kiosk.session
        function onWiped() { panel.open = false }
    }
    MouseArea { anchors.fill: parent; onClicked: panel.open = false }  // a tap beside it closes it

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 820)
        height: Math.min(parent.height - 40, box.implicitHeight + 60)
        radius: 12
        color: Kiosk.theme.surface
        border.color: Kiosk.theme.border
        border.width: 4
        MouseArea { anchors.fill: parent }  // taps on the panel's background stay in it
        ColumnLayout {
            id: box
            anchors.fill: parent
            anchors.margins: 30
            spacing: 12
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
    }
}

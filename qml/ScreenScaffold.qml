// Every step's screen: its title with, at the right, where the patron is in what they came for
// (StepIndicator); what the screen holds follows below, on the theme's spacing.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

ColumnLayout {
    id: scaffold
    /// The screen's main message (read aloud when the screen opens).
    property string title
    spacing: Kiosk.theme.spacing
    RowLayout {
        Layout.fillWidth: true
        spacing: Kiosk.theme.spacingLarge
        Heading {
            objectName: "title"
            text: scaffold.title
        }
        StepIndicator {
            Layout.alignment: Qt.AlignTop | Qt.AlignRight
            Layout.topMargin: 4
        }
    }
}

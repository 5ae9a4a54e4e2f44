// Seconds left, as a ring that empties and the number in its middle (the goodbye screen, the idle
// warning). The ring moves once a second; in reduced-motion mode it steps without gliding.
import QtQuick
import QtQuick.Shapes
import Lasis.Kiosk

Item {
    id: countdown
    property int secondsLeft: 0
    property int total: 10
    property real size: Kiosk.theme.largeText ? 112 : 96
    property color color: Kiosk.theme.accent
    implicitWidth: size
    implicitHeight: size
    property real fraction: total > 0 ? Math.max(0, Math.min(1, secondsLeft / total)) : 0
    Behavior on fraction { NumberAnimation { duration: Kiosk.theme.reducedMotion ? 0 : 900; easing.type: Easing.Linear } }

    Shape {
        anchors.fill: parent
        antialiasing: true
        ShapePath {
            strokeColor: Kiosk.theme.highContrast ? Kiosk.theme.border : Qt.rgba(0, 0, 0, 0.12)
            strokeWidth: countdown.size / 12
            fillColor: "transparent"
            PathAngleArc {
                centerX: countdown.size / 2; centerY: countdown.size / 2
                radiusX: countdown.size / 2 - countdown.size / 20; radiusY: radiusX
                startAngle: 0; sweepAngle: 360
            }
        }
        ShapePath {
            strokeColor: countdown.color
            strokeWidth: countdown.size / 12
            fillColor: "transparent"
            capStyle: ShapePath.RoundCap
            PathAngleArc {
                centerX: countdown.size / 2; centerY: countdown.size / 2
                radiusX: countdown.size / 2 - countdown.size / 20; radiusY: radiusX
                startAngle: -90; sweepAngle: 360 * countdown.fraction
            }
        }
    }
    Text {
        objectName: "countdownSeconds"
        anchors.centerIn: parent
        text: countdown.secondsLeft
        font.pixelSize: Math.round(countdown.size * 0.38)
        font.bold: true
        color: Kiosk.theme.text
    }
}

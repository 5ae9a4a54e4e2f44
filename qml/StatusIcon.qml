// A result's mark: a filled circle of a fixed size with a ✓ or a !, so that every title beside it
// starts at the same place and nothing is told by colour alone (the shape differs too).
import QtQuick
import Lasis.Kiosk

Rectangle {
    id: mark
    property bool ok: true
    property real size: Kiosk.theme.largeText ? 40 : 32
    width: size
    height: size
    radius: size / 2
    color: ok ? Kiosk.theme.good : Kiosk.theme.problem
    Accessible.ignored: true
    Icon {
        anchors.centerIn: parent
        name: mark.ok ? "check" : "alert"
        size: mark.size * 0.8
        strokeWidth: 5.5
        color: Kiosk.theme.highContrast ? "#000000" : "#ffffff"
    }
}

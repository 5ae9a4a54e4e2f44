// Speech started without sight (EN 301 549 5.1.3): a press held for three seconds anywhere on the
// screen turns reading aloud on and reads the current screen. Over the whole window, yet it takes
// nothing from the screens: a PointHandler only watches (a passive grab), so a tap still reaches
// the button under the finger (a TapHandler here, even with its passive DragThreshold policy, kept
// the buttons of Qt 6.4 from clicking). A held press that became the gesture must not also press
// that button when the finger lifts: the screens are disabled for an instant, which makes the
// button let go of the press without a click.
import QtQuick
import Lasis.Kiosk

Item {
    id: gesture
    objectName: "speechGesture"
    anchors.fill: parent
    z: 1000  // over the panels and the keyboard: held anywhere, it is the gesture
    visible: Kiosk.speaker.speechAvailable

    PointHandler {
        id: finger
        onActiveChanged: {
            if (active) {
                hold.from = finger.point.position
                hold.restart()
            } else {
                hold.stop()
            }
        }
        // A finger that slides (a list scrolled) is not holding still.
        onPointChanged: {
            if (hold.running && (Math.abs(finger.point.position.x - hold.from.x) > 24
                                 || Math.abs(finger.point.position.y - hold.from.y) > 24))
                hold.stop()
        }
    }
    Timer {
        id: hold
        property point from
        interval: 3000
        onTriggered: {
            const screens = gesture.parent
            screens.enabled = false
            screens.enabled = true
            Kiosk.speaker.start()
        }
    }
}

// The pictures of a physical step, drawn in layers over the pad (qml/pictures/, ours): "card" the
// library card laid on the pad, "stack" the books laid on it with the highest stack it reads,
// "take" card, books and receipt lifted off it. A first-time patron sees the movement to make: the
// card or the stack comes down onto the pad (or goes up off it), gently and again every few
// seconds; in reduced-motion mode it stands still where it ends.
import QtQuick
import Lasis.Kiosk

Item {
    id: picture
    property string kind: "card"
    property real size: 320
    implicitWidth: size
    implicitHeight: size * 200 / 320
    Accessible.ignored: true  // the words beside it say the same

    readonly property bool moving: !Kiosk.theme.reducedMotion && visible
    // 0: the thing in the air; 1: where the step ends (on the pad; lifted for "take").
    property real travel: 1
    SequentialAnimation {
        running: picture.moving
        loops: Animation.Infinite
        alwaysRunToEnd: true
        // At rest first (the screen arrives still), then the movement, again every few seconds.
        PauseAnimation { duration: 2200 }
        NumberAnimation { target: picture; property: "travel"; from: 0; to: 1; duration: 1200; easing.type: Easing.OutCubic }
    }
    onMovingChanged: if (!moving) travel = 1

    Image {
        source: "pictures/pad.svg"
        anchors.fill: parent
        sourceSize.width: picture.size * 2
    }
    Image {
        visible: picture.kind === "stack" || picture.kind === "take"
        source: "pictures/stack.svg"
        width: parent.width
        height: parent.height
        sourceSize.width: picture.size * 2
        y: picture.kind === "take" ? -picture.travel * picture.height * 0.25 : -(1 - picture.travel) * picture.height * 0.3
        opacity: picture.kind === "take" ? 1 - picture.travel * 0.3 : 1
    }
    Image {
        visible: picture.kind === "stack"
        source: "pictures/limit.svg"
        anchors.fill: parent
        sourceSize.width: picture.size * 2
    }
    Image {
        visible: picture.kind === "card" || picture.kind === "take"
        source: "pictures/card.svg"
        width: parent.width
        height: parent.height
        sourceSize.width: picture.size * 2
        // The card's canvas has it high up: at rest (travel 1) it lies on the pad.
        x: picture.kind === "take" ? -parent.width * 0.28 : 0
        y: picture.kind === "take" ? parent.height * 0.2 - picture.travel * picture.height * 0.3
                                   : parent.height * 0.28 - (1 - picture.travel) * picture.height * 0.3
        scale: picture.kind === "take" ? 0.7 : 1
    }
    Image {
        visible: picture.kind === "take"
        source: "pictures/receipt.svg"
        width: parent.width
        height: parent.height
        sourceSize.width: picture.size * 2
        x: parent.width * 0.3
        y: parent.height * 0.05 - picture.travel * picture.height * 0.2
        scale: 0.8
    }
}

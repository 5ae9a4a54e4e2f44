// The kiosk's icons: line drawings on a 48×48 grid, ours (no font, no icon theme to go missing), in
// the theme's colours so they follow high contrast. An icon never stands alone: a word is always
// beside it (Accessible.ignored here, the word says it).
import QtQuick
import QtQuick.Shapes
import Lasis.Kiosk

Item {
    id: icon
    required property string name
    property color color: Kiosk.theme.text
    property real size: 48
    property real strokeWidth: 3.5
    implicitWidth: size
    implicitHeight: size
    Accessible.ignored: true

    readonly property var paths: ({
        "borrow": "M6 8 h16 v32 h-16 z M11 8 v32 M28 24 h14 M36 18 l6 6 l-6 6",
        "return": "M6 8 h16 v32 h-16 z M11 8 v32 M42 24 h-14 M34 18 l-6 6 l6 6",
        "account": "M24 6 a8 8 0 1 1 0 16 a8 8 0 1 1 0 -16 M8 42 c0 -10 7 -15 16 -15 c9 0 16 5 16 15",
        "bell": "M13 34 v-11 a11 11 0 0 1 22 0 v11 l4 4 h-30 z M20 43 h8",
        "access": "M24 5 a3.5 3.5 0 1 1 0 7 a3.5 3.5 0 1 1 0 -7 M9 17 l15 3 l15 -3 M24 20 v10 M24 30 l-7 13 M24 30 l7 13",
        "globe": "M24 4 a20 20 0 1 1 0 40 a20 20 0 1 1 0 -40 M4 24 h40 M24 4 c-9 6 -9 34 0 40 M24 4 c9 6 9 34 0 40",
        "check": "M12 25 l8 8 l16 -18",
        "alert": "M24 11 v17 M24 36 v0.5",
        "speaker": "M7 18 h8 l11 -9 v30 l-11 -9 h-8 z M32 18 c3 3 3 9 0 12 M37 13 c6 6 6 16 0 22",
        "card": "M7 11 h34 a3 3 0 0 1 3 3 v20 a3 3 0 0 1 -3 3 h-34 a3 3 0 0 1 -3 -3 v-20 a3 3 0 0 1 3 -3 z M10 29 h12 M4 19 h40",
        "receipt": "M12 4 h24 v40 l-4 -3 l-4 3 l-4 -3 l-4 3 l-4 -3 l-4 3 z M18 14 h12 M18 22 h12 M18 30 h8",
        "print": "M14 18 v-12 h20 v12 M10 34 h-4 v-16 h36 v16 h-4 M14 28 h20 v14 h-20 z",
        "mail": "M6 12 h36 v24 h-36 z M6 12 l18 14 l18 -14",
        "screen": "M6 8 h36 v24 h-36 z M18 40 h12 M24 32 v8",
        "none": "M24 4 a20 20 0 1 1 0 40 a20 20 0 1 1 0 -40 M10 10 l28 28",
        "clock": "M24 4 a20 20 0 1 1 0 40 a20 20 0 1 1 0 -40 M24 13 v11 l7 6",
        "offline": "M14 36 h21 a8 8 0 0 0 1 -16 a12 12 0 0 0 -23 3 a7 7 0 0 0 1 13 z M8 8 l32 32",
        "home": "M6 22 l18 -16 l18 16 M11 18 v24 h26 v-24",
        "reserve": "M12 6 h24 v36 l-12 -9 l-12 9 z",
        "back": "M40 24 h-30 M20 14 l-10 10 l10 10",
        "close": "M12 12 l24 24 M36 12 l-24 24"
    })

    Shape {
        anchors.centerIn: parent
        width: 48
        height: 48
        scale: icon.size / 48
        antialiasing: true
        ShapePath {
            strokeColor: icon.color
            strokeWidth: icon.strokeWidth
            fillColor: "transparent"
            capStyle: ShapePath.RoundCap
            joinStyle: ShapePath.RoundJoin
            PathSvg { path: icon.paths[icon.name] || "" }
        }
    }
}

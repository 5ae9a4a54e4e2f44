// Offline, shown honestly: with the ILS down a return is recorded and marked as to be confirmed,
// the banner says what still works, and the kiosk comes back online by itself.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

// The screens are created in a visible Item: a TestCase itself is not shown.
Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "Offline"
        Component { id: bannerComponent; ModeBanner { width: 1280 } }
        // The window's arrangement (Main.qml): the bar's banner above, the screen below it.
        Component {
            id: windowComponent
            ColumnLayout {
                width: 1280
                height: 800
                spacing: 0
                ModeBanner { Layout.fillWidth: true }
                Item { objectName: "screenBelow"; Layout.fillWidth: true; Layout.fillHeight: true }
            }
        }

        function test_returnWhileTheIlsIsDown() {
            freshStart()
            const tag = sim.putItem("10000010")  // lent by the checkout test, or on the shelf
            sim.ilsDown()
            const banner = createTemporaryObject(bannerComponent, root)
            const window = createTemporaryObject(windowComponent, root)
            const below = findChild(window, "screenBelow")
            Kiosk.session.beginReturn()
            tryCompare(Kiosk.session, "mode", "offline", 30000)
            waitIdle()
            verify(findChild(banner, "modeBanner").visible, "the banner shows")
            verify(Kiosk.session.modeText.indexOf("not answering") >= 0, Kiosk.session.modeText)
            tryCompare(Kiosk.items, "count", 1, 20000)
            compare(sim.security(tag), "secured")
            sim.ilsUp()
            verify(below.y > 0, "the screen starts below the banner")
            tryCompare(Kiosk.session, "mode", "online", 60000)
            verify(!findChild(banner, "modeBanner").visible)
            // Once the banner has nothing to say, the screen takes its place again (in Qt 6.4 a
            // layout whose children had all vanished kept its height: the screen stayed pushed down).
            waitIdle()
            tryCompare(below, "y", 0, 5000)
            compare(below.height, 800)
        }
    }
}

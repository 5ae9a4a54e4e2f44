// Offline, shown honestly: with the ILS down a return is recorded and marked as to be confirmed,
// the banner says what still works, and the kiosk comes back online by itself.
import QtQuick
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

        function test_returnWhileTheIlsIsDown() {
            freshStart()
            const tag = sim.putItem("10000010")  // lent by the checkout test, or on the shelf
            sim.ilsDown()
            const banner = createTemporaryObject(bannerComponent, root)
            Kiosk.session.beginReturn()
            tryCompare(Kiosk.session, "mode", "offline", 30000)
            waitIdle()
            verify(findChild(banner, "modeBanner").visible, "the banner shows")
            verify(Kiosk.session.modeText.indexOf("not answering") >= 0, Kiosk.session.modeText)
            tryCompare(Kiosk.items, "count", 1, 20000)
            compare(sim.security(tag), "secured")
            sim.ilsUp()
            tryCompare(Kiosk.session, "mode", "online", 60000)
            verify(!findChild(banner, "modeBanner").visible)
        }
    }
}

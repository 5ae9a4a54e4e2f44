// The idle timeout: a warning on screen that counts down and can be extended; when it runs out
// the session ends and every trace of the patron is wiped from the screen.
import QtQuick
import Lasis.Kiosk

// The screens are created in a visible Item: a TestCase itself is not shown.
Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "Timeout"
        Component { id: overlayComponent; TimeoutOverlay { width: 1280; height: 800 } }

        function test_warnExtendThenWipe() {
            freshStart()
            loginAs("P100001", "1234")
            tryVerify(() => Kiosk.session.notice !== "", 10000, "an empty pad is said")
            const overlay = createTemporaryObject(overlayComponent, root)
            verify(!overlay.visible)

            sim.skip(62)  // past the 60 s idle time: the 20 s warning begins
            tryVerify(() => overlay.visible, 10000, "the warning shows")
            verify(Kiosk.session.warningSecondsLeft > 0 && Kiosk.session.warningSecondsLeft <= 20, Kiosk.session.warningSecondsLeft)
            const seconds = Kiosk.session.warningSecondsLeft
            tryVerify(() => Kiosk.session.warningSecondsLeft < seconds, 5000, "it counts down")
            press(overlay, "moreTime")
            tryVerify(() => !overlay.visible, 5000)
            waitIdle()  // the engine has restarted its idle time before the clock moves again
            verify(Kiosk.session.loggedIn, "more time keeps the session")

            sim.skip(62)
            tryVerify(() => overlay.visible, 10000)
            sim.skip(20)
            tryCompare(Kiosk.session, "screen", "goodbye", 10000)
            compare(Kiosk.session.endReason, "timeout")
            verify(!overlay.visible)
            compare(Kiosk.session.patronName, "")
            compare(Kiosk.session.patronMessages.length, 0)
            compare(Kiosk.items.count, 0)
            compare(Kiosk.loans.count, 0)
            compare(Kiosk.holds.count, 0)
        }
    }
}

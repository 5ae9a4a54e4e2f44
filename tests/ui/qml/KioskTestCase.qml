// What every kiosk screen test shares: a screen-sized area, helpers to find and press a control
// by its objectName, and a clean start (nobody logged in, empty pad, default language).
import QtQuick
import QtTest
import Lasis.Kiosk

TestCase {
    when: windowShown

    function control(root, name) {
        // Layouts and list delegates appear on the next polish: give them a moment.
        tryVerify(() => findChild(root, name) !== null, 5000, "no control named " + name)
        return findChild(root, name)
    }
    function press(root, name) {
        const c = control(root, name)
        tryVerify(() => c.enabled && c.visible, 10000, name + " never became usable")
        mouseClick(c)
    }
    function type(text) {
        for (let i = 0; i < text.length; ++i) keyClick(text[i])
    }
    // The PIN goes in on the identify screen's own pad (the keyboard never opens for it), then OK.
    function typePin(root, digits) {
        for (let i = 0; i < digits.length; ++i) press(root, "pinKey" + digits[i])
    }
    function waitIdle() {
        tryCompare(Kiosk.session, "busy", false, 30000)
    }
    function freshStart() {
        sim.ilsUp()
        sim.clearPad()
        if (Kiosk.session.loggedIn) {
            Kiosk.session.endSession()
            tryCompare(Kiosk.session, "loggedIn", false, 10000)
        }
        Kiosk.session.goHome()
        tryCompare(Kiosk.session, "screen", "welcome", 10000)
        // Tests read English; the kiosk's default (Latvian) comes back after each visit.
        Kiosk.language.setLanguage("en")
    }
    function loginAs(patron, pin) {
        Kiosk.session.beginBorrow()
        tryCompare(Kiosk.session, "screen", "identify")
        sim.putCard(patron)
        tryCompare(Kiosk.session, "cardOnPad", patron, 10000)
        Kiosk.session.login("", pin)
        tryCompare(Kiosk.session, "loggedIn", true, 15000)
        waitIdle()
    }
}

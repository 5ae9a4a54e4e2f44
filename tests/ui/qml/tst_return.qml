// Return without logging in: every item on the pad is returned and secured again, and each line
// says where the book goes next.
import QtQuick
import Lasis.Kiosk

// The screens are created in a visible Item: a TestCase itself is not shown.
Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "Return"
        Component { id: screenComponent; ReturnScreen { width: 1280; height: 700 } }

        function test_returnNeedsNoLoginAndSaysWhereTheBookGoes() {
            freshStart()
            // Lent first, so there is something to return.
            const tag = sim.putItem("10000008")  // owned by another branch
            loginAs("P100003", "1234")
            tryCompare(Kiosk.items, "okCount", 1, 20000)
            compare(sim.borrower("10000008"), "P100003")
            Kiosk.session.endSession()
            tryCompare(Kiosk.session, "loggedIn", false, 10000)
            Kiosk.session.goHome()
            tryCompare(Kiosk.session, "screen", "welcome", 10000)

            Kiosk.language.setLanguage("en")
            Kiosk.session.beginReturn()
            compare(Kiosk.session.screen, "return")
            verify(!Kiosk.session.loggedIn)
            const page = createTemporaryObject(screenComponent, root)
            tryCompare(Kiosk.items, "okCount", 1, 20000)
            compare(sim.borrower("10000008"), "")
            compare(sim.security(tag), "secured")
            const list = control(page, "items")
            tryCompare(list, "count", 1)
            const row = list.itemAtIndex(0)
            compare(findChild(row, "outcomeText").text, "Returned")
            verify(row.hint.indexOf("return box") >= 0, "a book of another branch goes in the return box: " + row.hint)
            waitIdle()
            // The pad works by itself: nothing to press, and a book already returned in this run
            // is not returned twice when it is laid down again.
            verify(findChild(page, "more") === null, "no button to press for books laid down later")
            sim.clearPad()
            wait(2000)
            sim.putItem("10000008")
            wait(2500)
            compare(Kiosk.items.count, 1)
            compare(Kiosk.items.okCount, 1)
        }
    }
}

// Check out: the stack on the pad is lent at once, each item shown with its due date; the tags
// are unsecured; "Finish" offers a receipt; the end of the session wipes everything of the patron.
import QtQuick
import Lasis.Kiosk

// The screens are created in a visible Item: a TestCase itself is not shown.
Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "Checkout"
        Component { id: screenComponent; CheckoutScreen { width: 1280; height: 700 } }

        function test_stackIsLentAndShownWithDueDates() {
            freshStart()
            const a = sim.putItem("10000001")
            const b = sim.putItem("10000010")
            const reference = sim.putItem("10000004")  // not for loan
            loginAs("P100008", "1234")
            const page = createTemporaryObject(screenComponent, root)
            tryCompare(Kiosk.items, "count", 3, 20000)
            compare(Kiosk.items.okCount, 2)
            compare(Kiosk.items.problemCount, 1)
            compare(sim.borrower("10000001"), "P100008")
            compare(sim.borrower("10000010"), "P100008")
            compare(sim.security(a), "unsecured")
            compare(sim.security(b), "unsecured")
            compare(sim.security(reference), "secured", "a refused item stays secured")
            const list = control(page, "items")
            tryCompare(list, "count", 3)
            tryVerify(() => list.itemAtIndex(2) !== null, 5000)
            let lent = null, refused = null
            for (let i = 0; i < 3; ++i) {
                const row = list.itemAtIndex(i)
                if (row.ok && lent === null) lent = row
                if (!row.ok) refused = row
            }
            verify(refused.seeStaff, "the refused item is sent to the desk")
            verify(findChild(refused, "outcomeText").text !== "", "with a reason in words")
            const line = findChild(lent, "outcomeText")
            verify(line.text.startsWith("Due back "), line.text)
            // The same line in Latvian, without asking the ILS again.
            Kiosk.language.setLanguage("lv")
            verify(line.text.startsWith("Jānodod "), line.text)
            Kiosk.language.setLanguage("en")

            press(page, "finish")
            tryCompare(Kiosk.session, "screen", "receipt", 10000)
            compare(Kiosk.session.receiptLines.length, 2, "the receipt lists what was lent")
            Kiosk.session.chooseReceipt("none")
            tryCompare(Kiosk.session, "screen", "goodbye", 10000)
            // Wiped: nothing of the patron stays for the next person.
            compare(Kiosk.session.patronName, "")
            compare(Kiosk.items.count, 0)
            compare(Kiosk.loans.count, 0)
            compare(Kiosk.session.receiptLines.length, 0)
            compare(Kiosk.session.notice, "")
            // And back to the start by itself.
            tryCompare(Kiosk.session, "screen", "welcome", 10000)
        }
    }
}

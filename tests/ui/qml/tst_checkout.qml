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

        // The pad works by itself: a book laid down during the visit is lent as it arrives, with
        // nothing pressed, and a refused one is said once, not again at every look at the pad.
        function test_booksLaidDownDuringTheVisitAreLentAsTheyArrive() {
            freshStart()
            loginAs("P100008", "1234")
            const page = createTemporaryObject(screenComponent, root)
            compare(Kiosk.session.screen, "checkout")
            compare(Kiosk.items.count, 0)
            verify(findChild(page, "more") === null, "no button to press for books laid down later")
            const a = sim.putItem("10000001")
            tryCompare(Kiosk.items, "okCount", 1, 15000)
            compare(sim.borrower("10000001"), "P100008")
            compare(sim.security(a), "unsecured")
            const reference = sim.putItem("10000004")  // not for loan
            tryCompare(Kiosk.items, "problemCount", 1, 15000)
            const b = sim.putItem("10000010")
            tryCompare(Kiosk.items, "okCount", 2, 15000)
            compare(sim.security(b), "unsecured")
            wait(2500)  // more looks at the pad: nothing is lent or said twice
            compare(Kiosk.items.count, 3)
            compare(sim.security(reference), "secured")
        }

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
            const due = findChild(lent, "dueText")
            compare(line.text, "Borrowed")
            verify(/^by \d{1,2} [A-Z][a-z]{2} \d{4}$/.test(due.text), due.text)
            verify(due.font.bold, "the due date is bold")
            // The same line in Latvian, without asking the ILS again: the date after "līdz" in
            // its numeric form, never the nominative month.
            Kiosk.language.setLanguage("lv")
            compare(line.text, "Izsniegts")
            verify(/^līdz \d{2}\.\d{2}\.\d{4}\.$/.test(due.text), due.text)
            Kiosk.language.setLanguage("en")

            press(page, "finish")
            tryCompare(Kiosk.session, "screen", "receipt", 10000)
            const lines = Kiosk.session.receiptLines
            compare(lines.length, 3, "the receipt lists what was lent, and what was not: " + lines)
            verify(lines[0].startsWith("Borrowed: ") && lines[0].indexOf(", due back by ") > 0, lines[0])
            verify(lines[2].startsWith("Not lent: ") && lines[2].indexOf("staff") > 0, lines[2])
            const head = Kiosk.session.receiptHeader
            verify(head.some(l => /^Card •••• \d{4}$/.test(l)), "the masked card: " + head)
            verify(head.some(l => /\d{2}:\d{2}/.test(l)), "date and time: " + head)
            Kiosk.session.chooseReceipt("none")
            tryCompare(Kiosk.session, "screen", "goodbye", 10000)
            // The goodbye repeats what was not lent, and counts down to the start.
            compare(Kiosk.session.leftBehind.length, 1)
            verify(Kiosk.session.leftBehind[0].startsWith("Not lent: "), Kiosk.session.leftBehind[0])
            Kiosk.language.setLanguage("lv")  // re-worded in the language chosen now
            verify(Kiosk.session.leftBehind[0].startsWith("Nav izsniegts: "), Kiosk.session.leftBehind[0])
            Kiosk.language.setLanguage("en")
            const left = Kiosk.session.goodbyeSecondsLeft
            verify(left > 0, "a visible countdown")
            tryVerify(() => Kiosk.session.goodbyeSecondsLeft < left, 3000)
            // Wiped: nothing of the patron stays for the next person.
            compare(Kiosk.session.patronName, "")
            compare(Kiosk.items.count, 0)
            compare(Kiosk.loans.count, 0)
            compare(Kiosk.session.receiptLines.length, 0)
            compare(Kiosk.session.notice, "")
            // And back to the start by itself (given time to read what was not lent).
            tryCompare(Kiosk.session, "screen", "welcome", 30000)
            compare(Kiosk.session.leftBehind.length, 0, "gone with the goodbye")
        }
    }
}

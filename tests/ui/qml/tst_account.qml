// Account: loans with due dates, renew one, place a hold for pickup at a chosen branch and see
// it with its pickup branch, cancel it again.
import QtQuick
import Lasis.Kiosk

// The screens are created in a visible Item: a TestCase itself is not shown.
Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "Account"
        Component { id: accountComponent; AccountScreen { width: 1280; height: 700 } }
        Component { id: holdComponent; HoldScreen { width: 1280; height: 700 } }

        function test_loansRenewHoldAndCancel() {
            freshStart()
            sim.putItem("10000006")  // a DVD: one renewal allowed
            loginAs("P100009", "1234")  // has 10000009, three days overdue
            tryCompare(Kiosk.items, "okCount", 1, 20000)
            waitIdle()
            Kiosk.session.showAccount()
            compare(Kiosk.session.screen, "account")
            let page = createTemporaryObject(accountComponent, root)
            tryVerify(() => Kiosk.loans.count >= 1, 15000)
            const loans = control(page, "loans")
            let found = -1
            for (let i = 0; i < loans.count; ++i)
                if (loans.itemAtIndex(i).itemId === "10000006") found = i
            verify(found >= 0, "the new loan is in the account")
            verify(loans.itemAtIndex(found).dueText.startsWith("Due back "), loans.itemAtIndex(found).dueText)
            compare(Kiosk.loans.overdueCount, 1)
            for (let i = 0; i < loans.count; ++i)
                if (loans.itemAtIndex(i).itemId === "10000009")
                    verify(loans.itemAtIndex(i).dueText.startsWith("Overdue since "), loans.itemAtIndex(i).dueText)

            press(loans.itemAtIndex(found), "renew.10000006")
            tryVerify(() => Kiosk.session.notice !== "", 15000, "the renewal's outcome is said")
            verify(Kiosk.session.notice.indexOf("Renewed") >= 0 || Kiosk.session.noticeIsProblem, Kiosk.session.notice)
            waitIdle()

            press(page, "placeHold")
            compare(Kiosk.session.screen, "hold")
            page.destroy()
            page = createTemporaryObject(holdComponent, root)
            // The book to reserve is laid on the pad (the DVD just lent still lies there too): no
            // number to type.
            sim.putItem("10000002")
            tryCompare(Kiosk.session, "holdItem", "10000002", 10000)
            tryCompare(control(page, "itemField"), "text", "10000002")
            press(page, "branch.LV-00002")
            press(page, "reserve")
            tryVerify(() => Kiosk.holds.count >= 1, 15000)
            compare(Kiosk.session.noticeIsProblem, false, Kiosk.session.notice)
            waitIdle()

            Kiosk.session.showAccount()
            waitIdle()  // the account is read again: rows made before it are replaced
            page.destroy()
            page = createTemporaryObject(accountComponent, root)
            press(page, "tab.holds")
            const holds = control(page, "holds")
            tryVerify(() => holds.count >= 1, 15000)
            let hold = null
            for (let i = 0; i < holds.count; ++i)
                if (holds.itemAtIndex(i).itemId === "10000002") hold = holds.itemAtIndex(i)
            verify(hold !== null, "the hold is listed")
            // SIP2 64 names held items only: the queue place and pickup branch show when the ILS gives them.
            verify(hold.statusText !== "", "the hold's state is said")
            press(hold, "cancel.10000002")
            pressLaidOut(hold, "cancelYes.10000002")  // "Cancel reservation?" asked first
            tryVerify(() => {
                for (let i = 0; i < holds.count; ++i) if (holds.itemAtIndex(i) && holds.itemAtIndex(i).itemId === "10000002") return false
                return true
            }, 15000, "the cancelled hold is gone")
        }

        // A button that has just appeared on its row: pressed once the row has laid it out.
        function pressLaidOut(row, name) {
            const c = control(row, name)
            tryVerify(() => c.visible && c.enabled && c.width > 0, 10000, name + " never became usable")
            waitForItemPolished(c.parent)
            mouseClick(c)
        }
        function holdRow(holds, itemId) {
            for (let i = 0; i < holds.count; ++i)
                if (holds.itemAtIndex(i) && holds.itemAtIndex(i).itemId === itemId) return holds.itemAtIndex(i)
            return null
        }

        // Cancelling a reservation asks first (No keeps it); after Yes the row says "Cancelled" with
        // Undo for a few seconds, and Undo places the hold again at the same pickup branch: the
        // simulator's library system has it back.
        function test_cancelAsksFirstAndCanBeUndone() {
            freshStart()
            loginAs("P100009", "1234")
            Kiosk.session.placeHold("10000002", "LV-00002")
            waitIdle()
            compare(sim.holdPickup("10000002", "P100009"), "LV-00002", Kiosk.session.notice)
            Kiosk.session.showAccount()
            waitIdle()
            const page = createTemporaryObject(accountComponent, root)
            press(page, "tab.holds")
            const holds = control(page, "holds")
            tryVerify(() => holdRow(holds, "10000002") !== null, 15000, "the hold is listed")

            press(holdRow(holds, "10000002"), "cancel.10000002")
            let row = holdRow(holds, "10000002")
            compare(control(row, "data.holdStatus").text, "Cancel reservation?")
            verify(control(row, "cancelYes.10000002").visible)
            compare(control(row, "cancelYes.10000002").text, "Yes")
            pressLaidOut(row, "cancelNo.10000002")
            waitIdle()
            compare(sim.holdPickup("10000002", "P100009"), "LV-00002", "No kept the hold")
            verify(!row.cancelled)

            pressLaidOut(row, "cancel.10000002")
            pressLaidOut(row, "cancelYes.10000002")
            tryVerify(() => sim.holdPickup("10000002", "P100009") === "", 15000, "Yes cancelled the hold")
            tryVerify(() => holdRow(holds, "10000002") !== null && holdRow(holds, "10000002").cancelled, 15000,
                      "the cancelled row stays, marked")
            waitIdle()
            row = holdRow(holds, "10000002")
            compare(control(row, "data.holdStatus").text, "Cancelled")
            pressLaidOut(row, "undo.10000002")
            tryVerify(() => sim.holdPickup("10000002", "P100009") === "LV-00002", 15000, "Undo placed the hold again")
            waitIdle()
            compare(Kiosk.session.noticeIsProblem, false, Kiosk.session.notice)
            tryVerify(() => holdRow(holds, "10000002") !== null && !holdRow(holds, "10000002").cancelled, 15000,
                      "the row is a hold again")

            // Left alone, the Undo goes after its few seconds and the hold stays cancelled.
            row = holdRow(holds, "10000002")
            pressLaidOut(row, "cancel.10000002")
            pressLaidOut(row, "cancelYes.10000002")
            tryVerify(() => holdRow(holds, "10000002") !== null && holdRow(holds, "10000002").cancelled, 15000)
            tryVerify(() => holdRow(holds, "10000002") === null, 12000, "the Undo never went away")
            compare(sim.holdPickup("10000002", "P100009"), "")
        }

        // Fines say how to pay: at the desk, and by the library's payment page ([ui] pay_url) as a
        // QR code of that address.
        function test_finesSayHowToPay() {
            freshStart()
            loginAs("P100003", "1234")  // owes 3.50 EUR
            Kiosk.session.showAccount()
            waitIdle()
            const page = createTemporaryObject(accountComponent, root)
            press(page, "tab.fines")
            const desk = control(page, "payAtDesk")
            tryVerify(() => desk.visible, 10000, "no word on how to pay")
            compare(desk.text, "You can pay at the desk.")
            const qr = control(page, "payQr")
            verify(qr.visible)
            compare(qr.text, "https://pay.example.lv/lasis")
            verify(qr.modules > 0, "the QR code was not made")
            compare(control(page, "payOnline").text, "or scan to pay online")
            Kiosk.language.setLanguage("lv")
            compare(desk.text, "Samaksāt varat pie letes.")
            Kiosk.language.setLanguage("en")
        }
    }
}

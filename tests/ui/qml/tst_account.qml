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
            tryVerify(() => {
                for (let i = 0; i < holds.count; ++i) if (holds.itemAtIndex(i) && holds.itemAtIndex(i).itemId === "10000002") return false
                return true
            }, 15000, "the cancelled hold is gone")
        }
    }
}

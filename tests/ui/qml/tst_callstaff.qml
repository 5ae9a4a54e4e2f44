// "Call staff" (issue 19): the button tells the patron someone is coming and then says the call
// waits; a second press raises no second call; the staff screen shows when it was raised and
// acknowledges it; a visit's end ends a call made during it.
import QtQuick
import Lasis.Kiosk

Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "CallStaff"
        Component { id: buttonComponent; CallStaffButton {} }
        Component { id: staffComponent; StaffScreen { width: 1280; height: 700 } }

        function test_aCallWaitsUntilStaffAcknowledgeIt() {
            freshStart()
            const button = createTemporaryObject(buttonComponent, root)
            verify(button.height >= 72, "Call staff is " + button.height + " px tall")
            compare(button.text, "Call staff")
            verify(!Kiosk.session.staffCallWaiting)
            mouseClick(button)
            verify(Kiosk.session.staffCallWaiting)
            compare(Kiosk.session.notice, "Staff have been called. Someone is coming to help you.")
            verify(!Kiosk.session.noticeIsProblem)
            tryCompare(button, "text", "✓ Staff called", 5000)
            compare(button.Accessible.name, "Staff called: someone is coming")
            const first = Kiosk.staff.callText
            verify(first.indexOf("waiting since") === 0 && first.indexOf("welcome") > 0, first)

            Kiosk.session.beginBorrow()
            tryCompare(Kiosk.session, "screen", "identify")
            mouseClick(button)
            compare(Kiosk.staff.callText, first, "a second press raised a second call")

            const staff = createTemporaryObject(staffComponent, root)
            compare(control(staff, "data.call").text, "! " + first)
            press(staff, "acknowledgeCall")
            verify(!Kiosk.session.staffCallWaiting)
            verify(!Kiosk.staff.callWaiting)
            compare(Kiosk.staff.callText, "none")
            tryCompare(button, "text", "Call staff")
        }

        function test_theCallEndsWithTheVisit() {
            freshStart()
            loginAs("P100003", "1234")
            const button = createTemporaryObject(buttonComponent, root)
            mouseClick(button)
            verify(Kiosk.session.staffCallWaiting)
            Kiosk.session.endSession()
            tryCompare(Kiosk.session, "staffCallWaiting", false, 10000)
            tryCompare(Kiosk.staff, "callWaiting", false, 10000)
        }

        function test_theNoticeIsInThePatronsLanguage() {
            freshStart()
            Kiosk.language.setLanguage("lv")
            const button = createTemporaryObject(buttonComponent, root)
            mouseClick(button)
            verify(Kiosk.session.notice !== "" && Kiosk.session.notice.indexOf("Staff have been called") < 0,
                   Kiosk.session.notice)
            verify(button.text !== "Call staff")
            Kiosk.staff.acknowledgeCall()
            tryCompare(Kiosk.session, "staffCallWaiting", false)
            verify(button.text !== "Call staff", "the idle button is in Latvian too: " + button.text)
        }
    }
}

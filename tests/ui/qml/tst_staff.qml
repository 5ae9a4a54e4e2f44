// The staff screen: only a staff card with the staff PIN opens it (a wrong PIN says so and a run of
// them locks it); it shows the reader, the library system, the queue and the offline policy; back
// to patrons leaves nothing open.
import QtQuick
import Lasis.Kiosk

// The screens are created in a visible Item: a TestCase itself is not shown.
Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "Staff"
        Component { id: identifyComponent; IdentifyScreen { width: 1280; height: 700 } }
        Component { id: staffComponent; StaffScreen { width: 1280; height: 700 } }

        function test_staffCardAndPinOpenTheStaffScreen() {
            freshStart()
            Kiosk.session.beginBorrow()
            const page = createTemporaryObject(identifyComponent, root)
            mouseClick(control(page, "cardField"))
            type("S900001")
            typePin(page, "000000")
            press(page, "pinKeyOk")
            tryCompare(Kiosk.session, "noticeIsProblem", true, 15000)
            compare(Kiosk.session.screen, "identify", "a wrong PIN opens nothing")
            verify(!Kiosk.session.loggedIn)

            typePin(page, "246810")
            press(page, "pinKeyOk")
            tryCompare(Kiosk.session, "screen", "staff", 15000)
            verify(!Kiosk.session.loggedIn, "staff are not a patron session")
            const staff = createTemporaryObject(staffComponent, root)
            tryVerify(() => Kiosk.staff.queueText.indexOf("waiting") >= 0, 10000, Kiosk.staff.queueText)
            verify(Kiosk.staff.readerText.indexOf("pn532") >= 0, Kiosk.staff.readerText)
            verify(Kiosk.staff.ilsText.indexOf("online") >= 0, Kiosk.staff.ilsText)
            verify(Kiosk.staff.ilsText.indexOf("kiosk-pass") < 0, "the ILS password is never shown: " + Kiosk.staff.ilsText)
            compare(Kiosk.staff.policyText, "Offline: returns only")
            // The version a technician quotes on a ticket, on the screen itself (issue 26).
            verify(/^\d+\.\d+\.\d+ \(commit [0-9a-f]+(-dirty)?, built \d{4}-\d\d-\d\d\), /.test(Kiosk.staff.versionText),
                   Kiosk.staff.versionText)
            verify(control(staff, "version").text === Kiosk.staff.versionText)
            press(staff, "back")
            compare(Kiosk.session.screen, "welcome")
        }

        function test_aPatronCardDoesNotOpenIt() {
            freshStart()
            Kiosk.session.beginBorrow()
            Kiosk.session.login("P100003", "246810")
            tryCompare(Kiosk.session, "noticeIsProblem", true, 15000)
            verify(Kiosk.session.screen !== "staff")
        }
    }
}

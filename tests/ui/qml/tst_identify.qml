// Identify: a card laid on the pad is noticed by itself, the PIN is tapped on the screen's own PIN
// pad (the keyboard never opens for it), the patron is greeted; a wrong PIN says so in words and
// clears the field; typing a card number works without a card.
import QtQuick
import Lasis.Kiosk

// The screens are created in a visible Item: a TestCase itself is not shown.
Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "Identify"
        Component { id: screenComponent; IdentifyScreen { width: 1280; height: 700 } }

        function test_cardOnThePadThenPin() {
            freshStart()
            Kiosk.session.beginBorrow()
            compare(Kiosk.session.screen, "identify")
            const page = createTemporaryObject(screenComponent, root)
            sim.putCard("P100003")
            tryCompare(Kiosk.session, "cardOnPad", "P100003", 10000)
            const pin = control(page, "pinField")
            verify(control(page, "pinKey1").visible, "the PIN pad is shown beside the field")
            verify(!pin.activeFocus, "the PIN field never takes the focus: the keyboard would open")
            verify(pin.readOnly, "the PIN is typed on the pad only")
            typePin(page, "1299")
            compare(pin.text, "1299")
            press(page, "pinKeyDelete")
            press(page, "pinKeyDelete")
            typePin(page, "34")
            compare(pin.text, "1234")
            verify(!pin.activeFocus)
            press(page, "pinKeyOk")
            tryCompare(Kiosk.session, "loggedIn", true, 15000)
            compare(Kiosk.session.patronName, "Līga Ozola")
            compare(Kiosk.session.screen, "checkout")
        }

        function test_wrongPinIsSaidInWords() {
            freshStart()
            Kiosk.session.beginBorrow()
            const page = createTemporaryObject(screenComponent, root)
            mouseClick(control(page, "cardField"))
            type("P100003")
            typePin(page, "9999")
            verify(!control(page, "cardField").activeFocus, "a key of the pad takes the focus from the card field")
            press(page, "pinKeyOk")
            tryCompare(Kiosk.session, "noticeIsProblem", true, 15000)
            compare(Kiosk.session.notice, "The PIN is not right. Please try again.")
            verify(!Kiosk.session.loggedIn)
            compare(control(page, "pinField").text, "", "the wrong PIN is not left on screen")
            compare(control(page, "pinField").echoMode, TextInput.Password)
        }

        function test_whatWasTypedIsGoneForTheNextPerson() {
            freshStart()
            Kiosk.session.beginBorrow()
            const page = createTemporaryObject(screenComponent, root)
            mouseClick(control(page, "cardField"))
            type("P100003")
            typePin(page, "12")
            Kiosk.session.goHome()  // walked away half-way
            compare(control(page, "cardField").text, "")
            compare(control(page, "pinField").text, "")
        }

        function test_blockedPatronSeesTheLibrarysReason() {
            freshStart()
            loginAs("P100002", "1234")
            verify(!Kiosk.session.mayBorrow)
            verify(Kiosk.session.patronMessages.indexOf("Card blocked: please see staff") >= 0,
                   "the ILS's own words, as given: " + Kiosk.session.patronMessages)
            compare(Kiosk.session.screen, "account")
        }
    }
}

// Welcome: the kiosk's default language, a language switch that re-words the screen at once, and
// large touch targets; the accessibility panel's switches change the look for the whole kiosk.
import QtQuick
import Lasis.Kiosk

// The screens are created in a visible Item: a TestCase itself is not shown.
Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "Welcome"
        Component {
            id: screenComponent
            Item {
                width: 1280
                height: 800
                TopBar { id: bar; objectName: "bar"; width: parent.width; onAccessibilityRequested: panel.open = true }
                WelcomeScreen { objectName: "welcome"; anchors.top: bar.bottom; width: parent.width; height: 600 }
                AccessibilityPanel { id: panel; anchors.fill: parent }
            }
        }

        function test_languageSwitchRewordsTheScreen() {
            freshStart()
            const page = createTemporaryObject(screenComponent, root)
            Kiosk.language.setLanguage("lv")
            const title = control(page, "title")
            compare(title.text, "Laipni lūdzam bibliotēkā")
            press(page, "language.uk")
            compare(Kiosk.language.current, "uk")
            compare(title.text, "Ласкаво просимо до бібліотеки")
            press(page, "language.en")
            compare(title.text, "Welcome to the library")
        }

        function test_everyButtonIsALargeTouchTarget() {
            freshStart()
            const page = createTemporaryObject(screenComponent, root)
            for (const name of ["language.lv", "language.lt", "language.uk", "language.en", "language.ru",
                                "accessibility", "borrow", "return", "account"]) {
                const b = control(page, name)
                verify(b.height >= 44, name + " is " + b.height + " px tall")
                verify(b.width >= 44, name + " is " + b.width + " px wide")
            }
            press(page, "accessibility")
            for (const name of ["largeText", "highContrast", "accessibilityClose"]) {
                const b = control(page, name)
                verify(b.height >= 44, name + " is " + b.height + " px tall")
                verify(b.width >= 44, name + " is " + b.width + " px wide")
            }
        }

        function test_largeTextAndHighContrast() {
            freshStart()
            const page = createTemporaryObject(screenComponent, root)
            const borrow = control(page, "borrow")
            const before = borrow.font.pixelSize
            press(page, "accessibility")
            press(page, "largeText")
            verify(Kiosk.theme.largeText)
            verify(borrow.font.pixelSize > before, "larger text makes the buttons' words larger")
            press(page, "highContrast")
            compare(String(Kiosk.theme.background), "#000000")
            press(page, "accessibilityClose")
            verify(!findChild(page, "accessibilityPanel").visible, "Close closes the panel")
            // The next patron starts with the normal look.
            Kiosk.session.goHome()
            verify(!Kiosk.theme.largeText && !Kiosk.theme.highContrast)
        }

        function test_startsInTheKiosksDefaultLanguageAfterAVisit() {
            freshStart()
            Kiosk.language.setLanguage("ru")
            Kiosk.session.goHome()
            compare(Kiosk.language.current, "lv")
        }
    }
}

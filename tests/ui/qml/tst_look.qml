// The kiosk's parts (issue 21): the pictures move to show the step and stand still in reduced
// motion; a result's mark has one width whatever it says; a returned item's destination is as large
// as its title with the picture of the place and the branch's sign, its label legible on the sign's
// colour; the step indicator follows the patron through borrowing.
import QtQuick
import Lasis.Kiosk

Item {
    id: root
    width: 1280
    height: 800

    KioskTestCase {
        id: testCase
        name: "Look"
        Component { id: pictureComponent; Illustration { kind: "card" } }
        Component { id: markComponent; StatusIcon {} }
        Component { id: plateComponent; SignPlate {} }
        Component { id: stepsComponent; StepIndicator {} }
        Component {
            id: rowComponent
            OutcomeDelegate {
                width: 1000
                title: "Mērnieku laiki"
                text: "Returned"
                hint: "Please put it on the return trolley."
                ok: true
                provisional: false
                seeStaff: false
                ilsGiven: false
                due: ""
                ilsText: ""
                destination: "trolley"
                sign: "A"
                signColour: "#1f5fbf"
            }
        }

        function cleanup() { Kiosk.theme.reducedMotion = false }

        function test_thePictureMovesAndStandsStillInReducedMotion() {
            Kiosk.theme.reducedMotion = false
            const picture = createTemporaryObject(pictureComponent, root)
            compare(picture.travel, 1, "the screen arrives with the card at rest")
            // After its pause the card comes down onto the pad again.
            tryVerify(() => picture.travel < 0.5, 6000, "the card never moved")
            Kiosk.theme.reducedMotion = true
            tryCompare(picture, "travel", 1, 3000)
            wait(4000)  // longer than a whole cycle: it stays at rest
            compare(picture.travel, 1)
        }

        function test_aMarkHasOneWidthWhateverItSays() {
            const good = createTemporaryObject(markComponent, root, { ok: true })
            const bad = createTemporaryObject(markComponent, root, { ok: false })
            compare(good.width, bad.width)
            verify(good.color !== bad.color)
        }

        function test_aSignsLabelReadsOnItsColour() {
            const yellow = createTemporaryObject(plateComponent, root, { label: "B", colour: "#e0b040" })
            const blue = createTemporaryObject(plateComponent, root, { label: "A", colour: "#1f5fbf" })
            const ink = p => p.children[0].color
            compare(String(ink(yellow)), "#000000")
            compare(String(ink(blue)), "#ffffff")
        }

        function test_aReturnsDestinationIsAsLargeAsItsTitle() {
            const row = createTemporaryObject(rowComponent, root)
            const hint = control(row, "hint")
            const title = control(row, "data.title")
            compare(hint.font.pixelSize, title.font.pixelSize)
            verify(hint.font.bold)
            const where = control(row, "destination")
            verify(where.visible)
            let picture = null, plate = null
            for (let i = 0; i < where.children.length; ++i) {
                const c = where.children[i]
                if (String(c.source || "").indexOf("trolley.svg") >= 0) picture = c
                if (c.label === "A") plate = c
            }
            verify(picture !== null && picture.visible && picture.status === Image.Ready, "no picture of the trolley")
            verify(plate !== null && plate.visible, "no sign A")
        }

        function test_theStepsFollowBorrowing() {
            freshStart()
            const steps = createTemporaryObject(stepsComponent, root)
            verify(!steps.visible, "the welcome screen is not a step")
            Kiosk.session.beginBorrow()
            tryCompare(Kiosk.session, "screen", "identify")
            tryCompare(steps, "current", 0)
            compare(steps.flowSteps.length, 3)
            compare(steps.Accessible.name, "Step 1 of 3: Card")
            Kiosk.session.goHome()
            tryCompare(steps, "visible", false)
            Kiosk.language.setLanguage("en")  // a visit's end brings the kiosk's own language back
            Kiosk.session.beginReturn()
            tryCompare(Kiosk.session, "screen", "return")
            compare(steps.flowSteps.length, 2)
            compare(steps.current, 0)
            compare(steps.Accessible.name, "Step 1 of 2: Books")
            Kiosk.session.goHome()
        }
    }
}

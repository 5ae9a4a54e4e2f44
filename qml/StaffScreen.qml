// The staff screen (staff card + staff PIN): the state of reader, library system, queue and gate,
// the offline policy, a patron's staff call (with when it was raised, and a button that
// acknowledges it); send the queue now, training mode, back to patrons, out to the desktop.
import QtQuick
import QtQuick.Layouts
import Lasis.Kiosk

ColumnLayout {
    spacing: Kiosk.theme.spacing
    Heading {
        objectName: "title"
        //: Staff screen title
        text: qsTr("Staff")
    }
    // The statuses take what the buttons leave and scroll when they need more (long versions and
    // addresses in large text), so the buttons below are always on screen.
    Flickable {
        id: status
        objectName: "status"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        contentHeight: grid.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        GridLayout {
            id: grid
            width: status.width
            columns: 2
            columnSpacing: Kiosk.theme.spacing
            rowSpacing: 8
            BodyText {
                Layout.fillWidth: false
                font.bold: true
                //: Staff screen: a patron pressed "Call staff"
                text: qsTr("Staff call")
            }
            BodyText {
                objectName: "data.call"
                text: (Kiosk.staff.callWaiting ? "! " : "") + Kiosk.staff.callText
                color: Kiosk.staff.callWaiting ? Kiosk.theme.problem : Kiosk.theme.text
                font.bold: Kiosk.staff.callWaiting
            }
            BodyText {
                Layout.fillWidth: false
                font.bold: true
                //: Staff screen: the kiosk's RFID reader
                text: qsTr("Reader")
            }
            BodyText { objectName: "data.reader"; text: Kiosk.staff.readerText }
            BodyText {
                Layout.fillWidth: false
                font.bold: true
                //: Staff screen: the library system (ILS)
                text: qsTr("Library system")
            }
            BodyText { objectName: "data.ils"; text: Kiosk.staff.ilsText }
            BodyText {
                Layout.fillWidth: false
                font.bold: true
                //: Staff screen: the offline queue
                text: qsTr("Queue")
            }
            BodyText {
                objectName: "data.queue"
                text: (Kiosk.staff.queueHasExceptions ? "! " : "") + Kiosk.staff.queueText
                color: Kiosk.staff.queueHasExceptions ? Kiosk.theme.problem : Kiosk.theme.text
            }
            BodyText {
                Layout.fillWidth: false
                font.bold: true
                //: Staff screen: the security gate
                text: qsTr("Gate")
            }
            BodyText { objectName: "data.gate"; text: Kiosk.staff.gateText }
            BodyText {
                Layout.fillWidth: false
                font.bold: true
                //: Staff screen: what the kiosk does while the ILS is unreachable
                text: qsTr("Policy")
            }
            BodyText { objectName: "policy"; text: Kiosk.staff.policyText }
            BodyText {
                Layout.fillWidth: false
                font.bold: true
                //: Staff screen: the kiosk software's version, commit and build date
                text: qsTr("Version")
            }
            BodyText { objectName: "version"; text: Kiosk.staff.versionText }
        }
    }
    Flow {
        Layout.fillWidth: true
        spacing: Kiosk.theme.spacing
        KioskButton {
            objectName: "acknowledgeCall"
            visible: Kiosk.staff.callWaiting
            primary: true
            //: Staff button: the patron's call for staff has been seen (the desk light goes out)
            text: qsTr("Acknowledge call")
            onClicked: Kiosk.staff.acknowledgeCall()
        }
        KioskButton {
            objectName: "refresh"
            //: Staff button: read every status again
            text: qsTr("Refresh")
            onClicked: Kiosk.staff.refresh()
        }
        KioskButton {
            objectName: "replay"
            //: Staff button: send the queued transactions now
            text: qsTr("Send queue now")
            onClicked: Kiosk.staff.replayNow()
        }
        KioskButton {
            objectName: "training"
            visible: Kiosk.staff.trainingAvailable
            text: Kiosk.staff.training
                  //: Staff button: restart on the real library system
                  ? qsTr("Leave training mode")
                  //: Staff button: restart against the simulator for teaching
                  : qsTr("Training mode")
            onClicked: Kiosk.staff.toggleTraining()
        }
        KioskButton {
            objectName: "desktop"
            danger: true
            //: Staff button: close the kiosk app
            text: qsTr("Exit to desktop")
            onClicked: Kiosk.staff.exitToDesktop()
        }
        KioskButton {
            objectName: "back"
            primary: true
            //: Staff button: back to the welcome screen
            text: qsTr("Back to patrons")
            onClicked: Kiosk.session.goHome()
        }
    }
}

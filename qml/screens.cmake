# The kiosk's screens, one QML module `Lasis.Kiosk` (built by kiosk/app/CMakeLists.txt with the
# C++ behind it; tests/ui lints the same list). Translations: qml/i18n/lasis_<lang>.ts.
set(LASIS_QML_FILES
  Main.qml TopBar.qml ModeBanner.qml NoticeBar.qml TimeoutOverlay.qml AccessibilityPanel.qml KioskButton.qml Heading.qml
  BodyText.qml OutcomeDelegate.qml PinPad.qml WelcomeScreen.qml IdentifyScreen.qml CheckoutScreen.qml
  ReturnScreen.qml AccountScreen.qml HoldScreen.qml ReceiptScreen.qml GoodbyeScreen.qml StaffScreen.qml
  CallStaffButton.qml LanguagePanel.qml Icon.qml StatusIcon.qml Tile.qml StepIndicator.qml ScreenScaffold.qml
  Countdown.qml KioskDialog.qml SignPlate.qml Illustration.qml SpeechGesture.qml)
# The pictures the screens show (qml/pictures/, SVG, ours): embedded beside the screens.
set(LASIS_QML_PICTURES pad.svg card.svg stack.svg limit.svg trolley.svg box.svg shelf.svg receipt.svg)
set(LASIS_LANGUAGES lv lt uk en ru)

# The kiosk's screens, one QML module `Lasis.Kiosk` (built by kiosk/app/CMakeLists.txt with the
# C++ behind it; tests/ui lints the same list). Translations: qml/i18n/lasis_<lang>.ts.
set(LASIS_QML_FILES
  Main.qml TopBar.qml ModeBanner.qml NoticeBar.qml TimeoutOverlay.qml AccessibilityPanel.qml KioskButton.qml Heading.qml
  BodyText.qml OutcomeDelegate.qml PinPad.qml WelcomeScreen.qml IdentifyScreen.qml CheckoutScreen.qml
  ReturnScreen.qml AccountScreen.qml HoldScreen.qml ReceiptScreen.qml GoodbyeScreen.qml StaffScreen.qml
  CallStaffButton.qml LanguagePanel.qml SpeechGesture.qml)
set(LASIS_LANGUAGES lv lt uk en ru)

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccessibilityPanel</name>
    <message>
        <source>Accessibility</source>
        <extracomment>Title of the accessibility panel</extracomment>
        <translation>Accessibility</translation>
    </message>
    <message>
        <source>Larger text</source>
        <extracomment>Toggle for bigger letters on every screen</extracomment>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>High contrast</source>
        <extracomment>Toggle for the high-contrast colours</extracomment>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <extracomment>Toggle for reading the screen aloud</extracomment>
        <translation>Read aloud</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Closes the accessibility panel</extracomment>
        <translation>Close</translation>
    </message>
    <message>
        <source>Repeat</source>
        <extracomment>Says the last thing read aloud again</extracomment>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>Slower</source>
        <extracomment>Toggle for reading aloud more slowly</extracomment>
        <translation>Slower</translation>
    </message>
    <message>
        <source>Less movement</source>
        <extracomment>Toggle: the pictures stop moving and nothing slides</extracomment>
        <translation>Less movement</translation>
    </message>
</context>
<context>
    <name>AccountModel</name>
    <message>
        <source>Overdue since %1</source>
        <translation>Overdue since %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <extracomment>Account screen; %1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Due back %1</translation>
    </message>
    <message>
        <source>Ready for you at %1</source>
        <translation>Ready for you at %1</translation>
    </message>
    <message>
        <source>Number %1 in the queue, pick up at %2</source>
        <extracomment>Account screen: place in the queue for a reserved item (%1), pickup branch (%2)</extracomment>
        <translation>Number %1 in the queue, pick up at %2</translation>
    </message>
    <message>
        <source>Waiting, pick up at %1</source>
        <translation>Waiting, pick up at %1</translation>
    </message>
    <message>
        <source>Ready for you on the reservations shelf</source>
        <extracomment>Account screen: a reserved item is waiting on the hold shelf</extracomment>
        <translation>Ready for you on the reservations shelf</translation>
    </message>
    <message>
        <source>Number %1 in the queue</source>
        <extracomment>Account screen: place in the queue for a reserved item</extracomment>
        <translation>Number %1 in the queue</translation>
    </message>
    <message>
        <source>Waiting for your turn</source>
        <extracomment>Account screen: a reservation not yet ready</extracomment>
        <translation>Waiting for your turn</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <extracomment>Account screen: a reservation just cancelled (an Undo button follows for a few seconds)</extracomment>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>AccountScreen</name>
    <message>
        <source>My account</source>
        <extracomment>Account screen title</extracomment>
        <translation>My account</translation>
    </message>
    <message>
        <source>Loans: %1 (overdue: %2). Reservations: %3.</source>
        <extracomment>Account summary: %1 loans, %2 overdue, %3 reservations</extracomment>
        <translation>Loans: %1 (overdue: %2). Reservations: %3.</translation>
    </message>
    <message>
        <source>Loans</source>
        <extracomment>Account tab</extracomment>
        <translation>Loans</translation>
    </message>
    <message>
        <source>Reservations</source>
        <extracomment>Account tab</extracomment>
        <translation>Reservations</translation>
    </message>
    <message>
        <source>Fines</source>
        <extracomment>Account tab</extracomment>
        <translation>Fines</translation>
    </message>
    <message>
        <source>Renew</source>
        <extracomment>Button: renew this loan</extracomment>
        <translation>Renew</translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <extracomment>Account screen with no loans</extracomment>
        <translation>You have nothing on loan.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: cancel this reservation (asks first)</extracomment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>You have no reservations.</source>
        <extracomment>Account screen with no reservations</extracomment>
        <translation>You have no reservations.</translation>
    </message>
    <message>
        <source>You owe nothing.</source>
        <extracomment>Account screen with no fines</extracomment>
        <translation>You owe nothing.</translation>
    </message>
    <message>
        <source>Renew all</source>
        <extracomment>Button: renew every loan</extracomment>
        <translation>Renew all</translation>
    </message>
    <message>
        <source>Reserve an item</source>
        <extracomment>Button: to the screen for reserving an item</extracomment>
        <translation>Reserve an item</translation>
    </message>
    <message>
        <source>Borrow</source>
        <extracomment>Button: to the checkout screen</extracomment>
        <translation>Borrow</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Cancel reservation?</source>
        <extracomment>Account screen: asked on a reservation's row before it is cancelled</extracomment>
        <translation>Cancel reservation?</translation>
    </message>
    <message>
        <source>Yes</source>
        <extracomment>Button: yes, cancel this reservation</extracomment>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <extracomment>Button: no, keep this reservation</extracomment>
        <translation>No</translation>
    </message>
    <message>
        <source>Undo</source>
        <extracomment>Button: place the reservation just cancelled again</extracomment>
        <translation>Undo</translation>
    </message>
    <message>
        <source>You can pay at the desk.</source>
        <extracomment>Account screen, fines tab: how to pay a fine</extracomment>
        <translation>You can pay at the desk.</translation>
    </message>
    <message>
        <source>or scan to pay online</source>
        <extracomment>Under the QR code of the library's online payment page</extracomment>
        <translation>or scan to pay online</translation>
    </message>
</context>
<context>
    <name>CallStaffButton</name>
    <message>
        <source>Staff called: someone is coming</source>
        <translation>Staff called: someone is coming</translation>
    </message>
    <message>
        <source>Call staff</source>
        <extracomment>Top bar button on every patron screen: ask a librarian for help</extracomment>
        <translation>Call staff</translation>
    </message>
    <message>
        <source>Staff called</source>
        <extracomment>Top bar button while the patron's call for staff waits (short: the screen's notice says the rest)</extracomment>
        <translation>Staff called</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <source>Hello, %1</source>
        <extracomment>Checkout screen title; %1 is the patron's name</extracomment>
        <translation>Hello, %1</translation>
    </message>
    <message>
        <source>Your items</source>
        <translation>Your items</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <extracomment>Checkout screen while the items are processed</extracomment>
        <translation>Reading the items on the pad…</translation>
    </message>
    <message>
        <source>Borrowed: %1. Problems: %2.</source>
        <extracomment>Checkout screen summary: %1 items borrowed, %2 with problems</extracomment>
        <translation>Borrowed: %1. Problems: %2.</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Button: to the account screen</extracomment>
        <translation>My account</translation>
    </message>
    <message>
        <source>Finish</source>
        <extracomment>Button: end the visit</extracomment>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Reading the items on the pad: %1</translation>
    </message>
    <message>
        <source>Place your items on the pad: each is borrowed as soon as it is read.</source>
        <extracomment>Checkout screen with nothing done yet</extracomment>
        <translation>Place your items on the pad: each is borrowed as soon as it is read.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Lay your books on the pad, no higher than the red line.</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Your session has ended</source>
        <extracomment>Goodbye screen after the idle timeout</extracomment>
        <translation>Your session has ended</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Thank you, goodbye!</translation>
    </message>
    <message>
        <source>For your privacy, your details have been cleared from the screen.</source>
        <translation>For your privacy, your details have been cleared from the screen.</translation>
    </message>
    <message>
        <source>Please take your card and your books.</source>
        <extracomment>Goodbye screen reminder</extracomment>
        <translation>Please take your card and your books.</translation>
    </message>
    <message>
        <source>Before you go:</source>
        <extracomment>Goodbye screen: above the items that were not lent or returned</extracomment>
        <translation>Before you go:</translation>
    </message>
    <message>
        <source>Back to start</source>
        <extracomment>Button on the goodbye screen: back to the welcome screen</extracomment>
        <translation>Back to start</translation>
    </message>
    <message>
        <source>Back to the start in %1 s</source>
        <extracomment>Goodbye screen: seconds until the welcome screen comes back by itself</extracomment>
        <translation>Back to the start in %1 s</translation>
    </message>
</context>
<context>
    <name>HoldScreen</name>
    <message>
        <source>Reserve an item</source>
        <extracomment>Reserve screen title</extracomment>
        <translation>Reserve an item</translation>
    </message>
    <message>
        <source>Item number</source>
        <extracomment>Placeholder of the item number field</extracomment>
        <translation>Item number</translation>
    </message>
    <message>
        <source>Pick up at:</source>
        <extracomment>Label above the list of branches</extracomment>
        <translation>Pick up at:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Reserve</source>
        <extracomment>Button: place the reservation</extracomment>
        <translation>Reserve</translation>
    </message>
    <message>
        <source>Lay the book you want to reserve on the pad, or type its number. Then choose where you will pick it up.</source>
        <extracomment>Reserve screen instructions</extracomment>
        <translation>Lay the book you want to reserve on the pad, or type its number. Then choose where you will pick it up.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Place your library card on the pad</source>
        <extracomment>Identify screen title</extracomment>
        <translation>Place your library card on the pad</translation>
    </message>
    <message>
        <source>Or type your card number, then your PIN.</source>
        <extracomment>Identify screen: the alternative to the card</extracomment>
        <translation>Or type your card number, then your PIN.</translation>
    </message>
    <message>
        <source>Card number</source>
        <extracomment>Label of the card number field</extracomment>
        <translation>Card number</translation>
    </message>
    <message>
        <source>Card on the pad</source>
        <extracomment>Shown in the card field once the card on the pad was read</extracomment>
        <translation>Card on the pad</translation>
    </message>
    <message>
        <source>PIN</source>
        <extracomment>Label of the PIN field</extracomment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the welcome screen</extracomment>
        <translation>Back</translation>
    </message>
    <message>
        <source>Your card has been read. Type your PIN and press OK.</source>
        <extracomment>Identify screen once the card was read</extracomment>
        <translation>Your card has been read. Type your PIN and press OK.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Library self-service</source>
        <extracomment>Window title</extracomment>
        <translation>Library self-service</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <source>Training mode: nothing done here is a real loan</source>
        <extracomment>Banner on a kiosk used to teach staff; loans made on it are not real</extracomment>
        <translation>Training mode: nothing done here is a real loan</translation>
    </message>
</context>
<context>
    <name>OutcomeDelegate</name>
    <message>
        <source>Please take this item to the desk.</source>
        <extracomment>Shown under an item that could not be processed</extracomment>
        <translation>Please take this item to the desk.</translation>
    </message>
</context>
<context>
    <name>PatronText</name>
    <message>
        <source>Borrowed</source>
        <extracomment>%1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Borrowed</translation>
    </message>
    <message>
        <source>Returned (recorded, will be confirmed later)</source>
        <translation>Returned (recorded, will be confirmed later)</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Renewed</source>
        <extracomment>%1 is "until &lt;new due date&gt;" with its preposition, in the language's form</extracomment>
        <translation>Renewed</translation>
    </message>
    <message>
        <source>Reserved: you are number %1 in the queue</source>
        <extracomment>%1 is the patron's place in the queue for a reserved item</extracomment>
        <translation>Reserved: you are number %1 in the queue</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reserved</translation>
    </message>
    <message>
        <source>Reservation cancelled</source>
        <extracomment>A reservation was cancelled</extracomment>
        <translation>Reservation cancelled</translation>
    </message>
    <message>
        <source>This item cannot be borrowed. Please ask at the desk.</source>
        <translation>This item cannot be borrowed. Please ask at the desk.</translation>
    </message>
    <message>
        <source>Only %1 of %2 parts are on the pad. Put all parts on the pad.</source>
        <extracomment>A set (book with CD etc.): %1 parts found of %2</extracomment>
        <translation>Only %1 of %2 parts are on the pad. Put all parts on the pad.</translation>
    </message>
    <message>
        <source>The label of this item cannot be read. Please take it to the desk.</source>
        <translation>The label of this item cannot be read. Please take it to the desk.</translation>
    </message>
    <message>
        <source>This item could not be finished. Please take it to the desk.</source>
        <translation>This item could not be finished. Please take it to the desk.</translation>
    </message>
    <message>
        <source>The library system is not answering. Please ask at the desk.</source>
        <translation>The library system is not answering. Please ask at the desk.</translation>
    </message>
    <message>
        <source>No more items can be borrowed until the library system is back.</source>
        <translation>No more items can be borrowed until the library system is back.</translation>
    </message>
    <message>
        <source>This cannot be done until the library system is back.</source>
        <translation>This cannot be done until the library system is back.</translation>
    </message>
    <message>
        <source>This is not a library item.</source>
        <translation>This is not a library item.</translation>
    </message>
    <message>
        <source>The kiosk could not record this. Please ask at the desk.</source>
        <translation>The kiosk could not record this. Please ask at the desk.</translation>
    </message>
    <message>
        <source>Please identify yourself first.</source>
        <translation>Please identify yourself first.</translation>
    </message>
    <message>
        <source>On the shelf</source>
        <translation>On the shelf</translation>
    </message>
    <message>
        <source>On loan</source>
        <translation>On loan</translation>
    </message>
    <message>
        <source>Waiting for someone who reserved it</source>
        <translation>Waiting for someone who reserved it</translation>
    </message>
    <message>
        <source>On its way between branches</source>
        <translation>On its way between branches</translation>
    </message>
    <message>
        <source>Just returned, back on the shelf soon</source>
        <translation>Just returned, back on the shelf soon</translation>
    </message>
    <message>
        <source>Not available at the moment</source>
        <translation>Not available at the moment</translation>
    </message>
    <message>
        <source>Please ask at the desk.</source>
        <translation>Please ask at the desk.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item: please put it on the reservations shelf.</source>
        <extracomment>A returned item someone has reserved at this branch</extracomment>
        <translation>Someone is waiting for this item: please put it on the reservations shelf.</translation>
    </message>
    <message>
        <source>This item travels to another branch: please put it in the return box.</source>
        <translation>This item travels to another branch: please put it in the return box.</translation>
    </message>
    <message>
        <source>This item travels to %1: please put it in the return box.</source>
        <extracomment>%1 is the branch the item travels to</extracomment>
        <translation>This item travels to %1: please put it in the return box.</translation>
    </message>
    <message>
        <source>You have borrowed as many items as you may. Return some to borrow more.</source>
        <extracomment>The library system says the patron has as many loans as allowed</extracomment>
        <translation>You have borrowed as many items as you may. Return some to borrow more.</translation>
    </message>
    <message>
        <source>Some of your items are overdue. Please return them or ask at the desk.</source>
        <translation>Some of your items are overdue. Please return them or ask at the desk.</translation>
    </message>
    <message>
        <source>Some of your items cannot be renewed again.</source>
        <translation>Some of your items cannot be renewed again.</translation>
    </message>
    <message>
        <source>Items on your card are recorded as lost. Please ask at the desk.</source>
        <translation>Items on your card are recorded as lost. Please ask at the desk.</translation>
    </message>
    <message>
        <source>You cannot borrow until your fines are paid. Please ask at the desk.</source>
        <translation>You cannot borrow until your fines are paid. Please ask at the desk.</translation>
    </message>
    <message>
        <source>An item someone else is waiting for is overdue on your card. Please return it.</source>
        <extracomment>A recalled item (someone else reserved it) is overdue on the patron's card</extracomment>
        <translation>An item someone else is waiting for is overdue on your card. Please return it.</translation>
    </message>
    <message>
        <source>Please put it here: %1.</source>
        <extracomment>%1 is where returned items of this kind go, as the library names it on its signs ("Trolley 1 (blue)")</extracomment>
        <translation>Please put it here: %1.</translation>
    </message>
    <message>
        <source>Please put it on the return trolley.</source>
        <translation>Please put it on the return trolley.</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Welcome!</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>You cannot borrow at the moment. Please ask at the desk.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>The PIN is not right. Please try again.</translation>
    </message>
    <message>
        <source>This card is not known. Please ask at the desk.</source>
        <translation>This card is not known. Please ask at the desk.</translation>
    </message>
    <message>
        <source>No library card found. Place your card on the pad or type its number.</source>
        <translation>No library card found. Place your card on the pad or type its number.</translation>
    </message>
    <message>
        <source>Borrowing is not possible right now. Returns still work.</source>
        <translation>Borrowing is not possible right now. Returns still work.</translation>
    </message>
    <message>
        <source>Please wait a moment and try again.</source>
        <translation>Please wait a moment and try again.</translation>
    </message>
    <message>
        <source>No items on the pad. Place your items on the pad.</source>
        <translation>No items on the pad. Place your items on the pad.</translation>
    </message>
    <message>
        <source>The pad is not answering. Please ask at the desk.</source>
        <translation>The pad is not answering. Please ask at the desk.</translation>
    </message>
    <message>
        <source>This is not possible right now. Please try again later.</source>
        <translation>This is not possible right now. Please try again later.</translation>
    </message>
    <message>
        <source>The number of items on the pad is not what you said. Nothing was borrowed.</source>
        <translation>The number of items on the pad is not what you said. Nothing was borrowed.</translation>
    </message>
    <message>
        <source>The library system is not answering. What you do is recorded and will be confirmed later.</source>
        <extracomment>Banner while the library system is unreachable</extracomment>
        <translation>The library system is not answering. What you do is recorded and will be confirmed later.</translation>
    </message>
    <message>
        <source>The library system is not answering. Returns are recorded; borrowing is at the desk.</source>
        <translation>The library system is not answering. Returns are recorded; borrowing is at the desk.</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <translation>This kiosk is out of order. Please go to the desk.</translation>
    </message>
    <message>
        <source>This card cannot be read. Please ask at the desk.</source>
        <extracomment>A card whose number cannot be sent to the library system (damaged or rewritten card)</extracomment>
        <translation>This card cannot be read. Please ask at the desk.</translation>
    </message>
    <message>
        <source>Borrowed (recorded, will be confirmed later)</source>
        <extracomment>A loan recorded while the library system was away; %1 is "until &lt;date&gt;" in the language's form</extracomment>
        <translation>Borrowed (recorded, will be confirmed later)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1 (recorded, will be confirmed later)</source>
        <translation>Borrowed, due back %1 (recorded, will be confirmed later)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1</source>
        <translation>Borrowed, due back %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Renewed, due back %1</translation>
    </message>
    <message>
        <source>This item could not be returned here.</source>
        <extracomment>The library system refused an item; its own words, if any, follow in small print</extracomment>
        <translation>This item could not be returned here.</translation>
    </message>
    <message>
        <source>This item cannot be lent here.</source>
        <translation>This item cannot be lent here.</translation>
    </message>
    <message>
        <source>On loan, due back %1</source>
        <translation>On loan, due back %1</translation>
    </message>
    <message>
        <source>This item belongs to another library. Please take it to the desk.</source>
        <extracomment>The item's RFID tag names a library outside the regional network as its owner</extracomment>
        <translation>This item belongs to another library. Please take it to the desk.</translation>
    </message>
    <message>
        <source>This item has no security label. Please borrow it at the desk.</source>
        <extracomment>An item with a barcode and no security label, which this library lends only at the desk</extracomment>
        <translation>This item has no security label. Please borrow it at the desk.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item.</source>
        <translation>This code is not a library card or a library item.</translation>
    </message>
    <message>
        <source>This book has no security label: please carry it round the security gate.</source>
        <extracomment>A book lent by its barcode: it has no RFID label, so the gate cannot tell it is lent</extracomment>
        <translation>This book has no security label: please carry it round the security gate.</translation>
    </message>
    <message>
        <source>This card is from a library outside our network. Please ask at the desk.</source>
        <translation>This card is from a library outside our network. Please ask at the desk.</translation>
    </message>
    <message>
        <source>This card is from %1, which is not in our network. Please ask at the desk.</source>
        <extracomment>%1 is the library that issued the card (its own name, not translated)</extracomment>
        <translation>This card is from %1, which is not in our network. Please ask at the desk.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item. Please try again or ask at the desk.</source>
        <extracomment>A scanned barcode or QR code that is no library card, item or staff card of this network</extracomment>
        <translation>This code is not a library card or a library item. Please try again or ask at the desk.</translation>
    </message>
    <message>
        <source>Please finish this visit first.</source>
        <translation>Please finish this visit first.</translation>
    </message>
    <message>
        <source>This item was lifted too soon. Please put it back on the pad.</source>
        <extracomment>A book taken off the pad before the kiosk was done with it: nothing changed, it is done once back</extracomment>
        <translation>This item was lifted too soon. Please put it back on the pad.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Delete</source>
        <extracomment>PIN pad key: remove the last digit typed</extracomment>
        <translation>Delete</translation>
    </message>
    <message>
        <source>OK</source>
        <extracomment>PIN pad key: log in with the card and the PIN typed</extracomment>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Your receipt</source>
        <extracomment>Receipt screen title when the receipt is on screen</extracomment>
        <translation>Your receipt</translation>
    </message>
    <message>
        <source>Would you like a receipt?</source>
        <extracomment>Receipt choice screen title</extracomment>
        <translation>Would you like a receipt?</translation>
    </message>
    <message>
        <source>Scan with your phone to keep this receipt.</source>
        <extracomment>Under the QR code of the receipt</extracomment>
        <translation>Scan with your phone to keep this receipt.</translation>
    </message>
    <message>
        <source>Print</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Print</translation>
    </message>
    <message>
        <source>Email</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Email</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <extracomment>Receipt choice: show on screen with a QR code</extracomment>
        <translation>Show on screen</translation>
    </message>
    <message>
        <source>No receipt</source>
        <extracomment>Receipt choice</extracomment>
        <translation>No receipt</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Button after the receipt was shown on screen</extracomment>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>Return books</source>
        <extracomment>Return screen title</extracomment>
        <translation>Return books</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <translation>Reading the items on the pad…</translation>
    </message>
    <message>
        <source>Returned: %1. Problems: %2.</source>
        <extracomment>Return screen summary: %1 items returned, %2 with problems</extracomment>
        <translation>Returned: %1. Problems: %2.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Reading the items on the pad: %1</translation>
    </message>
    <message>
        <source>Place the items you are returning on the pad: each is returned as soon as it is read.</source>
        <extracomment>Return screen with nothing returned yet</extracomment>
        <translation>Place the items you are returning on the pad: each is returned as soon as it is read.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Lay your books on the pad, no higher than the red line.</translation>
    </message>
</context>
<context>
    <name>ScreenReader</name>
    <message>
        <source>Buttons: %1</source>
        <extracomment>Read aloud after a screen's heading and instructions; %1 is the buttons' names, e.g. "Borrow books, Return books"</extracomment>
        <translation>Buttons: %1</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>The library system is not answering: your loans will be confirmed later.</source>
        <translation>The library system is not answering: your loans will be confirmed later.</translation>
    </message>
    <message>
        <source>This card is reported lost. Please ask at the desk.</source>
        <translation>This card is reported lost. Please ask at the desk.</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>You cannot borrow at the moment. Please ask at the desk.</translation>
    </message>
    <message>
        <source>You owe %1</source>
        <extracomment>Account screen; %1 is an amount of money</extracomment>
        <translation>You owe %1</translation>
    </message>
    <message>
        <source>Borrowed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Borrowed: %1, due back %2</translation>
    </message>
    <message>
        <source>Borrowed: %1</source>
        <translation>Borrowed: %1</translation>
    </message>
    <message>
        <source>Returned: %1</source>
        <translation>Returned: %1</translation>
    </message>
    <message>
        <source>Renewed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Renewed: %1, due back %2</translation>
    </message>
    <message>
        <source>Renewed: %1</source>
        <translation>Renewed: %1</translation>
    </message>
    <message>
        <source>* Recorded while the library system was not answering; it will be confirmed later.</source>
        <translation>* Recorded while the library system was not answering; it will be confirmed later.</translation>
    </message>
    <message>
        <source>Type the number of the item you want to reserve.</source>
        <translation>Type the number of the item you want to reserve.</translation>
    </message>
    <message>
        <source>Card found. Now type your PIN.</source>
        <translation>Card found. Now type your PIN.</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen for more time.</source>
        <extracomment>Spoken when the session is about to end for inactivity</extracomment>
        <translation>Are you still there? Touch the screen for more time.</translation>
    </message>
    <message>
        <source>Your session has ended. Your details have been cleared from the screen.</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Your session has ended. Your details have been cleared from the screen.</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <translation>Thank you, goodbye!</translation>
    </message>
    <message>
        <source>Your library receipt</source>
        <extracomment>Subject of the emailed receipt</extracomment>
        <translation>Your library receipt</translation>
    </message>
    <message>
        <source>The receipt could not be emailed. Please choose another way.</source>
        <translation>The receipt could not be emailed. Please choose another way.</translation>
    </message>
    <message>
        <source>The receipt could not be printed. Please choose another way.</source>
        <translation>The receipt could not be printed. Please choose another way.</translation>
    </message>
    <message>
        <source>Too many tries. Try again in %1 s.</source>
        <translation>Too many tries. Try again in %1 s.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>The PIN is not right. Please try again.</translation>
    </message>
    <message>
        <source>Card %1</source>
        <extracomment>Receipt: the patron's card, masked; %1 is its last four digits</extracomment>
        <translation>Card %1</translation>
    </message>
    <message>
        <source>Not returned: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not returned; %1 its title</extracomment>
        <translation>Not returned: %1. Please show it to the staff.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not lent; %1 its title</extracomment>
        <translation>Not lent: %1. Please show it to the staff.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please leave it on the desk.</source>
        <extracomment>Receipt and goodbye: an item that was not lent and needs no staff; %1 its title</extracomment>
        <translation>Not lent: %1. Please leave it on the desk.</translation>
    </message>
    <message>
        <source>%1 of %2 read</source>
        <extracomment>Reading the pad: %1 items read so far of %2 on the pad</extracomment>
        <translation>%1 of %2 read</translation>
    </message>
    <message>
        <source>Staff have been called. Someone is coming to help you.</source>
        <extracomment>Notice after the patron pressed "Call staff"</extracomment>
        <translation>Staff have been called. Someone is coming to help you.</translation>
    </message>
</context>
<context>
    <name>StaffController</name>
    <message>
        <source>Offline: nothing (the kiosk stops when the ILS is away)</source>
        <translation>Offline: nothing (the kiosk stops when the ILS is away)</translation>
    </message>
    <message>
        <source>Offline: returns only</source>
        <translation>Offline: returns only</translation>
    </message>
    <message>
        <source>Offline: returns and up to %1 loans a visit</source>
        <extracomment>%1 is the number of loans one visit may take offline</extracomment>
        <translation>Offline: returns and up to %1 loans a visit</translation>
    </message>
    <message>
        <source>%1 · alarms %2 · people in %3, out %4 · readers %5 of %6 working%7</source>
        <translation>%1 · alarms %2 · people in %3, out %4 · readers %5 of %6 working%7</translation>
    </message>
    <message>
        <source>no gate configured ([staff] gate_status)</source>
        <translation>no gate configured ([staff] gate_status)</translation>
    </message>
    <message>
        <source>waiting %1 · sending %2 · uncertain %3 · exceptions %4 · done %5</source>
        <translation>waiting %1 · sending %2 · uncertain %3 · exceptions %4 · done %5</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>Staff screen: no patron has called staff</extracomment>
        <translation>none</translation>
    </message>
    <message>
        <source>waiting since %1 (screen %2)</source>
        <extracomment>Staff screen: a patron's call for staff; %1 the time it was raised, %2 the screen it came from</extracomment>
        <translation>waiting since %1 (screen %2)</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>Staff</source>
        <extracomment>Staff screen title</extracomment>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Reader</source>
        <extracomment>Staff screen: the kiosk's RFID reader</extracomment>
        <translation>Reader</translation>
    </message>
    <message>
        <source>Library system</source>
        <extracomment>Staff screen: the library system (ILS)</extracomment>
        <translation>Library system</translation>
    </message>
    <message>
        <source>Queue</source>
        <extracomment>Staff screen: the offline queue</extracomment>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Gate</source>
        <extracomment>Staff screen: the security gate</extracomment>
        <translation>Gate</translation>
    </message>
    <message>
        <source>Policy</source>
        <extracomment>Staff screen: what the kiosk does while the ILS is unreachable</extracomment>
        <translation>Policy</translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>Staff screen: the kiosk software's version, commit and build date</extracomment>
        <translation>Version</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Staff button: read every status again</extracomment>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Send queue now</source>
        <extracomment>Staff button: send the queued transactions now</extracomment>
        <translation>Send queue now</translation>
    </message>
    <message>
        <source>Leave training mode</source>
        <extracomment>Staff button: restart on the real library system</extracomment>
        <translation>Leave training mode</translation>
    </message>
    <message>
        <source>Training mode</source>
        <extracomment>Staff button: restart against the simulator for teaching</extracomment>
        <translation>Training mode</translation>
    </message>
    <message>
        <source>Exit to desktop</source>
        <extracomment>Staff button: close the kiosk app</extracomment>
        <translation>Exit to desktop</translation>
    </message>
    <message>
        <source>Back to patrons</source>
        <extracomment>Staff button: back to the welcome screen</extracomment>
        <translation>Back to patrons</translation>
    </message>
    <message>
        <source>Staff call</source>
        <extracomment>Staff screen: a patron pressed "Call staff"</extracomment>
        <translation>Staff call</translation>
    </message>
    <message>
        <source>Acknowledge call</source>
        <extracomment>Staff button: the patron's call for staff has been seen (the desk light goes out)</extracomment>
        <translation>Acknowledge call</translation>
    </message>
</context>
<context>
    <name>StepIndicator</name>
    <message>
        <source>Card</source>
        <extracomment>Step indicator: the step where the patron shows the library card and types the PIN</extracomment>
        <translation>Card</translation>
    </message>
    <message>
        <source>Books</source>
        <extracomment>Step indicator: the step where the books are laid on the pad</extracomment>
        <translation>Books</translation>
    </message>
    <message>
        <source>Receipt</source>
        <extracomment>Step indicator: the step where the patron chooses a receipt</extracomment>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Account</source>
        <extracomment>Step indicator: the patron's account (loans, reservations, fines)</extracomment>
        <translation>Account</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <extracomment>Step indicator for screen readers: %1 is the step's number, %2 how many steps, %3 its name</extracomment>
        <translation>Step %1 of %2: %3</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <source>Are you still there?</source>
        <extracomment>The session is about to end for inactivity</extracomment>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>For your privacy, this session will end. Seconds left: %1</source>
        <extracomment>%1 is the number of seconds before the session ends</extracomment>
        <translation>For your privacy, this session will end. Seconds left: %1</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <extracomment>Button on the timeout warning</extracomment>
        <translation>Yes, I need more time</translation>
    </message>
    <message>
        <source>I am finished</source>
        <extracomment>Button on the timeout warning</extracomment>
        <translation>I am finished</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Accessibility</source>
        <extracomment>Top bar button opening larger text, high contrast and read-aloud</extracomment>
        <translation>Accessibility</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Welcome to the library</source>
        <extracomment>Welcome screen title</extracomment>
        <translation>Welcome to the library</translation>
    </message>
    <message>
        <source>Choose what you would like to do. You can change the language at the top.</source>
        <extracomment>Welcome screen: what to do</extracomment>
        <translation>Choose what you would like to do. You can change the language at the top.</translation>
    </message>
    <message>
        <source>Borrow books</source>
        <extracomment>Welcome screen button</extracomment>
        <translation>Borrow books</translation>
    </message>
    <message>
        <source>Return books</source>
        <extracomment>Welcome screen button (no library card needed)</extracomment>
        <translation>Return books</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <extracomment>Welcome screen while the kiosk cannot serve anyone (the choices below are off)</extracomment>
        <translation>This kiosk is out of order. Please go to the desk.</translation>
    </message>
    <message>
        <source>Opening hours: %1</source>
        <extracomment>Welcome screen, at the foot; %1 is the library's opening hours as it writes them</extracomment>
        <translation>Opening hours: %1</translation>
    </message>
    <message>
        <source>With your library card</source>
        <extracomment>Welcome screen, under "Borrow books"</extracomment>
        <translation>With your library card</translation>
    </message>
    <message>
        <source>No card needed</source>
        <extracomment>Welcome screen, under "Return books"</extracomment>
        <translation>No card needed</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Welcome screen button: loans, due dates, reservations, fines</extracomment>
        <translation>My account</translation>
    </message>
    <message>
        <source>Renewals, reservations, fines</source>
        <extracomment>Welcome screen, under "My account"</extracomment>
        <translation>Renewals, reservations, fines</translation>
    </message>
    <message>
        <source>To start borrowing, you can also lay your library card on the pad.</source>
        <extracomment>Welcome screen, beside the picture of a card on the pad</extracomment>
        <translation>To start borrowing, you can also lay your library card on the pad.</translation>
    </message>
</context>
</TS>
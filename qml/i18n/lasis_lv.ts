<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="lv" sourcelanguage="en">
<context>
    <name>AccessibilityPanel</name>
    <message>
        <source>Accessibility</source>
        <extracomment>Title of the accessibility panel</extracomment>
        <translation>Pieejamība</translation>
    </message>
    <message>
        <source>Larger text</source>
        <extracomment>Toggle for bigger letters on every screen</extracomment>
        <translation>Lielāks teksts</translation>
    </message>
    <message>
        <source>High contrast</source>
        <extracomment>Toggle for the high-contrast colours</extracomment>
        <translation>Augsts kontrasts</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <extracomment>Toggle for reading the screen aloud</extracomment>
        <translation>Lasīt skaļi</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Closes the accessibility panel</extracomment>
        <translation>Aizvērt</translation>
    </message>
    <message>
        <source>Repeat</source>
        <extracomment>Says the last thing read aloud again</extracomment>
        <translation>Atkārtot</translation>
    </message>
    <message>
        <source>Slower</source>
        <extracomment>Toggle for reading aloud more slowly</extracomment>
        <translation>Lēnāk</translation>
    </message>
    <message>
        <source>Less movement</source>
        <extracomment>Toggle: the pictures stop moving and nothing slides</extracomment>
        <translation>Mazāk kustības</translation>
    </message>
</context>
<context>
    <name>AccountModel</name>
    <message>
        <source>Overdue since %1</source>
        <translation>Nokavēts kopš %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <extracomment>Account screen; %1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Jānodod %1</translation>
    </message>
    <message>
        <source>Ready for you at %1</source>
        <translation>Gaida jūs: %1</translation>
    </message>
    <message>
        <source>Number %1 in the queue, pick up at %2</source>
        <extracomment>Account screen: place in the queue for a reserved item (%1), pickup branch (%2)</extracomment>
        <translation>%1. rindā, saņemšana: %2</translation>
    </message>
    <message>
        <source>Waiting, pick up at %1</source>
        <translation>Gaida, saņemšana: %1</translation>
    </message>
    <message>
        <source>Ready for you on the reservations shelf</source>
        <extracomment>Account screen: a reserved item is waiting on the hold shelf</extracomment>
        <translation>Gaida jūs rezervāciju plauktā</translation>
    </message>
    <message>
        <source>Number %1 in the queue</source>
        <extracomment>Account screen: place in the queue for a reserved item</extracomment>
        <translation>%1. rindā</translation>
    </message>
    <message>
        <source>Waiting for your turn</source>
        <extracomment>Account screen: a reservation not yet ready</extracomment>
        <translation>Gaida jūsu kārtu</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <extracomment>Account screen: a reservation just cancelled (an Undo button follows for a few seconds)</extracomment>
        <translation>Atcelta</translation>
    </message>
</context>
<context>
    <name>AccountScreen</name>
    <message>
        <source>My account</source>
        <extracomment>Account screen title</extracomment>
        <translation>Mans konts</translation>
    </message>
    <message>
        <source>Loans: %1 (overdue: %2). Reservations: %3.</source>
        <extracomment>Account summary: %1 loans, %2 overdue, %3 reservations</extracomment>
        <translation>Izsniegumi: %1 (nokavēti: %2). Rezervācijas: %3.</translation>
    </message>
    <message>
        <source>Loans</source>
        <extracomment>Account tab</extracomment>
        <translation>Izsniegumi</translation>
    </message>
    <message>
        <source>Reservations</source>
        <extracomment>Account tab</extracomment>
        <translation>Rezervācijas</translation>
    </message>
    <message>
        <source>Fines</source>
        <extracomment>Account tab</extracomment>
        <translation>Soda naudas</translation>
    </message>
    <message>
        <source>Renew</source>
        <extracomment>Button: renew this loan</extracomment>
        <translation>Pagarināt</translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <extracomment>Account screen with no loans</extracomment>
        <translation>Jums nekas nav izsniegts.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: cancel this reservation (asks first)</extracomment>
        <translation>Atcelt</translation>
    </message>
    <message>
        <source>You have no reservations.</source>
        <extracomment>Account screen with no reservations</extracomment>
        <translation>Jums nav rezervāciju.</translation>
    </message>
    <message>
        <source>You owe nothing.</source>
        <extracomment>Account screen with no fines</extracomment>
        <translation>Jums nav parādu.</translation>
    </message>
    <message>
        <source>Renew all</source>
        <extracomment>Button: renew every loan</extracomment>
        <translation>Pagarināt visus</translation>
    </message>
    <message>
        <source>Reserve an item</source>
        <extracomment>Button: to the screen for reserving an item</extracomment>
        <translation>Rezervēt eksemplāru</translation>
    </message>
    <message>
        <source>Borrow</source>
        <extracomment>Button: to the checkout screen</extracomment>
        <translation>Ņemt</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Beigt</translation>
    </message>
    <message>
        <source>Cancel reservation?</source>
        <extracomment>Account screen: asked on a reservation's row before it is cancelled</extracomment>
        <translation>Atcelt rezervāciju?</translation>
    </message>
    <message>
        <source>Yes</source>
        <extracomment>Button: yes, cancel this reservation</extracomment>
        <translation>Jā</translation>
    </message>
    <message>
        <source>No</source>
        <extracomment>Button: no, keep this reservation</extracomment>
        <translation>Nē</translation>
    </message>
    <message>
        <source>Undo</source>
        <extracomment>Button: place the reservation just cancelled again</extracomment>
        <translation>Atsaukt</translation>
    </message>
    <message>
        <source>You can pay at the desk.</source>
        <extracomment>Account screen, fines tab: how to pay a fine</extracomment>
        <translation>Samaksāt varat pie letes.</translation>
    </message>
    <message>
        <source>or scan to pay online</source>
        <extracomment>Under the QR code of the library's online payment page</extracomment>
        <translation>vai noskenējiet, lai samaksātu tiešsaistē</translation>
    </message>
</context>
<context>
    <name>CallStaffButton</name>
    <message>
        <source>Staff called: someone is coming</source>
        <translation>Palīdzība izsaukta: kāds jau nāk</translation>
    </message>
    <message>
        <source>Call staff</source>
        <extracomment>Top bar button on every patron screen: ask a librarian for help</extracomment>
        <translation>Izsaukt darbinieku</translation>
    </message>
    <message>
        <source>Staff called</source>
        <extracomment>Top bar button while the patron's call for staff waits (short: the screen's notice says the rest)</extracomment>
        <translation>Palīdzība izsaukta</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <source>Hello, %1</source>
        <extracomment>Checkout screen title; %1 is the patron's name</extracomment>
        <translation>Sveiki, %1</translation>
    </message>
    <message>
        <source>Your items</source>
        <translation>Jūsu eksemplāri</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <extracomment>Checkout screen while the items are processed</extracomment>
        <translation>Nolasa eksemplārus uz paliktņa…</translation>
    </message>
    <message>
        <source>Borrowed: %1. Problems: %2.</source>
        <extracomment>Checkout screen summary: %1 items borrowed, %2 with problems</extracomment>
        <translation>Izsniegti: %1. Problēmas: %2.</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Button: to the account screen</extracomment>
        <translation>Mans konts</translation>
    </message>
    <message>
        <source>Finish</source>
        <extracomment>Button: end the visit</extracomment>
        <translation>Beigt</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Nolasa eksemplārus uz paliktņa: %1</translation>
    </message>
    <message>
        <source>Place your items on the pad: each is borrowed as soon as it is read.</source>
        <extracomment>Checkout screen with nothing done yet</extracomment>
        <translation>Novietojiet eksemplārus uz paliktņa: katrs tiek izsniegts, tiklīdz tas ir nolasīts.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Uzlieciet grāmatas uz paliktņa, ne augstāk par sarkano līniju.</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Your session has ended</source>
        <extracomment>Goodbye screen after the idle timeout</extracomment>
        <translation>Jūsu sesija ir beigusies</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Paldies, uz redzēšanos!</translation>
    </message>
    <message>
        <source>For your privacy, your details have been cleared from the screen.</source>
        <translation>Jūsu privātuma labad jūsu dati ir notīrīti no ekrāna.</translation>
    </message>
    <message>
        <source>Please take your card and your books.</source>
        <extracomment>Goodbye screen reminder</extracomment>
        <translation>Lūdzu, paņemiet savu karti un grāmatas.</translation>
    </message>
    <message>
        <source>Before you go:</source>
        <extracomment>Goodbye screen: above the items that were not lent or returned</extracomment>
        <translation>Pirms dodaties prom:</translation>
    </message>
    <message>
        <source>Back to start</source>
        <extracomment>Button on the goodbye screen: back to the welcome screen</extracomment>
        <translation>Uz sākumu</translation>
    </message>
    <message>
        <source>Back to the start in %1 s</source>
        <extracomment>Goodbye screen: seconds until the welcome screen comes back by itself</extracomment>
        <translation>Uz sākumu pēc %1 s</translation>
    </message>
</context>
<context>
    <name>HoldScreen</name>
    <message>
        <source>Reserve an item</source>
        <extracomment>Reserve screen title</extracomment>
        <translation>Rezervēt eksemplāru</translation>
    </message>
    <message>
        <source>Item number</source>
        <extracomment>Placeholder of the item number field</extracomment>
        <translation>Eksemplāra numurs</translation>
    </message>
    <message>
        <source>Pick up at:</source>
        <extracomment>Label above the list of branches</extracomment>
        <translation>Saņemt:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atpakaļ</translation>
    </message>
    <message>
        <source>Reserve</source>
        <extracomment>Button: place the reservation</extracomment>
        <translation>Rezervēt</translation>
    </message>
    <message>
        <source>Lay the book you want to reserve on the pad, or type its number. Then choose where you will pick it up.</source>
        <extracomment>Reserve screen instructions</extracomment>
        <translation>Novietojiet grāmatu, ko vēlaties rezervēt, uz paliktņa vai ievadiet tās numuru. Pēc tam izvēlieties, kur to saņemsiet.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Place your library card on the pad</source>
        <extracomment>Identify screen title</extracomment>
        <translation>Novietojiet bibliotēkas karti uz paliktņa</translation>
    </message>
    <message>
        <source>Or type your card number, then your PIN.</source>
        <extracomment>Identify screen: the alternative to the card</extracomment>
        <translation>Vai ievadiet kartes numuru un pēc tam PIN.</translation>
    </message>
    <message>
        <source>Card number</source>
        <extracomment>Label of the card number field</extracomment>
        <translation>Kartes numurs</translation>
    </message>
    <message>
        <source>Card on the pad</source>
        <extracomment>Shown in the card field once the card on the pad was read</extracomment>
        <translation>Karte uz paliktņa</translation>
    </message>
    <message>
        <source>PIN</source>
        <extracomment>Label of the PIN field</extracomment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the welcome screen</extracomment>
        <translation>Atpakaļ</translation>
    </message>
    <message>
        <source>Your card has been read. Type your PIN and press OK.</source>
        <extracomment>Identify screen once the card was read</extracomment>
        <translation>Jūsu karte ir nolasīta. Ievadiet PIN un nospiediet „Labi”.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Library self-service</source>
        <extracomment>Window title</extracomment>
        <translation>Bibliotēkas pašapkalpošanās</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <source>Training mode: nothing done here is a real loan</source>
        <extracomment>Banner on a kiosk used to teach staff; loans made on it are not real</extracomment>
        <translation>Apmācību režīms: šeit nekas netiek izsniegts pa īstam</translation>
    </message>
</context>
<context>
    <name>OutcomeDelegate</name>
    <message>
        <source>Please take this item to the desk.</source>
        <extracomment>Shown under an item that could not be processed</extracomment>
        <translation>Lūdzu, aiznesiet šo eksemplāru pie letes.</translation>
    </message>
</context>
<context>
    <name>PatronText</name>
    <message>
        <source>Borrowed</source>
        <extracomment>%1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Izsniegts</translation>
    </message>
    <message>
        <source>Returned (recorded, will be confirmed later)</source>
        <translation>Nodots (reģistrēts, tiks apstiprināts vēlāk)</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Nodots</translation>
    </message>
    <message>
        <source>Renewed</source>
        <extracomment>%1 is "until &lt;new due date&gt;" with its preposition, in the language's form</extracomment>
        <translation>Pagarināts</translation>
    </message>
    <message>
        <source>Reserved: you are number %1 in the queue</source>
        <extracomment>%1 is the patron's place in the queue for a reserved item</extracomment>
        <translation>Rezervēts: jūs esat %1. rindā</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Rezervēts</translation>
    </message>
    <message>
        <source>Reservation cancelled</source>
        <extracomment>A reservation was cancelled</extracomment>
        <translation>Rezervācija atcelta</translation>
    </message>
    <message>
        <source>This item cannot be borrowed. Please ask at the desk.</source>
        <translation>Šo eksemplāru nevar izsniegt. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>Only %1 of %2 parts are on the pad. Put all parts on the pad.</source>
        <extracomment>A set (book with CD etc.): %1 parts found of %2</extracomment>
        <translation>Uz paliktņa ir tikai %1 no %2 daļām. Novietojiet visas daļas.</translation>
    </message>
    <message>
        <source>The label of this item cannot be read. Please take it to the desk.</source>
        <translation>Šī eksemplāra uzlīmi nevar nolasīt. Lūdzu, aiznesiet to pie letes.</translation>
    </message>
    <message>
        <source>This item could not be finished. Please take it to the desk.</source>
        <translation>Šo eksemplāru nevarēja apstrādāt. Lūdzu, aiznesiet to pie letes.</translation>
    </message>
    <message>
        <source>The library system is not answering. Please ask at the desk.</source>
        <translation>Bibliotēkas sistēma neatbild. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>No more items can be borrowed until the library system is back.</source>
        <translation>Vairāk eksemplāru nevar izsniegt, kamēr bibliotēkas sistēma nedarbojas.</translation>
    </message>
    <message>
        <source>This cannot be done until the library system is back.</source>
        <translation>To nevar izdarīt, kamēr bibliotēkas sistēma nedarbojas.</translation>
    </message>
    <message>
        <source>This is not a library item.</source>
        <translation>Tas nav bibliotēkas eksemplārs.</translation>
    </message>
    <message>
        <source>The kiosk could not record this. Please ask at the desk.</source>
        <translation>Kiosks to nevarēja reģistrēt. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>Please identify yourself first.</source>
        <translation>Lūdzu, vispirms identificējieties.</translation>
    </message>
    <message>
        <source>On the shelf</source>
        <translation>Plauktā</translation>
    </message>
    <message>
        <source>On loan</source>
        <translation>Izsniegts</translation>
    </message>
    <message>
        <source>Waiting for someone who reserved it</source>
        <translation>Gaida lasītāju, kas to rezervēja</translation>
    </message>
    <message>
        <source>On its way between branches</source>
        <translation>Ceļā starp filiālēm</translation>
    </message>
    <message>
        <source>Just returned, back on the shelf soon</source>
        <translation>Tikko nodots, drīz būs plauktā</translation>
    </message>
    <message>
        <source>Not available at the moment</source>
        <translation>Pašlaik nav pieejams</translation>
    </message>
    <message>
        <source>Please ask at the desk.</source>
        <translation>Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item: please put it on the reservations shelf.</source>
        <extracomment>A returned item someone has reserved at this branch</extracomment>
        <translation>Šo eksemplāru kāds gaida: lūdzu, novietojiet to rezervāciju plauktā.</translation>
    </message>
    <message>
        <source>This item travels to another branch: please put it in the return box.</source>
        <translation>Šis eksemplārs dodas uz citu filiāli: lūdzu, ielieciet to nodošanas kastē.</translation>
    </message>
    <message>
        <source>This item travels to %1: please put it in the return box.</source>
        <extracomment>%1 is the branch the item travels to</extracomment>
        <translation>Šis eksemplārs dodas uz: %1. Lūdzu, ielieciet to nodošanas kastē.</translation>
    </message>
    <message>
        <source>You have borrowed as many items as you may. Return some to borrow more.</source>
        <extracomment>The library system says the patron has as many loans as allowed</extracomment>
        <translation>Jūs esat paņēmis atļauto eksemplāru skaitu. Nododiet kādu, lai paņemtu vēl.</translation>
    </message>
    <message>
        <source>Some of your items are overdue. Please return them or ask at the desk.</source>
        <translation>Dažiem jūsu eksemplāriem ir nokavēts nodošanas termiņš. Lūdzu, nododiet tos vai vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>Some of your items cannot be renewed again.</source>
        <translation>Dažus jūsu eksemplārus vairs nevar pagarināt.</translation>
    </message>
    <message>
        <source>Items on your card are recorded as lost. Please ask at the desk.</source>
        <translation>Jūsu kartē ir eksemplāri, kas reģistrēti kā pazaudēti. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>You cannot borrow until your fines are paid. Please ask at the desk.</source>
        <translation>Jūs nevarat ņemt grāmatas, kamēr nav samaksāti kavējuma naudas parādi. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>An item someone else is waiting for is overdue on your card. Please return it.</source>
        <extracomment>A recalled item (someone else reserved it) is overdue on the patron's card</extracomment>
        <translation>Jūsu kartē ir nokavēts eksemplārs, ko gaida cits lasītājs. Lūdzu, nododiet to.</translation>
    </message>
    <message>
        <source>Please put it here: %1.</source>
        <extracomment>%1 is where returned items of this kind go, as the library names it on its signs ("Trolley 1 (blue)")</extracomment>
        <translation>Lūdzu, novietojiet to šeit: %1.</translation>
    </message>
    <message>
        <source>Please put it on the return trolley.</source>
        <translation>Lūdzu, novietojiet to uz nodošanas ratiņiem.</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Laipni lūdzam!</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>Pašlaik jūs nevarat ņemt grāmatas. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>PIN nav pareizs. Lūdzu, mēģiniet vēlreiz.</translation>
    </message>
    <message>
        <source>This card is not known. Please ask at the desk.</source>
        <translation>Šī karte nav zināma. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>No library card found. Place your card on the pad or type its number.</source>
        <translation>Bibliotēkas karte nav atrasta. Novietojiet karti uz paliktņa vai ievadiet tās numuru.</translation>
    </message>
    <message>
        <source>Borrowing is not possible right now. Returns still work.</source>
        <translation>Pašlaik nevar izsniegt. Nodot grāmatas var.</translation>
    </message>
    <message>
        <source>Please wait a moment and try again.</source>
        <translation>Lūdzu, uzgaidiet brīdi un mēģiniet vēlreiz.</translation>
    </message>
    <message>
        <source>No items on the pad. Place your items on the pad.</source>
        <translation>Uz paliktņa nav eksemplāru. Novietojiet tos uz paliktņa.</translation>
    </message>
    <message>
        <source>The pad is not answering. Please ask at the desk.</source>
        <translation>Paliktnis neatbild. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>This is not possible right now. Please try again later.</source>
        <translation>Pašlaik tas nav iespējams. Lūdzu, mēģiniet vēlāk.</translation>
    </message>
    <message>
        <source>The number of items on the pad is not what you said. Nothing was borrowed.</source>
        <translation>Eksemplāru skaits uz paliktņa neatbilst norādītajam. Nekas netika izsniegts.</translation>
    </message>
    <message>
        <source>The library system is not answering. What you do is recorded and will be confirmed later.</source>
        <extracomment>Banner while the library system is unreachable</extracomment>
        <translation>Bibliotēkas sistēma neatbild. Jūsu darbības tiek reģistrētas un tiks apstiprinātas vēlāk.</translation>
    </message>
    <message>
        <source>The library system is not answering. Returns are recorded; borrowing is at the desk.</source>
        <translation>Bibliotēkas sistēma neatbild. Nodošana tiek reģistrēta; izsniegšana notiek pie letes.</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <translation>Šis kiosks nedarbojas. Lūdzu, dodieties pie letes.</translation>
    </message>
    <message>
        <source>This card cannot be read. Please ask at the desk.</source>
        <extracomment>A card whose number cannot be sent to the library system (damaged or rewritten card)</extracomment>
        <translation>Šo karti nevar nolasīt. Lūdzu, vērsieties pie bibliotekāra.</translation>
    </message>
    <message>
        <source>Borrowed (recorded, will be confirmed later)</source>
        <extracomment>A loan recorded while the library system was away; %1 is "until &lt;date&gt;" in the language's form</extracomment>
        <translation>Izsniegts (reģistrēts, tiks apstiprināts vēlāk)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1 (recorded, will be confirmed later)</source>
        <translation>Izsniegts, jānodod %1 (reģistrēts, tiks apstiprināts vēlāk)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1</source>
        <translation>Izsniegts, jānodod %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Pagarināts, jānodod %1</translation>
    </message>
    <message>
        <source>This item could not be returned here.</source>
        <extracomment>The library system refused an item; its own words, if any, follow in small print</extracomment>
        <translation>Šo eksemplāru šeit nevarēja nodot.</translation>
    </message>
    <message>
        <source>This item cannot be lent here.</source>
        <translation>Šo eksemplāru šeit nevar izsniegt.</translation>
    </message>
    <message>
        <source>On loan, due back %1</source>
        <translation>Izsniegts, jānodod %1</translation>
    </message>
    <message>
        <source>This item belongs to another library. Please take it to the desk.</source>
        <extracomment>The item's RFID tag names a library outside the regional network as its owner</extracomment>
        <translation>Šis eksemplārs pieder citai bibliotēkai. Lūdzu, nogādājiet to pie letes.</translation>
    </message>
    <message>
        <source>This item has no security label. Please borrow it at the desk.</source>
        <extracomment>An item with a barcode and no security label, which this library lends only at the desk</extracomment>
        <translation>Šim eksemplāram nav drošības uzlīmes. Lūdzu, ņemiet to pie letes.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item.</source>
        <translation>Šis kods nav bibliotēkas karte vai eksemplārs.</translation>
    </message>
    <message>
        <source>This book has no security label: please carry it round the security gate.</source>
        <extracomment>A book lent by its barcode: it has no RFID label, so the gate cannot tell it is lent</extracomment>
        <translation>Šai grāmatai nav drošības uzlīmes: lūdzu, iznesiet to garām drošības vārtiem.</translation>
    </message>
    <message>
        <source>This card is from a library outside our network. Please ask at the desk.</source>
        <translation>Šī karte ir no bibliotēkas ārpus mūsu tīkla. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>This card is from %1, which is not in our network. Please ask at the desk.</source>
        <extracomment>%1 is the library that issued the card (its own name, not translated)</extracomment>
        <translation>Šī karte ir no bibliotēkas „%1”, kas nav mūsu tīklā. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item. Please try again or ask at the desk.</source>
        <extracomment>A scanned barcode or QR code that is no library card, item or staff card of this network</extracomment>
        <translation>Šis kods nav bibliotēkas karte vai eksemplārs. Lūdzu, mēģiniet vēlreiz vai vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>Please finish this visit first.</source>
        <translation>Lūdzu, vispirms pabeidziet šo apmeklējumu.</translation>
    </message>
    <message>
        <source>This item was lifted too soon. Please put it back on the pad.</source>
        <extracomment>A book taken off the pad before the kiosk was done with it: nothing changed, it is done once back</extracomment>
        <translation>Šis eksemplārs tika pacelts par agru. Lūdzu, nolieciet to atpakaļ uz paliktņa.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Delete</source>
        <extracomment>PIN pad key: remove the last digit typed</extracomment>
        <translation>Dzēst</translation>
    </message>
    <message>
        <source>OK</source>
        <extracomment>PIN pad key: log in with the card and the PIN typed</extracomment>
        <translation>Labi</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Your receipt</source>
        <extracomment>Receipt screen title when the receipt is on screen</extracomment>
        <translation>Jūsu kvīts</translation>
    </message>
    <message>
        <source>Would you like a receipt?</source>
        <extracomment>Receipt choice screen title</extracomment>
        <translation>Vai vēlaties kvīti?</translation>
    </message>
    <message>
        <source>Scan with your phone to keep this receipt.</source>
        <extracomment>Under the QR code of the receipt</extracomment>
        <translation>Noskenējiet ar tālruni, lai saglabātu šo kvīti.</translation>
    </message>
    <message>
        <source>Print</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Drukāt</translation>
    </message>
    <message>
        <source>Email</source>
        <extracomment>Receipt choice</extracomment>
        <translation>E-pastā</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <extracomment>Receipt choice: show on screen with a QR code</extracomment>
        <translation>Rādīt ekrānā</translation>
    </message>
    <message>
        <source>No receipt</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Bez kvīts</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Button after the receipt was shown on screen</extracomment>
        <translation>Beigt</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>Return books</source>
        <extracomment>Return screen title</extracomment>
        <translation>Nodot grāmatas</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <translation>Nolasa eksemplārus uz paliktņa…</translation>
    </message>
    <message>
        <source>Returned: %1. Problems: %2.</source>
        <extracomment>Return screen summary: %1 items returned, %2 with problems</extracomment>
        <translation>Nodoti: %1. Problēmas: %2.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Beigt</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Nolasa eksemplārus uz paliktņa: %1</translation>
    </message>
    <message>
        <source>Place the items you are returning on the pad: each is returned as soon as it is read.</source>
        <extracomment>Return screen with nothing returned yet</extracomment>
        <translation>Novietojiet nododamos eksemplārus uz paliktņa: katrs tiek pieņemts, tiklīdz tas ir nolasīts.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Uzlieciet grāmatas uz paliktņa, ne augstāk par sarkano līniju.</translation>
    </message>
</context>
<context>
    <name>ScreenReader</name>
    <message>
        <source>Buttons: %1</source>
        <extracomment>Read aloud after a screen's heading and instructions; %1 is the buttons' names, e.g. "Borrow books, Return books"</extracomment>
        <translation>Pogas: %1</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>The library system is not answering: your loans will be confirmed later.</source>
        <translation>Bibliotēkas sistēma neatbild: jūsu izsniegumi tiks apstiprināti vēlāk.</translation>
    </message>
    <message>
        <source>This card is reported lost. Please ask at the desk.</source>
        <translation>Šī karte ir pieteikta kā pazaudēta. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>Pašlaik jūs nevarat ņemt grāmatas. Lūdzu, vaicājiet pie letes.</translation>
    </message>
    <message>
        <source>You owe %1</source>
        <extracomment>Account screen; %1 is an amount of money</extracomment>
        <translation>Jūsu parāds: %1</translation>
    </message>
    <message>
        <source>Borrowed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Izsniegts: %1, jānodod %2</translation>
    </message>
    <message>
        <source>Borrowed: %1</source>
        <translation>Izsniegts: %1</translation>
    </message>
    <message>
        <source>Returned: %1</source>
        <translation>Nodots: %1</translation>
    </message>
    <message>
        <source>Renewed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Pagarināts: %1, jānodod %2</translation>
    </message>
    <message>
        <source>Renewed: %1</source>
        <translation>Pagarināts: %1</translation>
    </message>
    <message>
        <source>* Recorded while the library system was not answering; it will be confirmed later.</source>
        <translation>* Reģistrēts, kamēr bibliotēkas sistēma neatbildēja; tas tiks apstiprināts vēlāk.</translation>
    </message>
    <message>
        <source>Type the number of the item you want to reserve.</source>
        <translation>Ievadiet rezervējamā eksemplāra numuru.</translation>
    </message>
    <message>
        <source>Card found. Now type your PIN.</source>
        <translation>Karte atrasta. Tagad ievadiet PIN.</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen for more time.</source>
        <extracomment>Spoken when the session is about to end for inactivity</extracomment>
        <translation>Vai jūs vēl esat šeit? Pieskarieties ekrānam, lai saņemtu vairāk laika.</translation>
    </message>
    <message>
        <source>Your session has ended. Your details have been cleared from the screen.</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Jūsu sesija ir beigusies. Jūsu dati ir notīrīti no ekrāna.</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <translation>Paldies, uz redzēšanos!</translation>
    </message>
    <message>
        <source>Your library receipt</source>
        <extracomment>Subject of the emailed receipt</extracomment>
        <translation>Jūsu bibliotēkas kvīts</translation>
    </message>
    <message>
        <source>The receipt could not be emailed. Please choose another way.</source>
        <translation>Kvīti neizdevās nosūtīt pa e-pastu. Lūdzu, izvēlieties citu veidu.</translation>
    </message>
    <message>
        <source>The receipt could not be printed. Please choose another way.</source>
        <translation>Kvīti neizdevās izdrukāt. Lūdzu, izvēlieties citu veidu.</translation>
    </message>
    <message>
        <source>Too many tries. Try again in %1 s.</source>
        <translation>Pārāk daudz mēģinājumu. Mēģiniet vēlreiz pēc %1 s.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>PIN nav pareizs. Lūdzu, mēģiniet vēlreiz.</translation>
    </message>
    <message>
        <source>Card %1</source>
        <extracomment>Receipt: the patron's card, masked; %1 is its last four digits</extracomment>
        <translation>Karte %1</translation>
    </message>
    <message>
        <source>Not returned: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not returned; %1 its title</extracomment>
        <translation>Nav nodots: %1. Lūdzu, parādiet to darbiniekam.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not lent; %1 its title</extracomment>
        <translation>Nav izsniegts: %1. Lūdzu, parādiet to darbiniekam.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please leave it on the desk.</source>
        <extracomment>Receipt and goodbye: an item that was not lent and needs no staff; %1 its title</extracomment>
        <translation>Nav izsniegts: %1. Lūdzu, atstājiet to uz letes.</translation>
    </message>
    <message>
        <source>%1 of %2 read</source>
        <extracomment>Reading the pad: %1 items read so far of %2 on the pad</extracomment>
        <translation>nolasīti %1 no %2</translation>
    </message>
    <message>
        <source>Staff have been called. Someone is coming to help you.</source>
        <extracomment>Notice after the patron pressed "Call staff"</extracomment>
        <translation>Bibliotēkas darbinieki ir izsaukti. Kāds drīz nāks jums palīdzēt.</translation>
    </message>
</context>
<context>
    <name>StaffController</name>
    <message>
        <source>Offline: nothing (the kiosk stops when the ILS is away)</source>
        <translation>Bezsaistē: nekas (kiosks apstājas, kad sistēma nav pieejama)</translation>
    </message>
    <message>
        <source>Offline: returns only</source>
        <translation>Bezsaistē: tikai nodošana</translation>
    </message>
    <message>
        <source>Offline: returns and up to %1 loans a visit</source>
        <extracomment>%1 is the number of loans one visit may take offline</extracomment>
        <translation>Bezsaistē: nodošana un līdz %1 izsniegumiem vienā reizē</translation>
    </message>
    <message>
        <source>%1 · alarms %2 · people in %3, out %4 · readers %5 of %6 working%7</source>
        <translation>%1 · trauksmes %2 · ienāca %3, izgāja %4 · strādā %5 no %6 lasītājiem%7</translation>
    </message>
    <message>
        <source>no gate configured ([staff] gate_status)</source>
        <translation>vārti nav iestatīti ([staff] gate_status)</translation>
    </message>
    <message>
        <source>waiting %1 · sending %2 · uncertain %3 · exceptions %4 · done %5</source>
        <translation>gaida %1 · sūta %2 · neskaidri %3 · izņēmumi %4 · gatavi %5</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>Staff screen: no patron has called staff</extracomment>
        <translation>nav</translation>
    </message>
    <message>
        <source>waiting since %1 (screen %2)</source>
        <extracomment>Staff screen: a patron's call for staff; %1 the time it was raised, %2 the screen it came from</extracomment>
        <translation>gaida kopš %1 (ekrāns %2)</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>Staff</source>
        <extracomment>Staff screen title</extracomment>
        <translation>Darbinieki</translation>
    </message>
    <message>
        <source>Reader</source>
        <extracomment>Staff screen: the kiosk's RFID reader</extracomment>
        <translation>Lasītājs</translation>
    </message>
    <message>
        <source>Library system</source>
        <extracomment>Staff screen: the library system (ILS)</extracomment>
        <translation>Bibliotēkas sistēma</translation>
    </message>
    <message>
        <source>Queue</source>
        <extracomment>Staff screen: the offline queue</extracomment>
        <translation>Rinda</translation>
    </message>
    <message>
        <source>Gate</source>
        <extracomment>Staff screen: the security gate</extracomment>
        <translation>Vārti</translation>
    </message>
    <message>
        <source>Policy</source>
        <extracomment>Staff screen: what the kiosk does while the ILS is unreachable</extracomment>
        <translation>Kārtība</translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>Staff screen: the kiosk software's version, commit and build date</extracomment>
        <translation>Versija</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Staff button: read every status again</extracomment>
        <translation>Atjaunot</translation>
    </message>
    <message>
        <source>Send queue now</source>
        <extracomment>Staff button: send the queued transactions now</extracomment>
        <translation>Sūtīt rindu tagad</translation>
    </message>
    <message>
        <source>Leave training mode</source>
        <extracomment>Staff button: restart on the real library system</extracomment>
        <translation>Iziet no apmācību režīma</translation>
    </message>
    <message>
        <source>Training mode</source>
        <extracomment>Staff button: restart against the simulator for teaching</extracomment>
        <translation>Apmācību režīms</translation>
    </message>
    <message>
        <source>Exit to desktop</source>
        <extracomment>Staff button: close the kiosk app</extracomment>
        <translation>Iziet uz darbvirsmu</translation>
    </message>
    <message>
        <source>Back to patrons</source>
        <extracomment>Staff button: back to the welcome screen</extracomment>
        <translation>Atpakaļ pie lasītājiem</translation>
    </message>
    <message>
        <source>Staff call</source>
        <extracomment>Staff screen: a patron pressed "Call staff"</extracomment>
        <translation>Darbinieka izsaukums</translation>
    </message>
    <message>
        <source>Acknowledge call</source>
        <extracomment>Staff button: the patron's call for staff has been seen (the desk light goes out)</extracomment>
        <translation>Apstiprināt izsaukumu</translation>
    </message>
</context>
<context>
    <name>StepIndicator</name>
    <message>
        <source>Card</source>
        <extracomment>Step indicator: the step where the patron shows the library card and types the PIN</extracomment>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Books</source>
        <extracomment>Step indicator: the step where the books are laid on the pad</extracomment>
        <translation>Grāmatas</translation>
    </message>
    <message>
        <source>Receipt</source>
        <extracomment>Step indicator: the step where the patron chooses a receipt</extracomment>
        <translation>Čeks</translation>
    </message>
    <message>
        <source>Account</source>
        <extracomment>Step indicator: the patron's account (loans, reservations, fines)</extracomment>
        <translation>Konts</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <extracomment>Step indicator for screen readers: %1 is the step's number, %2 how many steps, %3 its name</extracomment>
        <translation>%1. solis no %2: %3</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <source>Are you still there?</source>
        <extracomment>The session is about to end for inactivity</extracomment>
        <translation>Vai jūs vēl esat šeit?</translation>
    </message>
    <message>
        <source>For your privacy, this session will end. Seconds left: %1</source>
        <extracomment>%1 is the number of seconds before the session ends</extracomment>
        <translation>Jūsu privātuma labad šī sesija beigsies. Atlikušas sekundes: %1</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <extracomment>Button on the timeout warning</extracomment>
        <translation>Jā, man vajag vairāk laika</translation>
    </message>
    <message>
        <source>I am finished</source>
        <extracomment>Button on the timeout warning</extracomment>
        <translation>Beigt</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Accessibility</source>
        <extracomment>Top bar button opening larger text, high contrast and read-aloud</extracomment>
        <translation>Pieejamība</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Welcome to the library</source>
        <extracomment>Welcome screen title</extracomment>
        <translation>Laipni lūdzam bibliotēkā</translation>
    </message>
    <message>
        <source>Choose what you would like to do. You can change the language at the top.</source>
        <extracomment>Welcome screen: what to do</extracomment>
        <translation>Izvēlieties, ko vēlaties darīt. Valodu var mainīt augšā.</translation>
    </message>
    <message>
        <source>Borrow books</source>
        <extracomment>Welcome screen button</extracomment>
        <translation>Ņemt grāmatas</translation>
    </message>
    <message>
        <source>Return books</source>
        <extracomment>Welcome screen button (no library card needed)</extracomment>
        <translation>Nodot grāmatas</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <extracomment>Welcome screen while the kiosk cannot serve anyone (the choices below are off)</extracomment>
        <translation>Šis kiosks nedarbojas. Lūdzu, dodieties pie letes.</translation>
    </message>
    <message>
        <source>Opening hours: %1</source>
        <extracomment>Welcome screen, at the foot; %1 is the library's opening hours as it writes them</extracomment>
        <translation>Darba laiks: %1</translation>
    </message>
    <message>
        <source>With your library card</source>
        <extracomment>Welcome screen, under "Borrow books"</extracomment>
        <translation>Ar savu bibliotēkas karti</translation>
    </message>
    <message>
        <source>No card needed</source>
        <extracomment>Welcome screen, under "Return books"</extracomment>
        <translation>Karte nav vajadzīga</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Welcome screen button: loans, due dates, reservations, fines</extracomment>
        <translation>Mans konts</translation>
    </message>
    <message>
        <source>Renewals, reservations, fines</source>
        <extracomment>Welcome screen, under "My account"</extracomment>
        <translation>Pagarināšana, rezervācijas, soda naudas</translation>
    </message>
    <message>
        <source>To start borrowing, you can also lay your library card on the pad.</source>
        <extracomment>Welcome screen, beside the picture of a card on the pad</extracomment>
        <translation>Lai sāktu ņemt grāmatas, varat arī uzlikt bibliotēkas karti uz paliktņa.</translation>
    </message>
</context>
</TS>
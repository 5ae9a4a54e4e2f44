<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="lt" sourcelanguage="en">
<context>
    <name>AccessibilityPanel</name>
    <message>
        <source>Accessibility</source>
        <extracomment>Title of the accessibility panel</extracomment>
        <translation>Prieinamumas</translation>
    </message>
    <message>
        <source>Larger text</source>
        <extracomment>Toggle for bigger letters on every screen</extracomment>
        <translation>Didesnis tekstas</translation>
    </message>
    <message>
        <source>High contrast</source>
        <extracomment>Toggle for the high-contrast colours</extracomment>
        <translation>Didelis kontrastas</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <extracomment>Toggle for reading the screen aloud</extracomment>
        <translation>Skaityti garsiai</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Closes the accessibility panel</extracomment>
        <translation>Uždaryti</translation>
    </message>
    <message>
        <source>Repeat</source>
        <extracomment>Says the last thing read aloud again</extracomment>
        <translation>Pakartoti</translation>
    </message>
    <message>
        <source>Slower</source>
        <extracomment>Toggle for reading aloud more slowly</extracomment>
        <translation>Lėčiau</translation>
    </message>
    <message>
        <source>Less movement</source>
        <extracomment>Toggle: the pictures stop moving and nothing slides</extracomment>
        <translation>Mažiau judesio</translation>
    </message>
</context>
<context>
    <name>AccountModel</name>
    <message>
        <source>Overdue since %1</source>
        <translation>Vėluoja nuo %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <extracomment>Account screen; %1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Grąžinti %1</translation>
    </message>
    <message>
        <source>Ready for you at %1</source>
        <translation>Laukia jūsų: %1</translation>
    </message>
    <message>
        <source>Number %1 in the queue, pick up at %2</source>
        <extracomment>Account screen: place in the queue for a reserved item (%1), pickup branch (%2)</extracomment>
        <translation>Eilėje %1, atsiimti: %2</translation>
    </message>
    <message>
        <source>Waiting, pick up at %1</source>
        <translation>Laukiama, atsiimti: %1</translation>
    </message>
    <message>
        <source>Ready for you on the reservations shelf</source>
        <extracomment>Account screen: a reserved item is waiting on the hold shelf</extracomment>
        <translation>Laukia jūsų rezervacijų lentynoje</translation>
    </message>
    <message>
        <source>Number %1 in the queue</source>
        <extracomment>Account screen: place in the queue for a reserved item</extracomment>
        <translation>Eilėje %1</translation>
    </message>
    <message>
        <source>Waiting for your turn</source>
        <extracomment>Account screen: a reservation not yet ready</extracomment>
        <translation>Laukiama jūsų eilės</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <extracomment>Account screen: a reservation just cancelled (an Undo button follows for a few seconds)</extracomment>
        <translation>Atšaukta</translation>
    </message>
</context>
<context>
    <name>AccountScreen</name>
    <message>
        <source>My account</source>
        <extracomment>Account screen title</extracomment>
        <translation>Mano paskyra</translation>
    </message>
    <message>
        <source>Loans: %1 (overdue: %2). Reservations: %3.</source>
        <extracomment>Account summary: %1 loans, %2 overdue, %3 reservations</extracomment>
        <translation>Paskolos: %1 (vėluojančios: %2). Rezervacijos: %3.</translation>
    </message>
    <message>
        <source>Loans</source>
        <extracomment>Account tab</extracomment>
        <translation>Paskolos</translation>
    </message>
    <message>
        <source>Reservations</source>
        <extracomment>Account tab</extracomment>
        <translation>Rezervacijos</translation>
    </message>
    <message>
        <source>Fines</source>
        <extracomment>Account tab</extracomment>
        <translation>Baudos</translation>
    </message>
    <message>
        <source>Renew</source>
        <extracomment>Button: renew this loan</extracomment>
        <translation>Pratęsti</translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <extracomment>Account screen with no loans</extracomment>
        <translation>Neturite paskolintų leidinių.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: cancel this reservation (asks first)</extracomment>
        <translation>Atšaukti</translation>
    </message>
    <message>
        <source>You have no reservations.</source>
        <extracomment>Account screen with no reservations</extracomment>
        <translation>Neturite rezervacijų.</translation>
    </message>
    <message>
        <source>You owe nothing.</source>
        <extracomment>Account screen with no fines</extracomment>
        <translation>Neturite skolų.</translation>
    </message>
    <message>
        <source>Renew all</source>
        <extracomment>Button: renew every loan</extracomment>
        <translation>Pratęsti visas</translation>
    </message>
    <message>
        <source>Reserve an item</source>
        <extracomment>Button: to the screen for reserving an item</extracomment>
        <translation>Rezervuoti leidinį</translation>
    </message>
    <message>
        <source>Borrow</source>
        <extracomment>Button: to the checkout screen</extracomment>
        <translation>Skolintis</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Baigti</translation>
    </message>
    <message>
        <source>Cancel reservation?</source>
        <extracomment>Account screen: asked on a reservation's row before it is cancelled</extracomment>
        <translation>Atšaukti rezervaciją?</translation>
    </message>
    <message>
        <source>Yes</source>
        <extracomment>Button: yes, cancel this reservation</extracomment>
        <translation>Taip</translation>
    </message>
    <message>
        <source>No</source>
        <extracomment>Button: no, keep this reservation</extracomment>
        <translation>Ne</translation>
    </message>
    <message>
        <source>Undo</source>
        <extracomment>Button: place the reservation just cancelled again</extracomment>
        <translation>Grąžinti</translation>
    </message>
    <message>
        <source>You can pay at the desk.</source>
        <extracomment>Account screen, fines tab: how to pay a fine</extracomment>
        <translation>Sumokėti galite bibliotekos darbuotojui.</translation>
    </message>
    <message>
        <source>or scan to pay online</source>
        <extracomment>Under the QR code of the library's online payment page</extracomment>
        <translation>arba nuskenuokite ir sumokėkite internetu</translation>
    </message>
</context>
<context>
    <name>CallStaffButton</name>
    <message>
        <source>Staff called: someone is coming</source>
        <translation>Pagalba iškviesta: kažkas jau ateina</translation>
    </message>
    <message>
        <source>Call staff</source>
        <extracomment>Top bar button on every patron screen: ask a librarian for help</extracomment>
        <translation>Kviesti darbuotoją</translation>
    </message>
    <message>
        <source>Staff called</source>
        <extracomment>Top bar button while the patron's call for staff waits (short: the screen's notice says the rest)</extracomment>
        <translation>Pagalba iškviesta</translation>
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
        <translation>Jūsų leidiniai</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <extracomment>Checkout screen while the items are processed</extracomment>
        <translation>Skaitomi leidiniai ant skaitytuvo…</translation>
    </message>
    <message>
        <source>Borrowed: %1. Problems: %2.</source>
        <extracomment>Checkout screen summary: %1 items borrowed, %2 with problems</extracomment>
        <translation>Išduota: %1. Problemos: %2.</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Button: to the account screen</extracomment>
        <translation>Mano paskyra</translation>
    </message>
    <message>
        <source>Finish</source>
        <extracomment>Button: end the visit</extracomment>
        <translation>Baigti</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Skaitomi leidiniai ant skaitytuvo: %1</translation>
    </message>
    <message>
        <source>Place your items on the pad: each is borrowed as soon as it is read.</source>
        <extracomment>Checkout screen with nothing done yet</extracomment>
        <translation>Padėkite leidinius ant skaitytuvo: kiekvienas išduodamas, kai tik perskaitomas.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Padėkite knygas ant skaitytuvo, ne aukščiau raudonos linijos.</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Your session has ended</source>
        <extracomment>Goodbye screen after the idle timeout</extracomment>
        <translation>Jūsų sesija baigėsi</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Ačiū, iki pasimatymo!</translation>
    </message>
    <message>
        <source>For your privacy, your details have been cleared from the screen.</source>
        <translation>Jūsų privatumui jūsų duomenys pašalinti iš ekrano.</translation>
    </message>
    <message>
        <source>Please take your card and your books.</source>
        <extracomment>Goodbye screen reminder</extracomment>
        <translation>Nepamirškite kortelės ir knygų.</translation>
    </message>
    <message>
        <source>Before you go:</source>
        <extracomment>Goodbye screen: above the items that were not lent or returned</extracomment>
        <translation>Prieš išeinant:</translation>
    </message>
    <message>
        <source>Back to start</source>
        <extracomment>Button on the goodbye screen: back to the welcome screen</extracomment>
        <translation>Į pradžią</translation>
    </message>
    <message>
        <source>Back to the start in %1 s</source>
        <extracomment>Goodbye screen: seconds until the welcome screen comes back by itself</extracomment>
        <translation>Į pradžią po %1 s</translation>
    </message>
</context>
<context>
    <name>HoldScreen</name>
    <message>
        <source>Reserve an item</source>
        <extracomment>Reserve screen title</extracomment>
        <translation>Rezervuoti leidinį</translation>
    </message>
    <message>
        <source>Item number</source>
        <extracomment>Placeholder of the item number field</extracomment>
        <translation>Egzemplioriaus numeris</translation>
    </message>
    <message>
        <source>Pick up at:</source>
        <extracomment>Label above the list of branches</extracomment>
        <translation>Atsiimti:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atgal</translation>
    </message>
    <message>
        <source>Reserve</source>
        <extracomment>Button: place the reservation</extracomment>
        <translation>Rezervuoti</translation>
    </message>
    <message>
        <source>Lay the book you want to reserve on the pad, or type its number. Then choose where you will pick it up.</source>
        <extracomment>Reserve screen instructions</extracomment>
        <translation>Padėkite norimą rezervuoti knygą ant skaitytuvo arba įveskite jos numerį. Tada pasirinkite, kur ją atsiimsite.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Place your library card on the pad</source>
        <extracomment>Identify screen title</extracomment>
        <translation>Padėkite bibliotekos kortelę ant skaitytuvo</translation>
    </message>
    <message>
        <source>Or type your card number, then your PIN.</source>
        <extracomment>Identify screen: the alternative to the card</extracomment>
        <translation>Arba įveskite kortelės numerį, tada PIN.</translation>
    </message>
    <message>
        <source>Card number</source>
        <extracomment>Label of the card number field</extracomment>
        <translation>Kortelės numeris</translation>
    </message>
    <message>
        <source>Card on the pad</source>
        <extracomment>Shown in the card field once the card on the pad was read</extracomment>
        <translation>Kortelė ant skaitytuvo</translation>
    </message>
    <message>
        <source>PIN</source>
        <extracomment>Label of the PIN field</extracomment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the welcome screen</extracomment>
        <translation>Atgal</translation>
    </message>
    <message>
        <source>Your card has been read. Type your PIN and press OK.</source>
        <extracomment>Identify screen once the card was read</extracomment>
        <translation>Jūsų kortelė nuskaityta. Įveskite PIN ir paspauskite „Gerai“.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Library self-service</source>
        <extracomment>Window title</extracomment>
        <translation>Bibliotekos savitarna</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <source>Training mode: nothing done here is a real loan</source>
        <extracomment>Banner on a kiosk used to teach staff; loans made on it are not real</extracomment>
        <translation>Mokymo režimas: čia niekas neišduodama iš tikrųjų</translation>
    </message>
</context>
<context>
    <name>OutcomeDelegate</name>
    <message>
        <source>Please take this item to the desk.</source>
        <extracomment>Shown under an item that could not be processed</extracomment>
        <translation>Prašome nunešti šį leidinį darbuotojui.</translation>
    </message>
</context>
<context>
    <name>PatronText</name>
    <message>
        <source>Borrowed</source>
        <extracomment>%1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Išduota</translation>
    </message>
    <message>
        <source>Returned (recorded, will be confirmed later)</source>
        <translation>Grąžinta (užregistruota, bus patvirtinta vėliau)</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Grąžinta</translation>
    </message>
    <message>
        <source>Renewed</source>
        <extracomment>%1 is "until &lt;new due date&gt;" with its preposition, in the language's form</extracomment>
        <translation>Pratęsta</translation>
    </message>
    <message>
        <source>Reserved: you are number %1 in the queue</source>
        <extracomment>%1 is the patron's place in the queue for a reserved item</extracomment>
        <translation>Rezervuota: jūs eilėje %1</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Rezervuota</translation>
    </message>
    <message>
        <source>Reservation cancelled</source>
        <extracomment>A reservation was cancelled</extracomment>
        <translation>Rezervacija atšaukta</translation>
    </message>
    <message>
        <source>This item cannot be borrowed. Please ask at the desk.</source>
        <translation>Šio leidinio skolintis negalima. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>Only %1 of %2 parts are on the pad. Put all parts on the pad.</source>
        <extracomment>A set (book with CD etc.): %1 parts found of %2</extracomment>
        <translation>Ant skaitytuvo tik %1 iš %2 dalių. Padėkite visas dalis.</translation>
    </message>
    <message>
        <source>The label of this item cannot be read. Please take it to the desk.</source>
        <translation>Šio leidinio etiketės nepavyksta nuskaityti. Prašome nunešti jį darbuotojui.</translation>
    </message>
    <message>
        <source>This item could not be finished. Please take it to the desk.</source>
        <translation>Šio leidinio nepavyko apdoroti. Prašome nunešti jį darbuotojui.</translation>
    </message>
    <message>
        <source>The library system is not answering. Please ask at the desk.</source>
        <translation>Bibliotekos sistema neatsako. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>No more items can be borrowed until the library system is back.</source>
        <translation>Daugiau leidinių negalima skolintis, kol neveikia bibliotekos sistema.</translation>
    </message>
    <message>
        <source>This cannot be done until the library system is back.</source>
        <translation>To negalima atlikti, kol neveikia bibliotekos sistema.</translation>
    </message>
    <message>
        <source>This is not a library item.</source>
        <translation>Tai ne bibliotekos leidinys.</translation>
    </message>
    <message>
        <source>The kiosk could not record this. Please ask at the desk.</source>
        <translation>Kioskas negalėjo to užregistruoti. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>Please identify yourself first.</source>
        <translation>Pirmiausia prisijunkite.</translation>
    </message>
    <message>
        <source>On the shelf</source>
        <translation>Lentynoje</translation>
    </message>
    <message>
        <source>On loan</source>
        <translation>Paskolinta</translation>
    </message>
    <message>
        <source>Waiting for someone who reserved it</source>
        <translation>Laukia jį rezervavusio skaitytojo</translation>
    </message>
    <message>
        <source>On its way between branches</source>
        <translation>Vežama tarp padalinių</translation>
    </message>
    <message>
        <source>Just returned, back on the shelf soon</source>
        <translation>Ką tik grąžinta, netrukus bus lentynoje</translation>
    </message>
    <message>
        <source>Not available at the moment</source>
        <translation>Šiuo metu neprieinama</translation>
    </message>
    <message>
        <source>Please ask at the desk.</source>
        <translation>Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item: please put it on the reservations shelf.</source>
        <extracomment>A returned item someone has reserved at this branch</extracomment>
        <translation>Šio leidinio kažkas laukia: prašome padėti jį į rezervacijų lentyną.</translation>
    </message>
    <message>
        <source>This item travels to another branch: please put it in the return box.</source>
        <translation>Šis leidinys keliauja į kitą padalinį: prašome įdėti jį į grąžinimo dėžę.</translation>
    </message>
    <message>
        <source>This item travels to %1: please put it in the return box.</source>
        <extracomment>%1 is the branch the item travels to</extracomment>
        <translation>Šis leidinys keliauja į: %1. Prašome įdėti jį į grąžinimo dėžę.</translation>
    </message>
    <message>
        <source>You have borrowed as many items as you may. Return some to borrow more.</source>
        <extracomment>The library system says the patron has as many loans as allowed</extracomment>
        <translation>Pasiskolinote tiek leidinių, kiek leidžiama. Grąžinkite kelis, kad galėtumėte skolintis daugiau.</translation>
    </message>
    <message>
        <source>Some of your items are overdue. Please return them or ask at the desk.</source>
        <translation>Kai kurių jūsų leidinių grąžinimo terminas praėjo. Prašome juos grąžinti arba kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>Some of your items cannot be renewed again.</source>
        <translation>Kai kurių jūsų leidinių nebegalima pratęsti.</translation>
    </message>
    <message>
        <source>Items on your card are recorded as lost. Please ask at the desk.</source>
        <translation>Jūsų kortelėje yra leidinių, pažymėtų kaip pamesti. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>You cannot borrow until your fines are paid. Please ask at the desk.</source>
        <translation>Negalite skolintis, kol nesumokėtos baudos. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>An item someone else is waiting for is overdue on your card. Please return it.</source>
        <extracomment>A recalled item (someone else reserved it) is overdue on the patron's card</extracomment>
        <translation>Jūsų kortelėje yra vėluojantis leidinys, kurio laukia kitas skaitytojas. Prašome jį grąžinti.</translation>
    </message>
    <message>
        <source>Please put it here: %1.</source>
        <extracomment>%1 is where returned items of this kind go, as the library names it on its signs ("Trolley 1 (blue)")</extracomment>
        <translation>Prašome padėti jį čia: %1.</translation>
    </message>
    <message>
        <source>Please put it on the return trolley.</source>
        <translation>Prašome padėti jį ant grąžinimo vežimėlio.</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Sveiki!</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>Šiuo metu negalite skolintis. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>PIN neteisingas. Bandykite dar kartą.</translation>
    </message>
    <message>
        <source>This card is not known. Please ask at the desk.</source>
        <translation>Ši kortelė nežinoma. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>No library card found. Place your card on the pad or type its number.</source>
        <translation>Bibliotekos kortelė nerasta. Padėkite kortelę ant skaitytuvo arba įveskite jos numerį.</translation>
    </message>
    <message>
        <source>Borrowing is not possible right now. Returns still work.</source>
        <translation>Šiuo metu skolintis negalima. Grąžinti galima.</translation>
    </message>
    <message>
        <source>Please wait a moment and try again.</source>
        <translation>Palaukite akimirką ir bandykite dar kartą.</translation>
    </message>
    <message>
        <source>No items on the pad. Place your items on the pad.</source>
        <translation>Ant skaitytuvo nėra leidinių. Padėkite juos ant skaitytuvo.</translation>
    </message>
    <message>
        <source>The pad is not answering. Please ask at the desk.</source>
        <translation>Skaitytuvas neatsako. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>This is not possible right now. Please try again later.</source>
        <translation>Šiuo metu tai neįmanoma. Bandykite vėliau.</translation>
    </message>
    <message>
        <source>The number of items on the pad is not what you said. Nothing was borrowed.</source>
        <translation>Leidinių skaičius ant skaitytuvo nesutampa su nurodytu. Niekas neišduota.</translation>
    </message>
    <message>
        <source>The library system is not answering. What you do is recorded and will be confirmed later.</source>
        <extracomment>Banner while the library system is unreachable</extracomment>
        <translation>Bibliotekos sistema neatsako. Jūsų veiksmai registruojami ir bus patvirtinti vėliau.</translation>
    </message>
    <message>
        <source>The library system is not answering. Returns are recorded; borrowing is at the desk.</source>
        <translation>Bibliotekos sistema neatsako. Grąžinimai registruojami; skolintis galima pas darbuotoją.</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <translation>Šis kioskas neveikia. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>This card cannot be read. Please ask at the desk.</source>
        <extracomment>A card whose number cannot be sent to the library system (damaged or rewritten card)</extracomment>
        <translation>Šios kortelės nepavyksta nuskaityti. Kreipkitės į bibliotekininką.</translation>
    </message>
    <message>
        <source>Borrowed (recorded, will be confirmed later)</source>
        <extracomment>A loan recorded while the library system was away; %1 is "until &lt;date&gt;" in the language's form</extracomment>
        <translation>Išduota (užregistruota, bus patvirtinta vėliau)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1 (recorded, will be confirmed later)</source>
        <translation>Išduota, grąžinti %1 (užregistruota, bus patvirtinta vėliau)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1</source>
        <translation>Išduota, grąžinti %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Pratęsta, grąžinti %1</translation>
    </message>
    <message>
        <source>This item could not be returned here.</source>
        <extracomment>The library system refused an item; its own words, if any, follow in small print</extracomment>
        <translation>Šio leidinio čia nepavyko grąžinti.</translation>
    </message>
    <message>
        <source>This item cannot be lent here.</source>
        <translation>Šio leidinio čia negalima išduoti.</translation>
    </message>
    <message>
        <source>On loan, due back %1</source>
        <translation>Paskolinta, grąžinti %1</translation>
    </message>
    <message>
        <source>This item belongs to another library. Please take it to the desk.</source>
        <extracomment>The item's RFID tag names a library outside the regional network as its owner</extracomment>
        <translation>Šis leidinys priklauso kitai bibliotekai. Prašome nunešti jį darbuotojui.</translation>
    </message>
    <message>
        <source>This item has no security label. Please borrow it at the desk.</source>
        <extracomment>An item with a barcode and no security label, which this library lends only at the desk</extracomment>
        <translation>Šis leidinys neturi apsaugos etiketės. Prašome jį pasiskolinti pas darbuotoją.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item.</source>
        <translation>Šis kodas nėra bibliotekos kortelė ar leidinys.</translation>
    </message>
    <message>
        <source>This book has no security label: please carry it round the security gate.</source>
        <extracomment>A book lent by its barcode: it has no RFID label, so the gate cannot tell it is lent</extracomment>
        <translation>Ši knyga neturi apsaugos etiketės: prašome ją nešti pro šalį apsaugos vartų.</translation>
    </message>
    <message>
        <source>This card is from a library outside our network. Please ask at the desk.</source>
        <translation>Ši kortelė yra iš bibliotekos, nepriklausančios mūsų tinklui. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>This card is from %1, which is not in our network. Please ask at the desk.</source>
        <extracomment>%1 is the library that issued the card (its own name, not translated)</extracomment>
        <translation>Ši kortelė yra iš bibliotekos „%1“, kuri nepriklauso mūsų tinklui. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item. Please try again or ask at the desk.</source>
        <extracomment>A scanned barcode or QR code that is no library card, item or staff card of this network</extracomment>
        <translation>Šis kodas nėra bibliotekos kortelė ar leidinys. Bandykite dar kartą arba kreipkitės į darbuotoją.</translation>
    </message>
    <message>
        <source>Please finish this visit first.</source>
        <translation>Pirmiausia užbaikite šį apsilankymą.</translation>
    </message>
    <message>
        <source>This item was lifted too soon. Please put it back on the pad.</source>
        <extracomment>A book taken off the pad before the kiosk was done with it: nothing changed, it is done once back</extracomment>
        <translation>Šis leidinys buvo paimtas per anksti. Prašome padėti jį atgal ant skaitytuvo.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Delete</source>
        <extracomment>PIN pad key: remove the last digit typed</extracomment>
        <translation>Trinti</translation>
    </message>
    <message>
        <source>OK</source>
        <extracomment>PIN pad key: log in with the card and the PIN typed</extracomment>
        <translation>Gerai</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Your receipt</source>
        <extracomment>Receipt screen title when the receipt is on screen</extracomment>
        <translation>Jūsų kvitas</translation>
    </message>
    <message>
        <source>Would you like a receipt?</source>
        <extracomment>Receipt choice screen title</extracomment>
        <translation>Ar norite kvito?</translation>
    </message>
    <message>
        <source>Scan with your phone to keep this receipt.</source>
        <extracomment>Under the QR code of the receipt</extracomment>
        <translation>Nuskenuokite telefonu, kad išsaugotumėte šį kvitą.</translation>
    </message>
    <message>
        <source>Print</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Spausdinti</translation>
    </message>
    <message>
        <source>Email</source>
        <extracomment>Receipt choice</extracomment>
        <translation>El. paštu</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <extracomment>Receipt choice: show on screen with a QR code</extracomment>
        <translation>Rodyti ekrane</translation>
    </message>
    <message>
        <source>No receipt</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Be kvito</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Button after the receipt was shown on screen</extracomment>
        <translation>Baigti</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>Return books</source>
        <extracomment>Return screen title</extracomment>
        <translation>Grąžinti knygas</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <translation>Skaitomi leidiniai ant skaitytuvo…</translation>
    </message>
    <message>
        <source>Returned: %1. Problems: %2.</source>
        <extracomment>Return screen summary: %1 items returned, %2 with problems</extracomment>
        <translation>Grąžinta: %1. Problemos: %2.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Baigti</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Skaitomi leidiniai ant skaitytuvo: %1</translation>
    </message>
    <message>
        <source>Place the items you are returning on the pad: each is returned as soon as it is read.</source>
        <extracomment>Return screen with nothing returned yet</extracomment>
        <translation>Padėkite grąžinamus leidinius ant skaitytuvo: kiekvienas grąžinamas, kai tik perskaitomas.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Padėkite knygas ant skaitytuvo, ne aukščiau raudonos linijos.</translation>
    </message>
</context>
<context>
    <name>ScreenReader</name>
    <message>
        <source>Buttons: %1</source>
        <extracomment>Read aloud after a screen's heading and instructions; %1 is the buttons' names, e.g. "Borrow books, Return books"</extracomment>
        <translation>Mygtukai: %1</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>The library system is not answering: your loans will be confirmed later.</source>
        <translation>Bibliotekos sistema neatsako: jūsų paskolos bus patvirtintos vėliau.</translation>
    </message>
    <message>
        <source>This card is reported lost. Please ask at the desk.</source>
        <translation>Ši kortelė pranešta kaip pamesta. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>Šiuo metu negalite skolintis. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>You owe %1</source>
        <extracomment>Account screen; %1 is an amount of money</extracomment>
        <translation>Jūsų skola: %1</translation>
    </message>
    <message>
        <source>Borrowed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Išduota: %1, grąžinti %2</translation>
    </message>
    <message>
        <source>Borrowed: %1</source>
        <translation>Išduota: %1</translation>
    </message>
    <message>
        <source>Returned: %1</source>
        <translation>Grąžinta: %1</translation>
    </message>
    <message>
        <source>Renewed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Pratęsta: %1, grąžinti %2</translation>
    </message>
    <message>
        <source>Renewed: %1</source>
        <translation>Pratęsta: %1</translation>
    </message>
    <message>
        <source>* Recorded while the library system was not answering; it will be confirmed later.</source>
        <translation>* Užregistruota, kai bibliotekos sistema neatsakė; tai bus patvirtinta vėliau.</translation>
    </message>
    <message>
        <source>Type the number of the item you want to reserve.</source>
        <translation>Įveskite norimo rezervuoti leidinio numerį.</translation>
    </message>
    <message>
        <source>Card found. Now type your PIN.</source>
        <translation>Kortelė rasta. Dabar įveskite PIN.</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen for more time.</source>
        <extracomment>Spoken when the session is about to end for inactivity</extracomment>
        <translation>Ar jūs dar čia? Palieskite ekraną, kad gautumėte daugiau laiko.</translation>
    </message>
    <message>
        <source>Your session has ended. Your details have been cleared from the screen.</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Jūsų sesija baigėsi. Jūsų duomenys pašalinti iš ekrano.</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <translation>Ačiū, iki pasimatymo!</translation>
    </message>
    <message>
        <source>Your library receipt</source>
        <extracomment>Subject of the emailed receipt</extracomment>
        <translation>Jūsų bibliotekos kvitas</translation>
    </message>
    <message>
        <source>The receipt could not be emailed. Please choose another way.</source>
        <translation>Kvito nepavyko išsiųsti el. paštu. Pasirinkite kitą būdą.</translation>
    </message>
    <message>
        <source>The receipt could not be printed. Please choose another way.</source>
        <translation>Kvito nepavyko išspausdinti. Pasirinkite kitą būdą.</translation>
    </message>
    <message>
        <source>Too many tries. Try again in %1 s.</source>
        <translation>Per daug bandymų. Bandykite dar kartą po %1 s.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>PIN neteisingas. Bandykite dar kartą.</translation>
    </message>
    <message>
        <source>Card %1</source>
        <extracomment>Receipt: the patron's card, masked; %1 is its last four digits</extracomment>
        <translation>Kortelė %1</translation>
    </message>
    <message>
        <source>Not returned: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not returned; %1 its title</extracomment>
        <translation>Negrąžinta: %1. Prašome parodyti darbuotojui.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not lent; %1 its title</extracomment>
        <translation>Neišduota: %1. Prašome parodyti darbuotojui.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please leave it on the desk.</source>
        <extracomment>Receipt and goodbye: an item that was not lent and needs no staff; %1 its title</extracomment>
        <translation>Neišduota: %1. Prašome palikti jį ant stalo.</translation>
    </message>
    <message>
        <source>%1 of %2 read</source>
        <extracomment>Reading the pad: %1 items read so far of %2 on the pad</extracomment>
        <translation>perskaityta %1 iš %2</translation>
    </message>
    <message>
        <source>Staff have been called. Someone is coming to help you.</source>
        <extracomment>Notice after the patron pressed "Call staff"</extracomment>
        <translation>Bibliotekos darbuotojai iškviesti. Netrukus kas nors ateis jums padėti.</translation>
    </message>
</context>
<context>
    <name>StaffController</name>
    <message>
        <source>Offline: nothing (the kiosk stops when the ILS is away)</source>
        <translation>Neprisijungus: nieko (kioskas sustoja, kai sistema nepasiekiama)</translation>
    </message>
    <message>
        <source>Offline: returns only</source>
        <translation>Neprisijungus: tik grąžinimai</translation>
    </message>
    <message>
        <source>Offline: returns and up to %1 loans a visit</source>
        <extracomment>%1 is the number of loans one visit may take offline</extracomment>
        <translation>Neprisijungus: grąžinimai ir iki %1 paskolų per apsilankymą</translation>
    </message>
    <message>
        <source>%1 · alarms %2 · people in %3, out %4 · readers %5 of %6 working%7</source>
        <translation>%1 · aliarmai %2 · įėjo %3, išėjo %4 · veikia %5 iš %6 skaitytuvų%7</translation>
    </message>
    <message>
        <source>no gate configured ([staff] gate_status)</source>
        <translation>vartai nenustatyti ([staff] gate_status)</translation>
    </message>
    <message>
        <source>waiting %1 · sending %2 · uncertain %3 · exceptions %4 · done %5</source>
        <translation>laukia %1 · siunčiama %2 · neaišku %3 · išimtys %4 · atlikta %5</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>Staff screen: no patron has called staff</extracomment>
        <translation>nėra</translation>
    </message>
    <message>
        <source>waiting since %1 (screen %2)</source>
        <extracomment>Staff screen: a patron's call for staff; %1 the time it was raised, %2 the screen it came from</extracomment>
        <translation>laukia nuo %1 (ekranas %2)</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>Staff</source>
        <extracomment>Staff screen title</extracomment>
        <translation>Darbuotojai</translation>
    </message>
    <message>
        <source>Reader</source>
        <extracomment>Staff screen: the kiosk's RFID reader</extracomment>
        <translation>Skaitytuvas</translation>
    </message>
    <message>
        <source>Library system</source>
        <extracomment>Staff screen: the library system (ILS)</extracomment>
        <translation>Bibliotekos sistema</translation>
    </message>
    <message>
        <source>Queue</source>
        <extracomment>Staff screen: the offline queue</extracomment>
        <translation>Eilė</translation>
    </message>
    <message>
        <source>Gate</source>
        <extracomment>Staff screen: the security gate</extracomment>
        <translation>Vartai</translation>
    </message>
    <message>
        <source>Policy</source>
        <extracomment>Staff screen: what the kiosk does while the ILS is unreachable</extracomment>
        <translation>Tvarka</translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>Staff screen: the kiosk software's version, commit and build date</extracomment>
        <translation>Versija</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Staff button: read every status again</extracomment>
        <translation>Atnaujinti</translation>
    </message>
    <message>
        <source>Send queue now</source>
        <extracomment>Staff button: send the queued transactions now</extracomment>
        <translation>Siųsti eilę dabar</translation>
    </message>
    <message>
        <source>Leave training mode</source>
        <extracomment>Staff button: restart on the real library system</extracomment>
        <translation>Išeiti iš mokymo režimo</translation>
    </message>
    <message>
        <source>Training mode</source>
        <extracomment>Staff button: restart against the simulator for teaching</extracomment>
        <translation>Mokymo režimas</translation>
    </message>
    <message>
        <source>Exit to desktop</source>
        <extracomment>Staff button: close the kiosk app</extracomment>
        <translation>Išeiti į darbalaukį</translation>
    </message>
    <message>
        <source>Back to patrons</source>
        <extracomment>Staff button: back to the welcome screen</extracomment>
        <translation>Grįžti prie skaitytojų</translation>
    </message>
    <message>
        <source>Staff call</source>
        <extracomment>Staff screen: a patron pressed "Call staff"</extracomment>
        <translation>Darbuotojo iškvietimas</translation>
    </message>
    <message>
        <source>Acknowledge call</source>
        <extracomment>Staff button: the patron's call for staff has been seen (the desk light goes out)</extracomment>
        <translation>Patvirtinti iškvietimą</translation>
    </message>
</context>
<context>
    <name>StepIndicator</name>
    <message>
        <source>Card</source>
        <extracomment>Step indicator: the step where the patron shows the library card and types the PIN</extracomment>
        <translation>Kortelė</translation>
    </message>
    <message>
        <source>Books</source>
        <extracomment>Step indicator: the step where the books are laid on the pad</extracomment>
        <translation>Knygos</translation>
    </message>
    <message>
        <source>Receipt</source>
        <extracomment>Step indicator: the step where the patron chooses a receipt</extracomment>
        <translation>Kvitas</translation>
    </message>
    <message>
        <source>Account</source>
        <extracomment>Step indicator: the patron's account (loans, reservations, fines)</extracomment>
        <translation>Paskyra</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <extracomment>Step indicator for screen readers: %1 is the step's number, %2 how many steps, %3 its name</extracomment>
        <translation>%1 žingsnis iš %2: %3</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <source>Are you still there?</source>
        <extracomment>The session is about to end for inactivity</extracomment>
        <translation>Ar jūs dar čia?</translation>
    </message>
    <message>
        <source>For your privacy, this session will end. Seconds left: %1</source>
        <extracomment>%1 is the number of seconds before the session ends</extracomment>
        <translation>Jūsų privatumui ši sesija baigsis. Liko sekundžių: %1</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <extracomment>Button on the timeout warning</extracomment>
        <translation>Taip, man reikia daugiau laiko</translation>
    </message>
    <message>
        <source>I am finished</source>
        <extracomment>Button on the timeout warning</extracomment>
        <translation>Baigti</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Accessibility</source>
        <extracomment>Top bar button opening larger text, high contrast and read-aloud</extracomment>
        <translation>Prieinamumas</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Welcome to the library</source>
        <extracomment>Welcome screen title</extracomment>
        <translation>Sveiki atvykę į biblioteką</translation>
    </message>
    <message>
        <source>Choose what you would like to do. You can change the language at the top.</source>
        <extracomment>Welcome screen: what to do</extracomment>
        <translation>Pasirinkite, ką norite daryti. Kalbą galite pakeisti viršuje.</translation>
    </message>
    <message>
        <source>Borrow books</source>
        <extracomment>Welcome screen button</extracomment>
        <translation>Skolintis knygas</translation>
    </message>
    <message>
        <source>Return books</source>
        <extracomment>Welcome screen button (no library card needed)</extracomment>
        <translation>Grąžinti knygas</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <extracomment>Welcome screen while the kiosk cannot serve anyone (the choices below are off)</extracomment>
        <translation>Šis kioskas neveikia. Prašome kreiptis į darbuotoją.</translation>
    </message>
    <message>
        <source>Opening hours: %1</source>
        <extracomment>Welcome screen, at the foot; %1 is the library's opening hours as it writes them</extracomment>
        <translation>Darbo laikas: %1</translation>
    </message>
    <message>
        <source>With your library card</source>
        <extracomment>Welcome screen, under "Borrow books"</extracomment>
        <translation>Su savo bibliotekos kortele</translation>
    </message>
    <message>
        <source>No card needed</source>
        <extracomment>Welcome screen, under "Return books"</extracomment>
        <translation>Kortelės nereikia</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Welcome screen button: loans, due dates, reservations, fines</extracomment>
        <translation>Mano paskyra</translation>
    </message>
    <message>
        <source>Renewals, reservations, fines</source>
        <extracomment>Welcome screen, under "My account"</extracomment>
        <translation>Pratęsimai, rezervacijos, baudos</translation>
    </message>
    <message>
        <source>To start borrowing, you can also lay your library card on the pad.</source>
        <extracomment>Welcome screen, beside the picture of a card on the pad</extracomment>
        <translation>Norėdami pradėti skolintis, galite tiesiog padėti bibliotekos kortelę ant skaitytuvo.</translation>
    </message>
</context>
</TS>
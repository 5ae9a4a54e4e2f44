<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="uk" sourcelanguage="en">
<context>
    <name>AccessibilityPanel</name>
    <message>
        <source>Accessibility</source>
        <extracomment>Title of the accessibility panel</extracomment>
        <translation>Доступність</translation>
    </message>
    <message>
        <source>Larger text</source>
        <extracomment>Toggle for bigger letters on every screen</extracomment>
        <translation>Більший текст</translation>
    </message>
    <message>
        <source>High contrast</source>
        <extracomment>Toggle for the high-contrast colours</extracomment>
        <translation>Висока контрастність</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <extracomment>Toggle for reading the screen aloud</extracomment>
        <translation>Читати вголос</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Closes the accessibility panel</extracomment>
        <translation>Закрити</translation>
    </message>
    <message>
        <source>Repeat</source>
        <extracomment>Says the last thing read aloud again</extracomment>
        <translation>Повторити</translation>
    </message>
    <message>
        <source>Slower</source>
        <extracomment>Toggle for reading aloud more slowly</extracomment>
        <translation>Повільніше</translation>
    </message>
    <message>
        <source>Less movement</source>
        <extracomment>Toggle: the pictures stop moving and nothing slides</extracomment>
        <translation>Менше руху</translation>
    </message>
</context>
<context>
    <name>AccountModel</name>
    <message>
        <source>Overdue since %1</source>
        <translation>Прострочено з %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <extracomment>Account screen; %1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Повернути %1</translation>
    </message>
    <message>
        <source>Ready for you at %1</source>
        <translation>Чекає на вас: %1</translation>
    </message>
    <message>
        <source>Number %1 in the queue, pick up at %2</source>
        <extracomment>Account screen: place in the queue for a reserved item (%1), pickup branch (%2)</extracomment>
        <translation>%1-й у черзі, отримати: %2</translation>
    </message>
    <message>
        <source>Waiting, pick up at %1</source>
        <translation>Очікується, отримати: %1</translation>
    </message>
    <message>
        <source>Ready for you on the reservations shelf</source>
        <extracomment>Account screen: a reserved item is waiting on the hold shelf</extracomment>
        <translation>Чекає на вас на полиці бронювань</translation>
    </message>
    <message>
        <source>Number %1 in the queue</source>
        <extracomment>Account screen: place in the queue for a reserved item</extracomment>
        <translation>%1-й у черзі</translation>
    </message>
    <message>
        <source>Waiting for your turn</source>
        <extracomment>Account screen: a reservation not yet ready</extracomment>
        <translation>Очікує вашої черги</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <extracomment>Account screen: a reservation just cancelled (an Undo button follows for a few seconds)</extracomment>
        <translation>Скасовано</translation>
    </message>
</context>
<context>
    <name>AccountScreen</name>
    <message>
        <source>My account</source>
        <extracomment>Account screen title</extracomment>
        <translation>Мій обліковий запис</translation>
    </message>
    <message>
        <source>Loans: %1 (overdue: %2). Reservations: %3.</source>
        <extracomment>Account summary: %1 loans, %2 overdue, %3 reservations</extracomment>
        <translation>Позичено: %1 (прострочено: %2). Бронювання: %3.</translation>
    </message>
    <message>
        <source>Loans</source>
        <extracomment>Account tab</extracomment>
        <translation>Позичене</translation>
    </message>
    <message>
        <source>Reservations</source>
        <extracomment>Account tab</extracomment>
        <translation>Бронювання</translation>
    </message>
    <message>
        <source>Fines</source>
        <extracomment>Account tab</extracomment>
        <translation>Штрафи</translation>
    </message>
    <message>
        <source>Renew</source>
        <extracomment>Button: renew this loan</extracomment>
        <translation>Продовжити</translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <extracomment>Account screen with no loans</extracomment>
        <translation>У вас нічого не позичено.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: cancel this reservation (asks first)</extracomment>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>You have no reservations.</source>
        <extracomment>Account screen with no reservations</extracomment>
        <translation>У вас немає бронювань.</translation>
    </message>
    <message>
        <source>You owe nothing.</source>
        <extracomment>Account screen with no fines</extracomment>
        <translation>У вас немає боргів.</translation>
    </message>
    <message>
        <source>Renew all</source>
        <extracomment>Button: renew every loan</extracomment>
        <translation>Продовжити всі</translation>
    </message>
    <message>
        <source>Reserve an item</source>
        <extracomment>Button: to the screen for reserving an item</extracomment>
        <translation>Забронювати примірник</translation>
    </message>
    <message>
        <source>Borrow</source>
        <extracomment>Button: to the checkout screen</extracomment>
        <translation>Позичити</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Завершити</translation>
    </message>
    <message>
        <source>Cancel reservation?</source>
        <extracomment>Account screen: asked on a reservation's row before it is cancelled</extracomment>
        <translation>Скасувати бронювання?</translation>
    </message>
    <message>
        <source>Yes</source>
        <extracomment>Button: yes, cancel this reservation</extracomment>
        <translation>Так</translation>
    </message>
    <message>
        <source>No</source>
        <extracomment>Button: no, keep this reservation</extracomment>
        <translation>Ні</translation>
    </message>
    <message>
        <source>Undo</source>
        <extracomment>Button: place the reservation just cancelled again</extracomment>
        <translation>Повернути</translation>
    </message>
    <message>
        <source>You can pay at the desk.</source>
        <extracomment>Account screen, fines tab: how to pay a fine</extracomment>
        <translation>Сплатити можна в бібліотекаря.</translation>
    </message>
    <message>
        <source>or scan to pay online</source>
        <extracomment>Under the QR code of the library's online payment page</extracomment>
        <translation>або відскануйте, щоб сплатити онлайн</translation>
    </message>
</context>
<context>
    <name>CallStaffButton</name>
    <message>
        <source>Staff called: someone is coming</source>
        <translation>Допомогу викликано: до вас уже йдуть</translation>
    </message>
    <message>
        <source>Call staff</source>
        <extracomment>Top bar button on every patron screen: ask a librarian for help</extracomment>
        <translation>Покликати працівника</translation>
    </message>
    <message>
        <source>Staff called</source>
        <extracomment>Top bar button while the patron's call for staff waits (short: the screen's notice says the rest)</extracomment>
        <translation>Допомогу викликано</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <source>Hello, %1</source>
        <extracomment>Checkout screen title; %1 is the patron's name</extracomment>
        <translation>Вітаємо, %1</translation>
    </message>
    <message>
        <source>Your items</source>
        <translation>Ваші примірники</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <extracomment>Checkout screen while the items are processed</extracomment>
        <translation>Зчитуються примірники на зчитувачі…</translation>
    </message>
    <message>
        <source>Borrowed: %1. Problems: %2.</source>
        <extracomment>Checkout screen summary: %1 items borrowed, %2 with problems</extracomment>
        <translation>Видано: %1. Проблеми: %2.</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Button: to the account screen</extracomment>
        <translation>Мій обліковий запис</translation>
    </message>
    <message>
        <source>Finish</source>
        <extracomment>Button: end the visit</extracomment>
        <translation>Завершити</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Зчитування примірників на зчитувачі: %1</translation>
    </message>
    <message>
        <source>Place your items on the pad: each is borrowed as soon as it is read.</source>
        <extracomment>Checkout screen with nothing done yet</extracomment>
        <translation>Покладіть примірники на зчитувач: кожен видається, щойно його прочитано.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Покладіть книжки на зчитувач, не вище червоної лінії.</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Your session has ended</source>
        <extracomment>Goodbye screen after the idle timeout</extracomment>
        <translation>Ваш сеанс завершено</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Дякуємо, до побачення!</translation>
    </message>
    <message>
        <source>For your privacy, your details have been cleared from the screen.</source>
        <translation>Задля вашої приватності ваші дані прибрано з екрана.</translation>
    </message>
    <message>
        <source>Please take your card and your books.</source>
        <extracomment>Goodbye screen reminder</extracomment>
        <translation>Будь ласка, заберіть свою картку і книжки.</translation>
    </message>
    <message>
        <source>Before you go:</source>
        <extracomment>Goodbye screen: above the items that were not lent or returned</extracomment>
        <translation>Перш ніж піти:</translation>
    </message>
    <message>
        <source>Back to start</source>
        <extracomment>Button on the goodbye screen: back to the welcome screen</extracomment>
        <translation>На початок</translation>
    </message>
    <message>
        <source>Back to the start in %1 s</source>
        <extracomment>Goodbye screen: seconds until the welcome screen comes back by itself</extracomment>
        <translation>На початок через %1 с</translation>
    </message>
</context>
<context>
    <name>HoldScreen</name>
    <message>
        <source>Reserve an item</source>
        <extracomment>Reserve screen title</extracomment>
        <translation>Забронювати примірник</translation>
    </message>
    <message>
        <source>Item number</source>
        <extracomment>Placeholder of the item number field</extracomment>
        <translation>Номер примірника</translation>
    </message>
    <message>
        <source>Pick up at:</source>
        <extracomment>Label above the list of branches</extracomment>
        <translation>Отримати в:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Reserve</source>
        <extracomment>Button: place the reservation</extracomment>
        <translation>Забронювати</translation>
    </message>
    <message>
        <source>Lay the book you want to reserve on the pad, or type its number. Then choose where you will pick it up.</source>
        <extracomment>Reserve screen instructions</extracomment>
        <translation>Покладіть книжку, яку хочете зарезервувати, на зчитувач або введіть її номер. Потім виберіть, де ви її заберете.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Place your library card on the pad</source>
        <extracomment>Identify screen title</extracomment>
        <translation>Покладіть бібліотечну картку на зчитувач</translation>
    </message>
    <message>
        <source>Or type your card number, then your PIN.</source>
        <extracomment>Identify screen: the alternative to the card</extracomment>
        <translation>Або введіть номер картки, потім PIN.</translation>
    </message>
    <message>
        <source>Card number</source>
        <extracomment>Label of the card number field</extracomment>
        <translation>Номер картки</translation>
    </message>
    <message>
        <source>Card on the pad</source>
        <extracomment>Shown in the card field once the card on the pad was read</extracomment>
        <translation>Картка на зчитувачі</translation>
    </message>
    <message>
        <source>PIN</source>
        <extracomment>Label of the PIN field</extracomment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the welcome screen</extracomment>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Your card has been read. Type your PIN and press OK.</source>
        <extracomment>Identify screen once the card was read</extracomment>
        <translation>Вашу картку прочитано. Введіть PIN і натисніть «Гаразд».</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Library self-service</source>
        <extracomment>Window title</extracomment>
        <translation>Бібліотечне самообслуговування</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <source>Training mode: nothing done here is a real loan</source>
        <extracomment>Banner on a kiosk used to teach staff; loans made on it are not real</extracomment>
        <translation>Навчальний режим: тут нічого не видається насправді</translation>
    </message>
</context>
<context>
    <name>OutcomeDelegate</name>
    <message>
        <source>Please take this item to the desk.</source>
        <extracomment>Shown under an item that could not be processed</extracomment>
        <translation>Будь ласка, віднесіть цей примірник бібліотекарю.</translation>
    </message>
</context>
<context>
    <name>PatronText</name>
    <message>
        <source>Borrowed</source>
        <extracomment>%1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Видано</translation>
    </message>
    <message>
        <source>Returned (recorded, will be confirmed later)</source>
        <translation>Повернено (записано, буде підтверджено пізніше)</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Повернено</translation>
    </message>
    <message>
        <source>Renewed</source>
        <extracomment>%1 is "until &lt;new due date&gt;" with its preposition, in the language's form</extracomment>
        <translation>Продовжено</translation>
    </message>
    <message>
        <source>Reserved: you are number %1 in the queue</source>
        <extracomment>%1 is the patron's place in the queue for a reserved item</extracomment>
        <translation>Заброньовано: ви %1-й у черзі</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Заброньовано</translation>
    </message>
    <message>
        <source>Reservation cancelled</source>
        <extracomment>A reservation was cancelled</extracomment>
        <translation>Бронювання скасовано</translation>
    </message>
    <message>
        <source>This item cannot be borrowed. Please ask at the desk.</source>
        <translation>Цей примірник не можна позичити. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>Only %1 of %2 parts are on the pad. Put all parts on the pad.</source>
        <extracomment>A set (book with CD etc.): %1 parts found of %2</extracomment>
        <translation>На зчитувачі лише %1 з %2 частин. Покладіть усі частини.</translation>
    </message>
    <message>
        <source>The label of this item cannot be read. Please take it to the desk.</source>
        <translation>Мітку цього примірника неможливо прочитати. Будь ласка, віднесіть його бібліотекарю.</translation>
    </message>
    <message>
        <source>This item could not be finished. Please take it to the desk.</source>
        <translation>Цей примірник не вдалося опрацювати. Будь ласка, віднесіть його бібліотекарю.</translation>
    </message>
    <message>
        <source>The library system is not answering. Please ask at the desk.</source>
        <translation>Бібліотечна система не відповідає. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>No more items can be borrowed until the library system is back.</source>
        <translation>Більше примірників не можна взяти, доки не запрацює бібліотечна система.</translation>
    </message>
    <message>
        <source>This cannot be done until the library system is back.</source>
        <translation>Це неможливо, доки не запрацює бібліотечна система.</translation>
    </message>
    <message>
        <source>This is not a library item.</source>
        <translation>Це не бібліотечний примірник.</translation>
    </message>
    <message>
        <source>The kiosk could not record this. Please ask at the desk.</source>
        <translation>Кіоск не зміг це записати. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>Please identify yourself first.</source>
        <translation>Спершу, будь ласка, увійдіть.</translation>
    </message>
    <message>
        <source>On the shelf</source>
        <translation>На полиці</translation>
    </message>
    <message>
        <source>On loan</source>
        <translation>Видано</translation>
    </message>
    <message>
        <source>Waiting for someone who reserved it</source>
        <translation>Чекає на читача, який його забронював</translation>
    </message>
    <message>
        <source>On its way between branches</source>
        <translation>У дорозі між філіями</translation>
    </message>
    <message>
        <source>Just returned, back on the shelf soon</source>
        <translation>Щойно повернуто, скоро буде на полиці</translation>
    </message>
    <message>
        <source>Not available at the moment</source>
        <translation>Зараз недоступно</translation>
    </message>
    <message>
        <source>Please ask at the desk.</source>
        <translation>Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item: please put it on the reservations shelf.</source>
        <extracomment>A returned item someone has reserved at this branch</extracomment>
        <translation>Цей примірник хтось чекає: будь ласка, покладіть його на полицю бронювань.</translation>
    </message>
    <message>
        <source>This item travels to another branch: please put it in the return box.</source>
        <translation>Цей примірник вирушає до іншої філії: будь ласка, покладіть його в скриньку для повернень.</translation>
    </message>
    <message>
        <source>This item travels to %1: please put it in the return box.</source>
        <extracomment>%1 is the branch the item travels to</extracomment>
        <translation>Цей примірник вирушає до: %1. Будь ласка, покладіть його в скриньку для повернень.</translation>
    </message>
    <message>
        <source>You have borrowed as many items as you may. Return some to borrow more.</source>
        <extracomment>The library system says the patron has as many loans as allowed</extracomment>
        <translation>Ви вже взяли максимальну кількість примірників. Поверніть деякі, щоб узяти ще.</translation>
    </message>
    <message>
        <source>Some of your items are overdue. Please return them or ask at the desk.</source>
        <translation>Деякі ваші примірники прострочені. Будь ласка, поверніть їх або зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>Some of your items cannot be renewed again.</source>
        <translation>Деякі ваші примірники більше не можна продовжити.</translation>
    </message>
    <message>
        <source>Items on your card are recorded as lost. Please ask at the desk.</source>
        <translation>На вашій картці є примірники, позначені як загублені. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>You cannot borrow until your fines are paid. Please ask at the desk.</source>
        <translation>Ви не можете позичати, доки не сплачено штрафи. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>An item someone else is waiting for is overdue on your card. Please return it.</source>
        <extracomment>A recalled item (someone else reserved it) is overdue on the patron's card</extracomment>
        <translation>На вашій картці прострочено примірник, на який чекає інший читач. Будь ласка, поверніть його.</translation>
    </message>
    <message>
        <source>Please put it here: %1.</source>
        <extracomment>%1 is where returned items of this kind go, as the library names it on its signs ("Trolley 1 (blue)")</extracomment>
        <translation>Будь ласка, покладіть сюди: %1.</translation>
    </message>
    <message>
        <source>Please put it on the return trolley.</source>
        <translation>Будь ласка, покладіть його на візок для повернень.</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Вітаємо!</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>Зараз ви не можете позичати. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>PIN неправильний. Спробуйте ще раз.</translation>
    </message>
    <message>
        <source>This card is not known. Please ask at the desk.</source>
        <translation>Ця картка невідома. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>No library card found. Place your card on the pad or type its number.</source>
        <translation>Бібліотечну картку не знайдено. Покладіть картку на зчитувач або введіть її номер.</translation>
    </message>
    <message>
        <source>Borrowing is not possible right now. Returns still work.</source>
        <translation>Зараз позичити неможливо. Повернення працює.</translation>
    </message>
    <message>
        <source>Please wait a moment and try again.</source>
        <translation>Зачекайте хвилинку і спробуйте ще раз.</translation>
    </message>
    <message>
        <source>No items on the pad. Place your items on the pad.</source>
        <translation>На зчитувачі немає примірників. Покладіть їх на зчитувач.</translation>
    </message>
    <message>
        <source>The pad is not answering. Please ask at the desk.</source>
        <translation>Зчитувач не відповідає. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>This is not possible right now. Please try again later.</source>
        <translation>Зараз це неможливо. Спробуйте пізніше.</translation>
    </message>
    <message>
        <source>The number of items on the pad is not what you said. Nothing was borrowed.</source>
        <translation>Кількість примірників на зчитувачі не збігається з вказаною. Нічого не видано.</translation>
    </message>
    <message>
        <source>The library system is not answering. What you do is recorded and will be confirmed later.</source>
        <extracomment>Banner while the library system is unreachable</extracomment>
        <translation>Бібліотечна система не відповідає. Ваші дії записуються і будуть підтверджені пізніше.</translation>
    </message>
    <message>
        <source>The library system is not answering. Returns are recorded; borrowing is at the desk.</source>
        <translation>Бібліотечна система не відповідає. Повернення записуються; позичити можна в бібліотекаря.</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <translation>Цей кіоск не працює. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>This card cannot be read. Please ask at the desk.</source>
        <extracomment>A card whose number cannot be sent to the library system (damaged or rewritten card)</extracomment>
        <translation>Цю картку неможливо прочитати. Зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>Borrowed (recorded, will be confirmed later)</source>
        <extracomment>A loan recorded while the library system was away; %1 is "until &lt;date&gt;" in the language's form</extracomment>
        <translation>Видано (записано, буде підтверджено пізніше)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1 (recorded, will be confirmed later)</source>
        <translation>Видано, повернути %1 (записано, буде підтверджено пізніше)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1</source>
        <translation>Видано, повернути %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Продовжено, повернути %1</translation>
    </message>
    <message>
        <source>This item could not be returned here.</source>
        <extracomment>The library system refused an item; its own words, if any, follow in small print</extracomment>
        <translation>Цей примірник тут не вдалося повернути.</translation>
    </message>
    <message>
        <source>This item cannot be lent here.</source>
        <translation>Цей примірник тут не можна видати.</translation>
    </message>
    <message>
        <source>On loan, due back %1</source>
        <translation>Видано, повернути %1</translation>
    </message>
    <message>
        <source>This item belongs to another library. Please take it to the desk.</source>
        <extracomment>The item's RFID tag names a library outside the regional network as its owner</extracomment>
        <translation>Цей примірник належить іншій бібліотеці. Будь ласка, віднесіть його до стійки.</translation>
    </message>
    <message>
        <source>This item has no security label. Please borrow it at the desk.</source>
        <extracomment>An item with a barcode and no security label, which this library lends only at the desk</extracomment>
        <translation>Цей примірник не має захисної мітки. Будь ласка, позичте його біля стійки.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item.</source>
        <translation>Цей код не є бібліотечною карткою чи примірником.</translation>
    </message>
    <message>
        <source>This book has no security label: please carry it round the security gate.</source>
        <extracomment>A book lent by its barcode: it has no RFID label, so the gate cannot tell it is lent</extracomment>
        <translation>Ця книжка не має захисної мітки: будь ласка, пронесіть її повз охоронні ворота.</translation>
    </message>
    <message>
        <source>This card is from a library outside our network. Please ask at the desk.</source>
        <translation>Ця картка з бібліотеки поза нашою мережею. Будь ласка, зверніться до стійки.</translation>
    </message>
    <message>
        <source>This card is from %1, which is not in our network. Please ask at the desk.</source>
        <extracomment>%1 is the library that issued the card (its own name, not translated)</extracomment>
        <translation>Ця картка з бібліотеки «%1», яка не входить до нашої мережі. Будь ласка, зверніться до стійки.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item. Please try again or ask at the desk.</source>
        <extracomment>A scanned barcode or QR code that is no library card, item or staff card of this network</extracomment>
        <translation>Цей код не є бібліотечною карткою чи примірником. Спробуйте ще раз або зверніться до стійки.</translation>
    </message>
    <message>
        <source>Please finish this visit first.</source>
        <translation>Спершу завершіть цей візит.</translation>
    </message>
    <message>
        <source>This item was lifted too soon. Please put it back on the pad.</source>
        <extracomment>A book taken off the pad before the kiosk was done with it: nothing changed, it is done once back</extracomment>
        <translation>Цей примірник забрали зарано. Будь ласка, покладіть його назад на зчитувач.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Delete</source>
        <extracomment>PIN pad key: remove the last digit typed</extracomment>
        <translation>Стерти</translation>
    </message>
    <message>
        <source>OK</source>
        <extracomment>PIN pad key: log in with the card and the PIN typed</extracomment>
        <translation>Гаразд</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Your receipt</source>
        <extracomment>Receipt screen title when the receipt is on screen</extracomment>
        <translation>Ваша квитанція</translation>
    </message>
    <message>
        <source>Would you like a receipt?</source>
        <extracomment>Receipt choice screen title</extracomment>
        <translation>Бажаєте квитанцію?</translation>
    </message>
    <message>
        <source>Scan with your phone to keep this receipt.</source>
        <extracomment>Under the QR code of the receipt</extracomment>
        <translation>Скануйте телефоном, щоб зберегти цю квитанцію.</translation>
    </message>
    <message>
        <source>Print</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Надрукувати</translation>
    </message>
    <message>
        <source>Email</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Електронною поштою</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <extracomment>Receipt choice: show on screen with a QR code</extracomment>
        <translation>Показати на екрані</translation>
    </message>
    <message>
        <source>No receipt</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Без квитанції</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Button after the receipt was shown on screen</extracomment>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>Return books</source>
        <extracomment>Return screen title</extracomment>
        <translation>Повернути книжки</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <translation>Зчитуються примірники на зчитувачі…</translation>
    </message>
    <message>
        <source>Returned: %1. Problems: %2.</source>
        <extracomment>Return screen summary: %1 items returned, %2 with problems</extracomment>
        <translation>Повернено: %1. Проблеми: %2.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Завершити</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Зчитування примірників на зчитувачі: %1</translation>
    </message>
    <message>
        <source>Place the items you are returning on the pad: each is returned as soon as it is read.</source>
        <extracomment>Return screen with nothing returned yet</extracomment>
        <translation>Покладіть примірники, які повертаєте, на зчитувач: кожен повертається, щойно його прочитано.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Покладіть книжки на зчитувач, не вище червоної лінії.</translation>
    </message>
</context>
<context>
    <name>ScreenReader</name>
    <message>
        <source>Buttons: %1</source>
        <extracomment>Read aloud after a screen's heading and instructions; %1 is the buttons' names, e.g. "Borrow books, Return books"</extracomment>
        <translation>Кнопки: %1</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>The library system is not answering: your loans will be confirmed later.</source>
        <translation>Бібліотечна система не відповідає: ваші позики буде підтверджено пізніше.</translation>
    </message>
    <message>
        <source>This card is reported lost. Please ask at the desk.</source>
        <translation>Ця картка позначена як загублена. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>Зараз ви не можете позичати. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>You owe %1</source>
        <extracomment>Account screen; %1 is an amount of money</extracomment>
        <translation>Ваш борг: %1</translation>
    </message>
    <message>
        <source>Borrowed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Видано: %1, повернути %2</translation>
    </message>
    <message>
        <source>Borrowed: %1</source>
        <translation>Видано: %1</translation>
    </message>
    <message>
        <source>Returned: %1</source>
        <translation>Повернено: %1</translation>
    </message>
    <message>
        <source>Renewed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Продовжено: %1, повернути %2</translation>
    </message>
    <message>
        <source>Renewed: %1</source>
        <translation>Продовжено: %1</translation>
    </message>
    <message>
        <source>* Recorded while the library system was not answering; it will be confirmed later.</source>
        <translation>* Записано, коли бібліотечна система не відповідала; це буде підтверджено пізніше.</translation>
    </message>
    <message>
        <source>Type the number of the item you want to reserve.</source>
        <translation>Введіть номер примірника, який хочете забронювати.</translation>
    </message>
    <message>
        <source>Card found. Now type your PIN.</source>
        <translation>Картку знайдено. Тепер введіть PIN.</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen for more time.</source>
        <extracomment>Spoken when the session is about to end for inactivity</extracomment>
        <translation>Ви ще тут? Торкніться екрана, щоб отримати більше часу.</translation>
    </message>
    <message>
        <source>Your session has ended. Your details have been cleared from the screen.</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Ваш сеанс завершено. Ваші дані прибрано з екрана.</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <translation>Дякуємо, до побачення!</translation>
    </message>
    <message>
        <source>Your library receipt</source>
        <extracomment>Subject of the emailed receipt</extracomment>
        <translation>Ваша бібліотечна квитанція</translation>
    </message>
    <message>
        <source>The receipt could not be emailed. Please choose another way.</source>
        <translation>Квитанцію не вдалося надіслати електронною поштою. Виберіть інший спосіб.</translation>
    </message>
    <message>
        <source>The receipt could not be printed. Please choose another way.</source>
        <translation>Квитанцію не вдалося надрукувати. Виберіть інший спосіб.</translation>
    </message>
    <message>
        <source>Too many tries. Try again in %1 s.</source>
        <translation>Забагато спроб. Спробуйте ще раз через %1 с.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>PIN неправильний. Спробуйте ще раз.</translation>
    </message>
    <message>
        <source>Card %1</source>
        <extracomment>Receipt: the patron's card, masked; %1 is its last four digits</extracomment>
        <translation>Картка %1</translation>
    </message>
    <message>
        <source>Not returned: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not returned; %1 its title</extracomment>
        <translation>Не повернуто: %1. Будь ласка, покажіть його бібліотекарю.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not lent; %1 its title</extracomment>
        <translation>Не видано: %1. Будь ласка, покажіть його бібліотекарю.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please leave it on the desk.</source>
        <extracomment>Receipt and goodbye: an item that was not lent and needs no staff; %1 its title</extracomment>
        <translation>Не видано: %1. Будь ласка, залиште його на стійці.</translation>
    </message>
    <message>
        <source>%1 of %2 read</source>
        <extracomment>Reading the pad: %1 items read so far of %2 on the pad</extracomment>
        <translation>прочитано %1 з %2</translation>
    </message>
    <message>
        <source>Staff have been called. Someone is coming to help you.</source>
        <extracomment>Notice after the patron pressed "Call staff"</extracomment>
        <translation>Працівників бібліотеки викликано. Незабаром хтось підійде, щоб вам допомогти.</translation>
    </message>
</context>
<context>
    <name>StaffController</name>
    <message>
        <source>Offline: nothing (the kiosk stops when the ILS is away)</source>
        <translation>Офлайн: нічого (кіоск зупиняється, коли система недоступна)</translation>
    </message>
    <message>
        <source>Offline: returns only</source>
        <translation>Офлайн: лише повернення</translation>
    </message>
    <message>
        <source>Offline: returns and up to %1 loans a visit</source>
        <extracomment>%1 is the number of loans one visit may take offline</extracomment>
        <translation>Офлайн: повернення і до %1 позик за візит</translation>
    </message>
    <message>
        <source>%1 · alarms %2 · people in %3, out %4 · readers %5 of %6 working%7</source>
        <translation>%1 · тривоги %2 · увійшло %3, вийшло %4 · працює %5 з %6 зчитувачів%7</translation>
    </message>
    <message>
        <source>no gate configured ([staff] gate_status)</source>
        <translation>ворота не налаштовані ([staff] gate_status)</translation>
    </message>
    <message>
        <source>waiting %1 · sending %2 · uncertain %3 · exceptions %4 · done %5</source>
        <translation>очікує %1 · надсилається %2 · невідомо %3 · винятки %4 · готово %5</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>Staff screen: no patron has called staff</extracomment>
        <translation>немає</translation>
    </message>
    <message>
        <source>waiting since %1 (screen %2)</source>
        <extracomment>Staff screen: a patron's call for staff; %1 the time it was raised, %2 the screen it came from</extracomment>
        <translation>чекає з %1 (екран %2)</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>Staff</source>
        <extracomment>Staff screen title</extracomment>
        <translation>Персонал</translation>
    </message>
    <message>
        <source>Reader</source>
        <extracomment>Staff screen: the kiosk's RFID reader</extracomment>
        <translation>Зчитувач</translation>
    </message>
    <message>
        <source>Library system</source>
        <extracomment>Staff screen: the library system (ILS)</extracomment>
        <translation>Бібліотечна система</translation>
    </message>
    <message>
        <source>Queue</source>
        <extracomment>Staff screen: the offline queue</extracomment>
        <translation>Черга</translation>
    </message>
    <message>
        <source>Gate</source>
        <extracomment>Staff screen: the security gate</extracomment>
        <translation>Ворота</translation>
    </message>
    <message>
        <source>Policy</source>
        <extracomment>Staff screen: what the kiosk does while the ILS is unreachable</extracomment>
        <translation>Правила</translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>Staff screen: the kiosk software's version, commit and build date</extracomment>
        <translation>Версія</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Staff button: read every status again</extracomment>
        <translation>Оновити</translation>
    </message>
    <message>
        <source>Send queue now</source>
        <extracomment>Staff button: send the queued transactions now</extracomment>
        <translation>Надіслати чергу зараз</translation>
    </message>
    <message>
        <source>Leave training mode</source>
        <extracomment>Staff button: restart on the real library system</extracomment>
        <translation>Вийти з навчального режиму</translation>
    </message>
    <message>
        <source>Training mode</source>
        <extracomment>Staff button: restart against the simulator for teaching</extracomment>
        <translation>Навчальний режим</translation>
    </message>
    <message>
        <source>Exit to desktop</source>
        <extracomment>Staff button: close the kiosk app</extracomment>
        <translation>Вийти на робочий стіл</translation>
    </message>
    <message>
        <source>Back to patrons</source>
        <extracomment>Staff button: back to the welcome screen</extracomment>
        <translation>Назад до читачів</translation>
    </message>
    <message>
        <source>Staff call</source>
        <extracomment>Staff screen: a patron pressed "Call staff"</extracomment>
        <translation>Виклик персоналу</translation>
    </message>
    <message>
        <source>Acknowledge call</source>
        <extracomment>Staff button: the patron's call for staff has been seen (the desk light goes out)</extracomment>
        <translation>Підтвердити виклик</translation>
    </message>
</context>
<context>
    <name>StepIndicator</name>
    <message>
        <source>Card</source>
        <extracomment>Step indicator: the step where the patron shows the library card and types the PIN</extracomment>
        <translation>Картка</translation>
    </message>
    <message>
        <source>Books</source>
        <extracomment>Step indicator: the step where the books are laid on the pad</extracomment>
        <translation>Книжки</translation>
    </message>
    <message>
        <source>Receipt</source>
        <extracomment>Step indicator: the step where the patron chooses a receipt</extracomment>
        <translation>Квитанція</translation>
    </message>
    <message>
        <source>Account</source>
        <extracomment>Step indicator: the patron's account (loans, reservations, fines)</extracomment>
        <translation>Обліковий запис</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <extracomment>Step indicator for screen readers: %1 is the step's number, %2 how many steps, %3 its name</extracomment>
        <translation>Крок %1 з %2: %3</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <source>Are you still there?</source>
        <extracomment>The session is about to end for inactivity</extracomment>
        <translation>Ви ще тут?</translation>
    </message>
    <message>
        <source>For your privacy, this session will end. Seconds left: %1</source>
        <extracomment>%1 is the number of seconds before the session ends</extracomment>
        <translation>Задля вашої приватності цей сеанс завершиться. Залишилось секунд: %1</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <extracomment>Button on the timeout warning</extracomment>
        <translation>Так, мені потрібно більше часу</translation>
    </message>
    <message>
        <source>I am finished</source>
        <extracomment>Button on the timeout warning</extracomment>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Accessibility</source>
        <extracomment>Top bar button opening larger text, high contrast and read-aloud</extracomment>
        <translation>Доступність</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Welcome to the library</source>
        <extracomment>Welcome screen title</extracomment>
        <translation>Ласкаво просимо до бібліотеки</translation>
    </message>
    <message>
        <source>Choose what you would like to do. You can change the language at the top.</source>
        <extracomment>Welcome screen: what to do</extracomment>
        <translation>Виберіть, що ви хочете зробити. Мову можна змінити вгорі.</translation>
    </message>
    <message>
        <source>Borrow books</source>
        <extracomment>Welcome screen button</extracomment>
        <translation>Взяти книжки</translation>
    </message>
    <message>
        <source>Return books</source>
        <extracomment>Welcome screen button (no library card needed)</extracomment>
        <translation>Повернути книжки</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <extracomment>Welcome screen while the kiosk cannot serve anyone (the choices below are off)</extracomment>
        <translation>Цей кіоск не працює. Будь ласка, зверніться до бібліотекаря.</translation>
    </message>
    <message>
        <source>Opening hours: %1</source>
        <extracomment>Welcome screen, at the foot; %1 is the library's opening hours as it writes them</extracomment>
        <translation>Години роботи: %1</translation>
    </message>
    <message>
        <source>With your library card</source>
        <extracomment>Welcome screen, under "Borrow books"</extracomment>
        <translation>З вашою бібліотечною карткою</translation>
    </message>
    <message>
        <source>No card needed</source>
        <extracomment>Welcome screen, under "Return books"</extracomment>
        <translation>Картка не потрібна</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Welcome screen button: loans, due dates, reservations, fines</extracomment>
        <translation>Мій обліковий запис</translation>
    </message>
    <message>
        <source>Renewals, reservations, fines</source>
        <extracomment>Welcome screen, under "My account"</extracomment>
        <translation>Продовження, бронювання, штрафи</translation>
    </message>
    <message>
        <source>To start borrowing, you can also lay your library card on the pad.</source>
        <extracomment>Welcome screen, beside the picture of a card on the pad</extracomment>
        <translation>Щоб почати позичати, можна також покласти бібліотечну картку на зчитувач.</translation>
    </message>
</context>
</TS>
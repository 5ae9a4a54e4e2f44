<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AccessibilityPanel</name>
    <message>
        <source>Accessibility</source>
        <extracomment>Title of the accessibility panel</extracomment>
        <translation>Доступность</translation>
    </message>
    <message>
        <source>Larger text</source>
        <extracomment>Toggle for bigger letters on every screen</extracomment>
        <translation>Крупный текст</translation>
    </message>
    <message>
        <source>High contrast</source>
        <extracomment>Toggle for the high-contrast colours</extracomment>
        <translation>Высокий контраст</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <extracomment>Toggle for reading the screen aloud</extracomment>
        <translation>Читать вслух</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Closes the accessibility panel</extracomment>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Repeat</source>
        <extracomment>Says the last thing read aloud again</extracomment>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Slower</source>
        <extracomment>Toggle for reading aloud more slowly</extracomment>
        <translation>Медленнее</translation>
    </message>
    <message>
        <source>Less movement</source>
        <extracomment>Toggle: the pictures stop moving and nothing slides</extracomment>
        <translation>Меньше движения</translation>
    </message>
</context>
<context>
    <name>AccountModel</name>
    <message>
        <source>Overdue since %1</source>
        <translation>Просрочено с %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <extracomment>Account screen; %1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Вернуть %1</translation>
    </message>
    <message>
        <source>Ready for you at %1</source>
        <translation>Ждёт вас: %1</translation>
    </message>
    <message>
        <source>Number %1 in the queue, pick up at %2</source>
        <extracomment>Account screen: place in the queue for a reserved item (%1), pickup branch (%2)</extracomment>
        <translation>%1-й в очереди, получить: %2</translation>
    </message>
    <message>
        <source>Waiting, pick up at %1</source>
        <translation>Ожидается, получить: %1</translation>
    </message>
    <message>
        <source>Ready for you on the reservations shelf</source>
        <extracomment>Account screen: a reserved item is waiting on the hold shelf</extracomment>
        <translation>Ждёт вас на полке брони</translation>
    </message>
    <message>
        <source>Number %1 in the queue</source>
        <extracomment>Account screen: place in the queue for a reserved item</extracomment>
        <translation>%1-й в очереди</translation>
    </message>
    <message>
        <source>Waiting for your turn</source>
        <extracomment>Account screen: a reservation not yet ready</extracomment>
        <translation>Ожидает вашей очереди</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <extracomment>Account screen: a reservation just cancelled (an Undo button follows for a few seconds)</extracomment>
        <translation>Отменено</translation>
    </message>
</context>
<context>
    <name>AccountScreen</name>
    <message>
        <source>My account</source>
        <extracomment>Account screen title</extracomment>
        <translation>Мой аккаунт</translation>
    </message>
    <message>
        <source>Loans: %1 (overdue: %2). Reservations: %3.</source>
        <extracomment>Account summary: %1 loans, %2 overdue, %3 reservations</extracomment>
        <translation>Выдано: %1 (просрочено: %2). Брони: %3.</translation>
    </message>
    <message>
        <source>Loans</source>
        <extracomment>Account tab</extracomment>
        <translation>Выданное</translation>
    </message>
    <message>
        <source>Reservations</source>
        <extracomment>Account tab</extracomment>
        <translation>Брони</translation>
    </message>
    <message>
        <source>Fines</source>
        <extracomment>Account tab</extracomment>
        <translation>Штрафы</translation>
    </message>
    <message>
        <source>Renew</source>
        <extracomment>Button: renew this loan</extracomment>
        <translation>Продлить</translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <extracomment>Account screen with no loans</extracomment>
        <translation>У вас ничего не выдано.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: cancel this reservation (asks first)</extracomment>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>You have no reservations.</source>
        <extracomment>Account screen with no reservations</extracomment>
        <translation>У вас нет броней.</translation>
    </message>
    <message>
        <source>You owe nothing.</source>
        <extracomment>Account screen with no fines</extracomment>
        <translation>У вас нет долгов.</translation>
    </message>
    <message>
        <source>Renew all</source>
        <extracomment>Button: renew every loan</extracomment>
        <translation>Продлить все</translation>
    </message>
    <message>
        <source>Reserve an item</source>
        <extracomment>Button: to the screen for reserving an item</extracomment>
        <translation>Забронировать экземпляр</translation>
    </message>
    <message>
        <source>Borrow</source>
        <extracomment>Button: to the checkout screen</extracomment>
        <translation>Взять</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Cancel reservation?</source>
        <extracomment>Account screen: asked on a reservation's row before it is cancelled</extracomment>
        <translation>Отменить бронь?</translation>
    </message>
    <message>
        <source>Yes</source>
        <extracomment>Button: yes, cancel this reservation</extracomment>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <extracomment>Button: no, keep this reservation</extracomment>
        <translation>Нет</translation>
    </message>
    <message>
        <source>Undo</source>
        <extracomment>Button: place the reservation just cancelled again</extracomment>
        <translation>Вернуть</translation>
    </message>
    <message>
        <source>You can pay at the desk.</source>
        <extracomment>Account screen, fines tab: how to pay a fine</extracomment>
        <translation>Оплатить можно у библиотекаря.</translation>
    </message>
    <message>
        <source>or scan to pay online</source>
        <extracomment>Under the QR code of the library's online payment page</extracomment>
        <translation>или отсканируйте, чтобы оплатить онлайн</translation>
    </message>
</context>
<context>
    <name>CallStaffButton</name>
    <message>
        <source>Staff called: someone is coming</source>
        <translation>Помощь вызвана: к вам уже идут</translation>
    </message>
    <message>
        <source>Call staff</source>
        <extracomment>Top bar button on every patron screen: ask a librarian for help</extracomment>
        <translation>Позвать сотрудника</translation>
    </message>
    <message>
        <source>Staff called</source>
        <extracomment>Top bar button while the patron's call for staff waits (short: the screen's notice says the rest)</extracomment>
        <translation>Помощь вызвана</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <source>Hello, %1</source>
        <extracomment>Checkout screen title; %1 is the patron's name</extracomment>
        <translation>Здравствуйте, %1</translation>
    </message>
    <message>
        <source>Your items</source>
        <translation>Ваши экземпляры</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <extracomment>Checkout screen while the items are processed</extracomment>
        <translation>Считываются экземпляры на считывателе…</translation>
    </message>
    <message>
        <source>Borrowed: %1. Problems: %2.</source>
        <extracomment>Checkout screen summary: %1 items borrowed, %2 with problems</extracomment>
        <translation>Выдано: %1. Проблемы: %2.</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Button: to the account screen</extracomment>
        <translation>Мой аккаунт</translation>
    </message>
    <message>
        <source>Finish</source>
        <extracomment>Button: end the visit</extracomment>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Чтение экземпляров на считывателе: %1</translation>
    </message>
    <message>
        <source>Place your items on the pad: each is borrowed as soon as it is read.</source>
        <extracomment>Checkout screen with nothing done yet</extracomment>
        <translation>Положите экземпляры на считыватель: каждый выдаётся, как только он прочитан.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Положите книги на считыватель, не выше красной линии.</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Your session has ended</source>
        <extracomment>Goodbye screen after the idle timeout</extracomment>
        <translation>Ваш сеанс завершён</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Спасибо, до свидания!</translation>
    </message>
    <message>
        <source>For your privacy, your details have been cleared from the screen.</source>
        <translation>Ради вашей конфиденциальности ваши данные удалены с экрана.</translation>
    </message>
    <message>
        <source>Please take your card and your books.</source>
        <extracomment>Goodbye screen reminder</extracomment>
        <translation>Пожалуйста, заберите свою карту и книги.</translation>
    </message>
    <message>
        <source>Before you go:</source>
        <extracomment>Goodbye screen: above the items that were not lent or returned</extracomment>
        <translation>Перед уходом:</translation>
    </message>
    <message>
        <source>Back to start</source>
        <extracomment>Button on the goodbye screen: back to the welcome screen</extracomment>
        <translation>В начало</translation>
    </message>
    <message>
        <source>Back to the start in %1 s</source>
        <extracomment>Goodbye screen: seconds until the welcome screen comes back by itself</extracomment>
        <translation>В начало через %1 с</translation>
    </message>
</context>
<context>
    <name>HoldScreen</name>
    <message>
        <source>Reserve an item</source>
        <extracomment>Reserve screen title</extracomment>
        <translation>Забронировать экземпляр</translation>
    </message>
    <message>
        <source>Item number</source>
        <extracomment>Placeholder of the item number field</extracomment>
        <translation>Номер экземпляра</translation>
    </message>
    <message>
        <source>Pick up at:</source>
        <extracomment>Label above the list of branches</extracomment>
        <translation>Получить в:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Reserve</source>
        <extracomment>Button: place the reservation</extracomment>
        <translation>Забронировать</translation>
    </message>
    <message>
        <source>Lay the book you want to reserve on the pad, or type its number. Then choose where you will pick it up.</source>
        <extracomment>Reserve screen instructions</extracomment>
        <translation>Положите книгу, которую хотите зарезервировать, на считыватель или введите её номер. Затем выберите, где вы её заберёте.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Place your library card on the pad</source>
        <extracomment>Identify screen title</extracomment>
        <translation>Положите библиотечную карту на считыватель</translation>
    </message>
    <message>
        <source>Or type your card number, then your PIN.</source>
        <extracomment>Identify screen: the alternative to the card</extracomment>
        <translation>Или введите номер карты, затем PIN.</translation>
    </message>
    <message>
        <source>Card number</source>
        <extracomment>Label of the card number field</extracomment>
        <translation>Номер карты</translation>
    </message>
    <message>
        <source>Card on the pad</source>
        <extracomment>Shown in the card field once the card on the pad was read</extracomment>
        <translation>Карта на считывателе</translation>
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
        <translation>Ваша карта прочитана. Введите PIN и нажмите «ОК».</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Library self-service</source>
        <extracomment>Window title</extracomment>
        <translation>Библиотечное самообслуживание</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <source>Training mode: nothing done here is a real loan</source>
        <extracomment>Banner on a kiosk used to teach staff; loans made on it are not real</extracomment>
        <translation>Учебный режим: здесь ничего не выдаётся по-настоящему</translation>
    </message>
</context>
<context>
    <name>OutcomeDelegate</name>
    <message>
        <source>Please take this item to the desk.</source>
        <extracomment>Shown under an item that could not be processed</extracomment>
        <translation>Пожалуйста, отнесите этот экземпляр библиотекарю.</translation>
    </message>
</context>
<context>
    <name>PatronText</name>
    <message>
        <source>Borrowed</source>
        <extracomment>%1 is "until &lt;due date&gt;" with its preposition, in the language's form ("by 26 December 2026")</extracomment>
        <translation>Выдано</translation>
    </message>
    <message>
        <source>Returned (recorded, will be confirmed later)</source>
        <translation>Возвращено (записано, будет подтверждено позже)</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Возвращено</translation>
    </message>
    <message>
        <source>Renewed</source>
        <extracomment>%1 is "until &lt;new due date&gt;" with its preposition, in the language's form</extracomment>
        <translation>Продлено</translation>
    </message>
    <message>
        <source>Reserved: you are number %1 in the queue</source>
        <extracomment>%1 is the patron's place in the queue for a reserved item</extracomment>
        <translation>Забронировано: вы %1-й в очереди</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Забронировано</translation>
    </message>
    <message>
        <source>Reservation cancelled</source>
        <extracomment>A reservation was cancelled</extracomment>
        <translation>Бронь отменена</translation>
    </message>
    <message>
        <source>This item cannot be borrowed. Please ask at the desk.</source>
        <translation>Этот экземпляр нельзя взять. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>Only %1 of %2 parts are on the pad. Put all parts on the pad.</source>
        <extracomment>A set (book with CD etc.): %1 parts found of %2</extracomment>
        <translation>На считывателе только %1 из %2 частей. Положите все части.</translation>
    </message>
    <message>
        <source>The label of this item cannot be read. Please take it to the desk.</source>
        <translation>Метку этого экземпляра невозможно прочитать. Пожалуйста, отнесите его библиотекарю.</translation>
    </message>
    <message>
        <source>This item could not be finished. Please take it to the desk.</source>
        <translation>Этот экземпляр не удалось обработать. Пожалуйста, отнесите его библиотекарю.</translation>
    </message>
    <message>
        <source>The library system is not answering. Please ask at the desk.</source>
        <translation>Библиотечная система не отвечает. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>No more items can be borrowed until the library system is back.</source>
        <translation>Больше экземпляров взять нельзя, пока не заработает библиотечная система.</translation>
    </message>
    <message>
        <source>This cannot be done until the library system is back.</source>
        <translation>Это невозможно, пока не заработает библиотечная система.</translation>
    </message>
    <message>
        <source>This is not a library item.</source>
        <translation>Это не библиотечный экземпляр.</translation>
    </message>
    <message>
        <source>The kiosk could not record this. Please ask at the desk.</source>
        <translation>Киоск не смог это записать. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>Please identify yourself first.</source>
        <translation>Сначала, пожалуйста, войдите.</translation>
    </message>
    <message>
        <source>On the shelf</source>
        <translation>На полке</translation>
    </message>
    <message>
        <source>On loan</source>
        <translation>Выдано</translation>
    </message>
    <message>
        <source>Waiting for someone who reserved it</source>
        <translation>Ждёт читателя, который его забронировал</translation>
    </message>
    <message>
        <source>On its way between branches</source>
        <translation>В пути между филиалами</translation>
    </message>
    <message>
        <source>Just returned, back on the shelf soon</source>
        <translation>Только что возвращено, скоро будет на полке</translation>
    </message>
    <message>
        <source>Not available at the moment</source>
        <translation>Сейчас недоступно</translation>
    </message>
    <message>
        <source>Please ask at the desk.</source>
        <translation>Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item: please put it on the reservations shelf.</source>
        <extracomment>A returned item someone has reserved at this branch</extracomment>
        <translation>Этот экземпляр кто-то ждёт: пожалуйста, положите его на полку брони.</translation>
    </message>
    <message>
        <source>This item travels to another branch: please put it in the return box.</source>
        <translation>Этот экземпляр отправляется в другой филиал: пожалуйста, положите его в ящик для возврата.</translation>
    </message>
    <message>
        <source>This item travels to %1: please put it in the return box.</source>
        <extracomment>%1 is the branch the item travels to</extracomment>
        <translation>Этот экземпляр отправляется в: %1. Пожалуйста, положите его в ящик для возврата.</translation>
    </message>
    <message>
        <source>You have borrowed as many items as you may. Return some to borrow more.</source>
        <extracomment>The library system says the patron has as many loans as allowed</extracomment>
        <translation>Вы уже взяли максимальное число экземпляров. Верните некоторые, чтобы взять ещё.</translation>
    </message>
    <message>
        <source>Some of your items are overdue. Please return them or ask at the desk.</source>
        <translation>Некоторые ваши экземпляры просрочены. Пожалуйста, верните их или обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>Some of your items cannot be renewed again.</source>
        <translation>Некоторые ваши экземпляры больше нельзя продлить.</translation>
    </message>
    <message>
        <source>Items on your card are recorded as lost. Please ask at the desk.</source>
        <translation>На вашей карте есть экземпляры, отмеченные как утерянные. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>You cannot borrow until your fines are paid. Please ask at the desk.</source>
        <translation>Вы не можете брать книги, пока не оплачены штрафы. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>An item someone else is waiting for is overdue on your card. Please return it.</source>
        <extracomment>A recalled item (someone else reserved it) is overdue on the patron's card</extracomment>
        <translation>На вашей карте просрочен экземпляр, который ждёт другой читатель. Пожалуйста, верните его.</translation>
    </message>
    <message>
        <source>Please put it here: %1.</source>
        <extracomment>%1 is where returned items of this kind go, as the library names it on its signs ("Trolley 1 (blue)")</extracomment>
        <translation>Пожалуйста, положите сюда: %1.</translation>
    </message>
    <message>
        <source>Please put it on the return trolley.</source>
        <translation>Пожалуйста, положите его на тележку для возврата.</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Добро пожаловать!</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>Сейчас вы не можете брать книги. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>PIN неверный. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>This card is not known. Please ask at the desk.</source>
        <translation>Эта карта неизвестна. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>No library card found. Place your card on the pad or type its number.</source>
        <translation>Библиотечная карта не найдена. Положите карту на считыватель или введите её номер.</translation>
    </message>
    <message>
        <source>Borrowing is not possible right now. Returns still work.</source>
        <translation>Сейчас взять книги невозможно. Возврат работает.</translation>
    </message>
    <message>
        <source>Please wait a moment and try again.</source>
        <translation>Подождите немного и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>No items on the pad. Place your items on the pad.</source>
        <translation>На считывателе нет экземпляров. Положите их на считыватель.</translation>
    </message>
    <message>
        <source>The pad is not answering. Please ask at the desk.</source>
        <translation>Считыватель не отвечает. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>This is not possible right now. Please try again later.</source>
        <translation>Сейчас это невозможно. Попробуйте позже.</translation>
    </message>
    <message>
        <source>The number of items on the pad is not what you said. Nothing was borrowed.</source>
        <translation>Количество экземпляров на считывателе не совпадает с указанным. Ничего не выдано.</translation>
    </message>
    <message>
        <source>The library system is not answering. What you do is recorded and will be confirmed later.</source>
        <extracomment>Banner while the library system is unreachable</extracomment>
        <translation>Библиотечная система не отвечает. Ваши действия записываются и будут подтверждены позже.</translation>
    </message>
    <message>
        <source>The library system is not answering. Returns are recorded; borrowing is at the desk.</source>
        <translation>Библиотечная система не отвечает. Возвраты записываются; взять книги можно у библиотекаря.</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <translation>Этот киоск не работает. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>This card cannot be read. Please ask at the desk.</source>
        <extracomment>A card whose number cannot be sent to the library system (damaged or rewritten card)</extracomment>
        <translation>Эту карту невозможно прочитать. Обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>Borrowed (recorded, will be confirmed later)</source>
        <extracomment>A loan recorded while the library system was away; %1 is "until &lt;date&gt;" in the language's form</extracomment>
        <translation>Выдано (записано, будет подтверждено позже)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1 (recorded, will be confirmed later)</source>
        <translation>Выдано, вернуть %1 (записано, будет подтверждено позже)</translation>
    </message>
    <message>
        <source>Borrowed, due back %1</source>
        <translation>Выдано, вернуть %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Продлено, вернуть %1</translation>
    </message>
    <message>
        <source>This item could not be returned here.</source>
        <extracomment>The library system refused an item; its own words, if any, follow in small print</extracomment>
        <translation>Этот экземпляр здесь не удалось вернуть.</translation>
    </message>
    <message>
        <source>This item cannot be lent here.</source>
        <translation>Этот экземпляр здесь нельзя выдать.</translation>
    </message>
    <message>
        <source>On loan, due back %1</source>
        <translation>Выдано, вернуть %1</translation>
    </message>
    <message>
        <source>This item belongs to another library. Please take it to the desk.</source>
        <extracomment>The item's RFID tag names a library outside the regional network as its owner</extracomment>
        <translation>Этот экземпляр принадлежит другой библиотеке. Пожалуйста, отнесите его на стойку.</translation>
    </message>
    <message>
        <source>This item has no security label. Please borrow it at the desk.</source>
        <extracomment>An item with a barcode and no security label, which this library lends only at the desk</extracomment>
        <translation>У этого экземпляра нет защитной метки. Пожалуйста, возьмите его на стойке.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item.</source>
        <translation>Этот код не является библиотечной картой или экземпляром.</translation>
    </message>
    <message>
        <source>This book has no security label: please carry it round the security gate.</source>
        <extracomment>A book lent by its barcode: it has no RFID label, so the gate cannot tell it is lent</extracomment>
        <translation>У этой книги нет защитной метки: пожалуйста, пронесите её мимо охранных ворот.</translation>
    </message>
    <message>
        <source>This card is from a library outside our network. Please ask at the desk.</source>
        <translation>Эта карта из библиотеки вне нашей сети. Пожалуйста, обратитесь на стойку.</translation>
    </message>
    <message>
        <source>This card is from %1, which is not in our network. Please ask at the desk.</source>
        <extracomment>%1 is the library that issued the card (its own name, not translated)</extracomment>
        <translation>Эта карта из библиотеки «%1», которая не входит в нашу сеть. Пожалуйста, обратитесь на стойку.</translation>
    </message>
    <message>
        <source>This code is not a library card or a library item. Please try again or ask at the desk.</source>
        <extracomment>A scanned barcode or QR code that is no library card, item or staff card of this network</extracomment>
        <translation>Этот код не является библиотечной картой или экземпляром. Попробуйте ещё раз или обратитесь на стойку.</translation>
    </message>
    <message>
        <source>Please finish this visit first.</source>
        <translation>Сначала завершите этот визит.</translation>
    </message>
    <message>
        <source>This item was lifted too soon. Please put it back on the pad.</source>
        <extracomment>A book taken off the pad before the kiosk was done with it: nothing changed, it is done once back</extracomment>
        <translation>Этот экземпляр забрали слишком рано. Пожалуйста, положите его обратно на считыватель.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Delete</source>
        <extracomment>PIN pad key: remove the last digit typed</extracomment>
        <translation>Стереть</translation>
    </message>
    <message>
        <source>OK</source>
        <extracomment>PIN pad key: log in with the card and the PIN typed</extracomment>
        <translation>ОК</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Your receipt</source>
        <extracomment>Receipt screen title when the receipt is on screen</extracomment>
        <translation>Ваша квитанция</translation>
    </message>
    <message>
        <source>Would you like a receipt?</source>
        <extracomment>Receipt choice screen title</extracomment>
        <translation>Хотите квитанцию?</translation>
    </message>
    <message>
        <source>Scan with your phone to keep this receipt.</source>
        <extracomment>Under the QR code of the receipt</extracomment>
        <translation>Отсканируйте телефоном, чтобы сохранить эту квитанцию.</translation>
    </message>
    <message>
        <source>Print</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Распечатать</translation>
    </message>
    <message>
        <source>Email</source>
        <extracomment>Receipt choice</extracomment>
        <translation>По электронной почте</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <extracomment>Receipt choice: show on screen with a QR code</extracomment>
        <translation>Показать на экране</translation>
    </message>
    <message>
        <source>No receipt</source>
        <extracomment>Receipt choice</extracomment>
        <translation>Без квитанции</translation>
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
        <translation>Вернуть книги</translation>
    </message>
    <message>
        <source>Reading the items on the pad…</source>
        <translation>Считываются экземпляры на считывателе…</translation>
    </message>
    <message>
        <source>Returned: %1. Problems: %2.</source>
        <extracomment>Return screen summary: %1 items returned, %2 with problems</extracomment>
        <translation>Возвращено: %1. Проблемы: %2.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Reading the items on the pad: %1</source>
        <extracomment>While the tags on the pad are read; %1 is "3 of 5 read"</extracomment>
        <translation>Чтение экземпляров на считывателе: %1</translation>
    </message>
    <message>
        <source>Place the items you are returning on the pad: each is returned as soon as it is read.</source>
        <extracomment>Return screen with nothing returned yet</extracomment>
        <translation>Положите возвращаемые экземпляры на считыватель: каждый возвращается, как только он прочитан.</translation>
    </message>
    <message>
        <source>Lay your books on the pad, no higher than the red line.</source>
        <extracomment>Beside the picture of a stack of books on the pad with a red line above it</extracomment>
        <translation>Положите книги на считыватель, не выше красной линии.</translation>
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
        <translation>Библиотечная система не отвечает: ваши выдачи будут подтверждены позже.</translation>
    </message>
    <message>
        <source>This card is reported lost. Please ask at the desk.</source>
        <translation>Эта карта заявлена как утерянная. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the desk.</source>
        <translation>Сейчас вы не можете брать книги. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>You owe %1</source>
        <extracomment>Account screen; %1 is an amount of money</extracomment>
        <translation>Ваш долг: %1</translation>
    </message>
    <message>
        <source>Borrowed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Выдано: %1, вернуть %2</translation>
    </message>
    <message>
        <source>Borrowed: %1</source>
        <translation>Выдано: %1</translation>
    </message>
    <message>
        <source>Returned: %1</source>
        <translation>Возвращено: %1</translation>
    </message>
    <message>
        <source>Renewed: %1, due back %2</source>
        <extracomment>Receipt line: %1 title, %2 "until &lt;due date&gt;" with its preposition, in the language's long form</extracomment>
        <translation>Продлено: %1, вернуть %2</translation>
    </message>
    <message>
        <source>Renewed: %1</source>
        <translation>Продлено: %1</translation>
    </message>
    <message>
        <source>* Recorded while the library system was not answering; it will be confirmed later.</source>
        <translation>* Записано, когда библиотечная система не отвечала; это будет подтверждено позже.</translation>
    </message>
    <message>
        <source>Type the number of the item you want to reserve.</source>
        <translation>Введите номер экземпляра, который хотите забронировать.</translation>
    </message>
    <message>
        <source>Card found. Now type your PIN.</source>
        <translation>Карта найдена. Теперь введите PIN.</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen for more time.</source>
        <extracomment>Spoken when the session is about to end for inactivity</extracomment>
        <translation>Вы ещё здесь? Коснитесь экрана, чтобы получить больше времени.</translation>
    </message>
    <message>
        <source>Your session has ended. Your details have been cleared from the screen.</source>
        <extracomment>Goodbye screen</extracomment>
        <translation>Ваш сеанс завершён. Ваши данные удалены с экрана.</translation>
    </message>
    <message>
        <source>Thank you, goodbye!</source>
        <translation>Спасибо, до свидания!</translation>
    </message>
    <message>
        <source>Your library receipt</source>
        <extracomment>Subject of the emailed receipt</extracomment>
        <translation>Ваша библиотечная квитанция</translation>
    </message>
    <message>
        <source>The receipt could not be emailed. Please choose another way.</source>
        <translation>Квитанцию не удалось отправить по электронной почте. Выберите другой способ.</translation>
    </message>
    <message>
        <source>The receipt could not be printed. Please choose another way.</source>
        <translation>Квитанцию не удалось распечатать. Выберите другой способ.</translation>
    </message>
    <message>
        <source>Too many tries. Try again in %1 s.</source>
        <translation>Слишком много попыток. Попробуйте снова через %1 с.</translation>
    </message>
    <message>
        <source>The PIN is not right. Please try again.</source>
        <translation>PIN неверный. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Card %1</source>
        <extracomment>Receipt: the patron's card, masked; %1 is its last four digits</extracomment>
        <translation>Карта %1</translation>
    </message>
    <message>
        <source>Not returned: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not returned; %1 its title</extracomment>
        <translation>Не возвращено: %1. Пожалуйста, покажите его библиотекарю.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please show it to the staff.</source>
        <extracomment>Receipt and goodbye: an item that was not lent; %1 its title</extracomment>
        <translation>Не выдано: %1. Пожалуйста, покажите его библиотекарю.</translation>
    </message>
    <message>
        <source>Not lent: %1. Please leave it on the desk.</source>
        <extracomment>Receipt and goodbye: an item that was not lent and needs no staff; %1 its title</extracomment>
        <translation>Не выдано: %1. Пожалуйста, оставьте его на стойке.</translation>
    </message>
    <message>
        <source>%1 of %2 read</source>
        <extracomment>Reading the pad: %1 items read so far of %2 on the pad</extracomment>
        <translation>прочитано %1 из %2</translation>
    </message>
    <message>
        <source>Staff have been called. Someone is coming to help you.</source>
        <extracomment>Notice after the patron pressed "Call staff"</extracomment>
        <translation>Сотрудники библиотеки вызваны. Скоро к вам подойдут, чтобы помочь.</translation>
    </message>
</context>
<context>
    <name>StaffController</name>
    <message>
        <source>Offline: nothing (the kiosk stops when the ILS is away)</source>
        <translation>Офлайн: ничего (киоск останавливается, когда система недоступна)</translation>
    </message>
    <message>
        <source>Offline: returns only</source>
        <translation>Офлайн: только возвраты</translation>
    </message>
    <message>
        <source>Offline: returns and up to %1 loans a visit</source>
        <extracomment>%1 is the number of loans one visit may take offline</extracomment>
        <translation>Офлайн: возвраты и до %1 выдач за визит</translation>
    </message>
    <message>
        <source>%1 · alarms %2 · people in %3, out %4 · readers %5 of %6 working%7</source>
        <translation>%1 · тревоги %2 · вошло %3, вышло %4 · работает %5 из %6 считывателей%7</translation>
    </message>
    <message>
        <source>no gate configured ([staff] gate_status)</source>
        <translation>ворота не настроены ([staff] gate_status)</translation>
    </message>
    <message>
        <source>waiting %1 · sending %2 · uncertain %3 · exceptions %4 · done %5</source>
        <translation>ожидает %1 · отправляется %2 · неясно %3 · исключения %4 · готово %5</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>Staff screen: no patron has called staff</extracomment>
        <translation>нет</translation>
    </message>
    <message>
        <source>waiting since %1 (screen %2)</source>
        <extracomment>Staff screen: a patron's call for staff; %1 the time it was raised, %2 the screen it came from</extracomment>
        <translation>ждёт с %1 (экран %2)</translation>
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
        <translation>Считыватель</translation>
    </message>
    <message>
        <source>Library system</source>
        <extracomment>Staff screen: the library system (ILS)</extracomment>
        <translation>Библиотечная система</translation>
    </message>
    <message>
        <source>Queue</source>
        <extracomment>Staff screen: the offline queue</extracomment>
        <translation>Очередь</translation>
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
        <translation>Версия</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Staff button: read every status again</extracomment>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Send queue now</source>
        <extracomment>Staff button: send the queued transactions now</extracomment>
        <translation>Отправить очередь сейчас</translation>
    </message>
    <message>
        <source>Leave training mode</source>
        <extracomment>Staff button: restart on the real library system</extracomment>
        <translation>Выйти из учебного режима</translation>
    </message>
    <message>
        <source>Training mode</source>
        <extracomment>Staff button: restart against the simulator for teaching</extracomment>
        <translation>Учебный режим</translation>
    </message>
    <message>
        <source>Exit to desktop</source>
        <extracomment>Staff button: close the kiosk app</extracomment>
        <translation>Выйти на рабочий стол</translation>
    </message>
    <message>
        <source>Back to patrons</source>
        <extracomment>Staff button: back to the welcome screen</extracomment>
        <translation>Назад к читателям</translation>
    </message>
    <message>
        <source>Staff call</source>
        <extracomment>Staff screen: a patron pressed "Call staff"</extracomment>
        <translation>Вызов персонала</translation>
    </message>
    <message>
        <source>Acknowledge call</source>
        <extracomment>Staff button: the patron's call for staff has been seen (the desk light goes out)</extracomment>
        <translation>Подтвердить вызов</translation>
    </message>
</context>
<context>
    <name>StepIndicator</name>
    <message>
        <source>Card</source>
        <extracomment>Step indicator: the step where the patron shows the library card and types the PIN</extracomment>
        <translation>Карта</translation>
    </message>
    <message>
        <source>Books</source>
        <extracomment>Step indicator: the step where the books are laid on the pad</extracomment>
        <translation>Книги</translation>
    </message>
    <message>
        <source>Receipt</source>
        <extracomment>Step indicator: the step where the patron chooses a receipt</extracomment>
        <translation>Квитанция</translation>
    </message>
    <message>
        <source>Account</source>
        <extracomment>Step indicator: the patron's account (loans, reservations, fines)</extracomment>
        <translation>Аккаунт</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <extracomment>Step indicator for screen readers: %1 is the step's number, %2 how many steps, %3 its name</extracomment>
        <translation>Шаг %1 из %2: %3</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <source>Are you still there?</source>
        <extracomment>The session is about to end for inactivity</extracomment>
        <translation>Вы ещё здесь?</translation>
    </message>
    <message>
        <source>For your privacy, this session will end. Seconds left: %1</source>
        <extracomment>%1 is the number of seconds before the session ends</extracomment>
        <translation>Ради вашей конфиденциальности этот сеанс завершится. Осталось секунд: %1</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <extracomment>Button on the timeout warning</extracomment>
        <translation>Да, мне нужно больше времени</translation>
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
        <translation>Доступность</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Welcome to the library</source>
        <extracomment>Welcome screen title</extracomment>
        <translation>Добро пожаловать в библиотеку</translation>
    </message>
    <message>
        <source>Choose what you would like to do. You can change the language at the top.</source>
        <extracomment>Welcome screen: what to do</extracomment>
        <translation>Выберите, что вы хотите сделать. Язык можно сменить вверху.</translation>
    </message>
    <message>
        <source>Borrow books</source>
        <extracomment>Welcome screen button</extracomment>
        <translation>Взять книги</translation>
    </message>
    <message>
        <source>Return books</source>
        <extracomment>Welcome screen button (no library card needed)</extracomment>
        <translation>Вернуть книги</translation>
    </message>
    <message>
        <source>This kiosk is out of order. Please go to the desk.</source>
        <extracomment>Welcome screen while the kiosk cannot serve anyone (the choices below are off)</extracomment>
        <translation>Этот киоск не работает. Пожалуйста, обратитесь к библиотекарю.</translation>
    </message>
    <message>
        <source>Opening hours: %1</source>
        <extracomment>Welcome screen, at the foot; %1 is the library's opening hours as it writes them</extracomment>
        <translation>Часы работы: %1</translation>
    </message>
    <message>
        <source>With your library card</source>
        <extracomment>Welcome screen, under "Borrow books"</extracomment>
        <translation>С вашей библиотечной картой</translation>
    </message>
    <message>
        <source>No card needed</source>
        <extracomment>Welcome screen, under "Return books"</extracomment>
        <translation>Карта не нужна</translation>
    </message>
    <message>
        <source>My account</source>
        <extracomment>Welcome screen button: loans, due dates, reservations, fines</extracomment>
        <translation>Мой аккаунт</translation>
    </message>
    <message>
        <source>Renewals, reservations, fines</source>
        <extracomment>Welcome screen, under "My account"</extracomment>
        <translation>Продление, брони, штрафы</translation>
    </message>
    <message>
        <source>To start borrowing, you can also lay your library card on the pad.</source>
        <extracomment>Welcome screen, beside the picture of a card on the pad</extracomment>
        <translation>Чтобы начать брать книги, можно также положить библиотечную карту на считыватель.</translation>
    </message>
</context>
</TS>
#!/usr/bin/env python3
"""Writes simulator/data/library.toml: the simulated ILS's seed catalogue.

Run once by hand (`python3 simulator/data/makelibrary.py > simulator/data/library.toml`) and
commit its output; the build never runs it. Deterministic: the same script gives the same file.
The fixed ids documented in the file's header are written first, by hand, below; everything
after them is generated from the lists of works and names.
"""
import random

rng = random.Random(28560)

BRANCHES = [
    ("LV-00001", "Riga Central Library", "Rīgas Centrālā bibliotēka", "1"),
    ("LV-00002", "Riga Branch (Pārdaugava)", "Pārdaugavas filiālbibliotēka", "2"),
    ("LT-00001", "Vilnius City Library", "Vilniaus miesto savivaldybės biblioteka", "3"),
    ("UA-00001", "Kyiv Public Library", "Київська публічна бібліотека", "4"),
]

# (title, author, language) — real works, so the kiosk's screens look like a real library's.
LV = [
    ("Lāčplēsis", "Andrejs Pumpurs"), ("Zaļā zeme", "Andrejs Upīts"), ("Baltā grāmata", "Jānis Jaunsudrabiņš"),
    ("Mērnieku laiki", "Reinis un Matīss Kaudzītes"), ("Indrāni", "Rūdolfs Blaumanis"), ("Zagļi", "Rūdolfs Blaumanis"),
    ("Pazudušais dēls", "Rūdolfs Blaumanis"), ("Uguns un nakts", "Rainis"), ("Zelta zirgs", "Rainis"),
    ("Sidraba šķidrauts", "Aspazija"), ("Kaķīša dzirnavas", "Kārlis Skalbe"), ("Zvejnieka dēls", "Vilis Lācis"),
    ("Līgavu mednieki", "Anšlavs Eglītis"), ("Bille", "Vizma Belševica"), ("Mātes piens", "Nora Ikstena"),
    ("Paisums", "Inga Ābele"), ("Krāsainās pasakas", "Imants Ziedonis"), ("Dvēseļu putenis", "Aleksandrs Grīns"),
    ("Kaupēns", "Jānis Poruks"), ("Sprīdītis", "Anna Brigadere"), ("Vārnu ielas republika", "Jānis Grīziņš"),
    ("Purva bridējs", "Rūdolfs Blaumanis"), ("Latvijas vēsture", "Ēriks Jēkabsons"), ("Latviešu tautasdziesmas", "Krišjānis Barons"),
]
LT = [
    ("Metai", "Kristijonas Donelaitis"), ("Pavasario balsai", "Maironis"), ("Marti", "Žemaitė"),
    ("Altorių šešėly", "Vincas Mykolaitis-Putinas"), ("Dievų miškas", "Balys Sruoga"), ("Balta drobulė", "Antanas Škėma"),
    ("Silva rerum", "Kristina Sabaliauskaitė"), ("Dėdės ir dėdienės", "Vaižgantas"), ("Vilniaus pokeris", "Ričardas Gavelis"),
    ("Baltaragio malūnas", "Kazys Boruta"), ("Liūdna pasaka", "Jonas Biliūnas"), ("Ragana ir lietus", "Jurga Ivanauskaitė"),
    ("Aukštujų Šimonių likimas", "Ieva Simonaitytė"), ("Tas, kuris nešė lagaminą", "Ričardas Gavelis"),
    ("Lietuvos istorija", "Zigmantas Kiaupa"), ("Žali", "Marius Ivaškevičius"),
]
UA = [
    ("Кобзар", "Тарас Шевченко"), ("Захар Беркут", "Іван Франко"), ("Лісова пісня", "Леся Українка"),
    ("Тіні забутих предків", "Михайло Коцюбинський"), ("Кайдашева сім'я", "Іван Нечуй-Левицький"),
    ("Земля", "Ольга Кобилянська"), ("Місто", "Валер'ян Підмогильний"), ("Енеїда", "Іван Котляревський"),
    ("Маруся Чурай", "Ліна Костенко"), ("Чорна рада", "Пантелеймон Куліш"), ("Тигролови", "Іван Багряний"),
    ("Солодка Даруся", "Марія Матіос"), ("Ворошиловград", "Сергій Жадан"), ("Інтернат", "Сергій Жадан"),
    ("Сірі бджоли", "Андрій Курков"), ("Московіада", "Юрій Андрухович"), ("Музей покинутих секретів", "Оксана Забужко"),
    ("Мина Мазайло", "Микола Куліш"), ("Історія України", "Михайло Грушевський"), ("Вир", "Григорій Тютюнник"),
]
EN = [
    ("Pride and Prejudice", "Jane Austen"), ("Middlemarch", "George Eliot"), ("Moby-Dick", "Herman Melville"),
    ("Great Expectations", "Charles Dickens"), ("Jane Eyre", "Charlotte Brontë"), ("Wuthering Heights", "Emily Brontë"),
    ("Frankenstein", "Mary Shelley"), ("Dracula", "Bram Stoker"), ("The Picture of Dorian Gray", "Oscar Wilde"),
    ("Mrs Dalloway", "Virginia Woolf"), ("To the Lighthouse", "Virginia Woolf"), ("The Great Gatsby", "F. Scott Fitzgerald"),
    ("Nineteen Eighty-Four", "George Orwell"), ("Animal Farm", "George Orwell"), ("Brave New World", "Aldous Huxley"),
    ("Things Fall Apart", "Chinua Achebe"), ("The Remains of the Day", "Kazuo Ishiguro"), ("Wolf Hall", "Hilary Mantel"),
    ("The Hobbit", "J. R. R. Tolkien"), ("A Room of One's Own", "Virginia Woolf"), ("Heart of Darkness", "Joseph Conrad"),
    ("The Secret Garden", "Frances Hodgson Burnett"), ("Alice's Adventures in Wonderland", "Lewis Carroll"),
    ("A Brief History of Time", "Stephen Hawking"),
]
DVD = [("Dvēseļu putenis (DVD)", "Dzintars Dreibergs"), ("Emīla nedarbi (DVD)", "Varis Brasla"),
       ("Tiltas (DVD)", "Lietuvos kino studija"), ("Тіні забутих предків (DVD)", "Сергій Параджанов"),
       ("Casablanca (DVD)", "Michael Curtiz"), ("Metropolis (DVD)", "Fritz Lang")]
AUDIO = [("Lāčplēsis (audiogrāmata)", "Andrejs Pumpurs"), ("Metai (audioknyga)", "Kristijonas Donelaitis"),
         ("Кобзар (аудіокнига)", "Тарас Шевченко"), ("Pride and Prejudice (audiobook)", "Jane Austen")]
MAGAZINES = [("Ir", "Žurnāls Ir"), ("Veidas", "Veidas"), ("Український тиждень", "Тиждень"), ("The Economist", "The Economist")]
REFERENCE = [("Latviešu valodas vārdnīca", "LU Latviešu valodas institūts"), ("Dabartinės lietuvių kalbos žodynas", "Lietuvių kalbos institutas"),
             ("Словник української мови", "Інститут мовознавства"), ("Oxford English Dictionary (vol. 1)", "Oxford University Press")]

FIRST = {
    "lv": ["Anna", "Jānis", "Līga", "Andris", "Ilze", "Kārlis", "Dace", "Mārtiņš", "Zane", "Edgars", "Inese", "Raimonds", "Laura", "Artūrs"],
    "lt": ["Rūta", "Tomas", "Eglė", "Mantas", "Aistė", "Lukas", "Gintarė", "Darius", "Ieva", "Paulius"],
    "uk": ["Олена", "Андрій", "Оксана", "Тарас", "Ірина", "Богдан", "Наталія", "Олег", "Марія", "Дмитро"],
}
LAST = {
    "lv": ["Bērziņa", "Kalniņš", "Ozola", "Liepiņš", "Krūmiņa", "Zariņš", "Vītola", "Kļaviņš", "Jansone", "Pētersons"],
    "lt": ["Kazlauskaitė", "Petrauskas", "Jankauskienė", "Stankevičius", "Vasiliauskaitė", "Žukauskas"],
    "uk": ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник", "Олійник"],
}

HEADER = '''# The simulated ILS's library: branches, loan rules, SIP users, patrons and items.
# Read by `lasis-sim ils --data FILE` (this file is the default) and seeded into its SQLite
# database. Generated once by simulator/data/makelibrary.py; edit either by hand.
# Times are relative to the moment the simulator starts (due_days = -3: three days overdue),
# so the data never goes stale. Money in EUR, as decimal numbers.
#
# Fixed ids other teams' tests may rely on (they will not change):
#   SIP login         kiosk / kiosk-pass (location LV-00001), kiosk2 / kiosk2-pass (LV-00002)
#   Patrons (PIN 1234 unless noted)
#     P100001  Anna Bērziņa      normal patron, Riga Central; has 10000002 and 10000007 on loan
#     P100002  Jānis Kalniņš     blocked by staff ("Card blocked: please see staff")
#     P100003  Līga Ozola        owes 3.50 EUR (under the limit: may still borrow)
#     P100004  Andris Liepiņš    owes 25.00 EUR (over the 10.00 limit: borrowing denied)
#     P100005  Ilze Krūmiņa      card reported lost
#     P100006  Rūta Kazlauskaitė home branch Vilnius (LT-00001); 10000003 waits for her on the hold shelf
#     P100007  Олена Шевченко    home branch Kyiv (UA-00001), PIN 4321
#     P100008  Kārlis Zariņš     normal patron, no loans; second in the hold queue of 10000007
#     P100009  Dace Vītola       normal patron with an overdue loan (10000009, 3 days late)
#   Items (owned by Riga Central LV-00001 unless noted)
#     10000001  available book
#     10000002  on loan to P100001
#     10000003  on the hold shelf for P100006 (checkout by anyone else is refused)
#     10000004  not for loan (reference)
#     10000005  a 3-part set (parts = 3: book, CD, booklet under one id)
#     10000006  DVD (7-day loan, 1 renewal)
#     10000007  on loan to P100001, held by P100006 (pickup LT-00001) then P100008 (pickup LV-00001)
#     10000008  available book owned by Riga Branch LV-00002 (checkin at LV-00001 → send home)
#     10000009  on loan to P100009, 3 days overdue
#     10000010  available book with no holds, renewable (spare for tests)
#     19999991  deterministic fault: the reply to any request naming it is dropped
#     19999992  deterministic fault: any reply naming it has a corrupt checksum
#   Regional network (issue 20; the kiosk's [network] rules in tests/data/network-ventspils.toml)
#     2100000000012  Elīna Ventiņa     the library's own barcode card (EAN-13, prefix 2100)
#     PIL0000001     Pēteris Kalējs    a member library's card: known only at institution PIL
#     UGA1234567     Maija Ugāle       a member library's Codabar card A1234567B: institution UGA
#     2300000000016  (not a patron)    a card of a library outside the network (refused at the kiosk)
#     LASIS:CARD:P100008               Kārlis Zariņš's phone card (QR)
#   Items with a barcode and no RFID tag: 30000001, 30000002
'''


def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def main():
    out = [HEADER]
    out.append('[library]\ninstitution = "LASIS"\nname = "Lasis Demo Library Network"\ncurrency = "EUR"\n'
               'max_loans = 30          # loans a patron may have at once\n'
               'max_fines = 10.00       # owing more than this denies borrowing\n'
               'max_overdue = 5         # this many overdue loans deny borrowing\n'
               'max_holds = 10          # holds a patron may have at once\n'
               'hold_shelf_days = 7     # how long a waiting hold stays on the shelf\n'
               'hold_expiry_days = 180  # BW: when an unfilled hold lapses\n')
    out.append('# Loan rules by media type: loan period, renewals allowed, overdue fine per day, SIP2\n'
               '# media type (CK: 001 other, 002 book, 003 magazine, 006 video, 007 CD, 009/010 book with\n'
               '# diskette/CD, 011 book with audio tape) and whether it is magnetic media.')
    rules = [("book", 21, 3, 0.10, "001" if False else "002", False), ("dvd", 7, 1, 0.50, "006", False),
             ("audiobook", 14, 2, 0.20, "007", False), ("magazine", 14, 1, 0.10, "003", False),
             ("set", 21, 2, 0.10, "010", False)]
    for media, days, ren, fine, ck, magnetic in rules:
        out.append(f'[[loan_rules]]\nmedia = {q(media)}\nloan_days = {days}\nmax_renewals = {ren}\n'
                   f'fine_per_day = {fine:.2f}\nsip_media_type = {q(ck)}\nmagnetic = {"true" if magnetic else "false"}\n')
    out.append('# SIP2 accounts a kiosk may log in with (93: CN/CO); location is the kiosk\'s branch.')
    for user, pwd, loc in [("kiosk", "kiosk-pass", "LV-00001"), ("kiosk2", "kiosk2-pass", "LV-00002"),
                           ("kiosk-vilnius", "vilnius-pass", "LT-00001"), ("kiosk-kyiv", "kyiv-pass", "UA-00001")]:
        out.append(f'[[sip_users]]\nuser = {q(user)}\npassword = {q(pwd)}\nlocation = {q(loc)}\n')
    out.append('# Faults active from the start (the control interface changes them at run time).\n'
               '[faults]\nlatency_ms = 0           # added before every reply\n'
               'idle_timeout_s = 0       # close a connection silently after this idle time (0: never)\n'
               'refuse_logins = false\n'
               'drop_items = ["19999991"]     # never answer a request naming these items\n'
               'corrupt_items = ["19999992"]  # corrupt the checksum of replies naming these items\n')
    out.append('# The catalogue: branches, patrons and items.\n[catalogue]')
    out.append('branches = [')
    for code, name, local, _ in BRANCHES:
        out.append(f'  {{ code = {q(code)}, name = {q(name)}, local_name = {q(local)} }},')
    out.append(']\n')

    # Patrons: the fixed ones first.
    patrons = [
        dict(id="P100001", name="Anna Bērziņa", branch="LV-00001", lang="lv"),
        dict(id="P100002", name="Jānis Kalniņš", branch="LV-00001", lang="lv", blocked="Card blocked: please see staff"),
        dict(id="P100003", name="Līga Ozola", branch="LV-00001", lang="lv"),
        dict(id="P100004", name="Andris Liepiņš", branch="LV-00002", lang="lv"),
        dict(id="P100005", name="Ilze Krūmiņa", branch="LV-00001", lang="lv", card_lost=True),
        dict(id="P100006", name="Rūta Kazlauskaitė", branch="LT-00001", lang="lt"),
        dict(id="P100007", name="Олена Шевченко", branch="UA-00001", lang="uk", pin="4321"),
        dict(id="P100008", name="Kārlis Zariņš", branch="LV-00001", lang="lv"),
        dict(id="P100009", name="Dace Vītola", branch="LV-00002", lang="lv"),
    ]
    used = {p["name"] for p in patrons}
    branch_for = {"lv": ["LV-00001", "LV-00002"], "lt": ["LT-00001"], "uk": ["UA-00001"]}
    n = 10
    while len(patrons) < 52:
        lang = rng.choice(["lv", "lv", "lv", "lt", "uk"])
        first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
        # Latvian and Lithuanian surnames agree with the first name's gender; keep it simple: any pair is a name.
        name = f"{first} {last}"
        if name in used:
            continue
        used.add(name)
        patrons.append(dict(id=f"P1000{n:02d}" if n < 100 else f"P100{n}", name=name,
                            branch=rng.choice(branch_for[lang]), lang=lang, pin=f"{rng.randrange(10000):04d}"))
        n += 1
    # The regional network's cards (issue 20), kept out of the generated loans.
    network = [
        dict(id="2100000000012", name="Elīna Ventiņa", branch="LV-00001", lang="lv"),
        dict(id="PIL0000001", name="Pēteris Kalējs", branch="LV-00002", lang="lv", institution="PIL"),
        dict(id="UGA1234567", name="Maija Ugāle", branch="LV-00002", lang="lv", institution="UGA"),
    ]
    lang_code = {"lv": "lav", "lt": "lit", "uk": "ukr"}
    out.append('# Patrons: id (card barcode), PIN, name, home branch, language (ISO 639-2), email.\n'
               '# Optional: blocked = "reason", card_lost = true, max_loans = N, institution = "AO" (a\n'
               '# member library\'s patron, known only to messages addressed to that institution).')
    out.append('patrons = [')
    for p in patrons + network:
        extra = ""
        if "blocked" in p:
            extra += f", blocked = {q(p['blocked'])}"
        if p.get("card_lost"):
            extra += ", card_lost = true"
        if p.get("institution"):
            extra += f", institution = {q(p['institution'])}"
        email = f"{p['id'].lower()}@example.org"
        out.append(f'  {{ id = {q(p["id"])}, pin = {q(p.get("pin", "1234"))}, name = {q(p["name"])}, '
                   f'branch = {q(p["branch"])}, language = {q(lang_code[p["lang"]])}, email = {q(email)}{extra} }},')
    out.append(']\n')


    # Items: fixed ones first.
    items = [
        dict(id="10000001", title="Baltā grāmata", author="Jānis Jaunsudrabiņš", branch="LV-00001", media="book", lang="lav"),
        dict(id="10000002", title="Mērnieku laiki", author="Reinis un Matīss Kaudzītes", branch="LV-00001", media="book", lang="lav"),
        dict(id="10000003", title="Silva rerum", author="Kristina Sabaliauskaitė", branch="LV-00001", media="book", lang="lit"),
        dict(id="10000004", title="Latviešu valodas vārdnīca", author="LU Latviešu valodas institūts", branch="LV-00001",
             media="book", lang="lav", loanable=False),
        dict(id="10000005", title="Latviešu valoda iesācējiem (grāmata, CD, burtnīca)", author="Dace Markus",
             branch="LV-00001", media="set", lang="lav", parts=3),
        dict(id="10000006", title="Dvēseļu putenis (DVD)", author="Dzintars Dreibergs", branch="LV-00001", media="dvd", lang="lav"),
        dict(id="10000007", title="Nineteen Eighty-Four", author="George Orwell", branch="LV-00001", media="book", lang="eng"),
        dict(id="10000008", title="Zvejnieka dēls", author="Vilis Lācis", branch="LV-00002", media="book", lang="lav"),
        dict(id="10000009", title="Indrāni", author="Rūdolfs Blaumanis", branch="LV-00002", media="book", lang="lav"),
        dict(id="10000010", title="The Hobbit", author="J. R. R. Tolkien", branch="LV-00001", media="book", lang="eng"),
        dict(id="19999991", title="Fault: no reply", author="Lasis test", branch="LV-00001", media="book", lang="eng"),
        dict(id="19999992", title="Fault: bad checksum", author="Lasis test", branch="LV-00001", media="book", lang="eng"),
    ]
    counters = {b[0]: 100 for b in BRANCHES}
    prefix = {b[0]: b[3] for b in BRANCHES}

    def add(title, author, branch, media, lang, **kw):
        counters[branch] += 1
        items.append(dict(id=f"{prefix[branch]}0000{counters[branch]:03d}", title=title, author=author,
                          branch=branch, media=media, lang=lang, **kw))

    home = {"lav": ["LV-00001", "LV-00001", "LV-00002"], "lit": ["LT-00001"], "ukr": ["UA-00001"],
            "eng": [b[0] for b in BRANCHES]}
    for works, lang, copies in [(LV, "lav", 7), (LT, "lit", 6), (UA, "ukr", 6), (EN, "eng", 5)]:
        for title, author in works:
            for _ in range(rng.randint(copies - 3, copies + 1)):
                add(title, author, rng.choice(home[lang] + home["eng"][:1]), "book", lang)
    for title, author in DVD:
        for _ in range(3):
            add(title, author, rng.choice(home["eng"]), "dvd", "und")
    for title, author in AUDIO:
        for _ in range(2):
            add(title, author, rng.choice(home["eng"]), "audiobook", "und")
    for title, author in MAGAZINES:
        for issue in range(1, 4):
            add(f"{title}, 2026/{issue}", author, rng.choice(home["eng"]), "magazine", "und")
    for title, author in REFERENCE:
        for b in BRANCHES:
            add(title, author, b[0], "book", "und", loanable=False)
    out.append('# Items: id (barcode, ≤ 16 characters as on the tag), title, author, owning branch, media type\n'
               '# (a [[loan_rules]] media), language. Optional: loanable = false (not for loan), parts = N\n'
               '# (a set of N parts under one id), status = "missing" / "lost" / "in_process".')
    # Books with a barcode and no RFID tag (issue 20), kept out of the generated loans.
    barcode_only = [
        dict(id="30000001", title="Ventspils novada dzeja (barcode only)", author="Ventspils literātu kopa",
             branch="LV-00001", media="book", lang="lav"),
        dict(id="30000002", title="Kurzemes ceļvedis (barcode only)", author="Ventspils TIC", branch="LV-00001",
             media="book", lang="lav"),
    ]
    out.append('items = [')
    for it in items[:12] + barcode_only + items[12:]:
        extra = ""
        if it.get("loanable") is False:
            extra += ", loanable = false"
        if it.get("parts"):
            extra += f", parts = {it['parts']}"
        out.append(f'  {{ id = {q(it["id"])}, title = {q(it["title"])}, author = {q(it["author"])}, '
                   f'branch = {q(it["branch"])}, media = {q(it["media"])}, language = {q(it["lang"])}{extra} }},')
    out.append(']\n')

    out.append('# Circulation state at the start: fines owed, loans and holds.\n[circulation]')
    out.append('fines = [\n  { patron = "P100003", amount = 3.50, description = "Overdue: Zaļā zeme" },\n'
               '  { patron = "P100004", amount = 20.00, description = "Damaged item: Kobzar" },\n'
               '  { patron = "P100004", amount = 5.00, description = "Overdue: Middlemarch" },\n]\n')
    out.append('# Loans at the start (due_days relative to start; negative = overdue).')
    loans = [("10000002", "P100001", 14), ("10000007", "P100001", 10), ("10000009", "P100009", -3)]
    # Some generated items are on loan to generated patrons, so lists and counts look lived-in.
    pool = [it for it in items[12:] if it.get("loanable") is not False]
    for it in rng.sample(pool, 40):
        loans.append((it["id"], rng.choice(patrons[9:])["id"], rng.randint(-5, 21)))
    out.append('loans = [')
    for item, patron, due in loans:
        out.append(f'  {{ item = {q(item)}, patron = {q(patron)}, due_days = {due} }},')
    out.append(']\n')
    out.append('# Holds at the start, in queue order per item. waiting = true: on the hold shelf at pickup.')
    out.append('holds = [\n'
               '  { item = "10000003", patron = "P100006", pickup = "LV-00001", waiting = true },\n'
               '  { item = "10000007", patron = "P100006", pickup = "LT-00001" },\n'
               '  { item = "10000007", patron = "P100008", pickup = "LV-00001" },\n]')
    print("\n".join(out))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the fuzz seed corpora (tests/data/fuzz/<target>/) from the project's real test data:
SIP2 frames captured from real servers and the golden vectors, ISO 28560 golden tag memory,
the PN532 frames libnfc 1.8.0 sends, Modbus requests mbpoll sends, the shipped config files and
the headless command examples. Re-run after changing the sources; the output is committed."""
import hashlib, re, pathlib, tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests/data/fuzz"

def put(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())

def sip2():
    for line in (ROOT / "tests/data/sip2/real_replies.txt").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        frame = parts[-1]
        put("sip2_reply", "real-" + hashlib.sha1(frame.encode()).hexdigest()[:10], frame + "\r\n")
    for i, line in enumerate((ROOT / "tests/data/sip2/golden.txt").read_text().splitlines()):
        if line.startswith("#") or "\t" not in line:
            continue
        name, frame = line.split("\t", 1)
        name = re.sub(r"[^A-Za-z0-9_-]", "_", name)
        # Requests go to the simulated ILS, replies to the client; both see both in the corpus.
        put("sip2_reply", f"golden-{name}", frame + "\r")
        put("sip2_request", f"golden-{name}", frame + "\r")

def tagdata():
    for model in ("iso28560_3", "iso28560_2"):
        doc = tomllib.loads((ROOT / f"tests/data/tagdata/{model}.toml").read_text())
        for v in doc.get("vector", []):
            if "hex" in v:
                put("tagdata", f"{model}-{v['name']}", bytes.fromhex(v["hex"]))

def frame(data):
    """A PN532 normal information frame (host to chip: TFI D4)."""
    body = bytes([0xD4]) + data
    ln = len(body)
    return bytes([0, 0, 0xFF, ln, (-ln) & 0xFF]) + body + bytes([(-sum(body)) & 0xFF, 0])

def chunks(*frames):
    out = b""
    for f in frames:
        for i in range(0, len(f), 64):
            piece = f[i:i + 64]
            out += bytes([len(piece) - 1]) + piece
    return out

def pn532():
    wake = bytes([0x55, 0x55, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    ack = bytes([0, 0, 0xFF, 0, 0xFF, 0])
    put("pn532_frames", "firmware", chunks(wake + frame(b"\x02")))
    put("pn532_frames", "sam", chunks(frame(b"\x14\x01\x00\x00"), ack))
    put("pn532_frames", "list-read", chunks(frame(b"\x4A\x01\x00"), frame(b"\x40\x01\x30\x04")))
    put("pn532_frames", "autopoll", chunks(frame(b"\x60\x02\x01\x10\x20")))
    put("pn532_frames", "write-page", chunks(frame(b"\x4A\x01\x00"), frame(b"\x40\x01\xA2\x04\x4C\x53\x01\xC2")))
    put("pn532_frames", "mifare-auth", chunks(frame(b"\x4A\x01\x00"),
        frame(b"\x40\x02\x60\x04\xFF\xFF\xFF\xFF\xFF\xFF\xA1\xB2\xC3\xD4"), frame(b"\x40\x02\x30\x04")))
    put("pn532_frames", "registers", chunks(frame(b"\x06\x63\x02\x63\x03"), frame(b"\x08\x63\x02\x80")))
    put("pn532_frames", "rf-config", chunks(frame(b"\x32\x05\xFF\x01\x02"), frame(b"\x12\x24")))

def mbap(unit, pdu):
    return bytes([0, 1, 0, 0, 0, len(pdu) + 1, unit]) + pdu

def modbus():
    put("modbus_request", "read-input", mbap(1, bytes([4, 0, 0, 0, 23])))
    put("modbus_request", "read-holding", mbap(1, bytes([3, 0, 0, 0, 4])))
    put("modbus_request", "write-hold-ms", mbap(1, bytes([6, 0, 0, 0x0B, 0xB8])))
    put("modbus_request", "write-coil", mbap(1, bytes([5, 0, 0, 0xFF, 0])))
    put("modbus_request", "write-coils", mbap(1, bytes([15, 0, 0, 0, 2, 1, 3])))
    put("modbus_request", "write-regs", mbap(1, bytes([16, 0, 0, 0, 2, 4, 0x0B, 0xB8, 0, 2])))
    # modbus_framing: two split-seed bytes, then a byte stream as a client sends it.
    read_input = mbap(1, bytes([4, 0, 0, 0, 23]))
    put("modbus_framing", "pipelined", b"\x12\x34" + read_input + mbap(1, bytes([3, 0, 0, 0, 4])) + read_input)
    put("modbus_framing", "write-then-half", b"\x00\x07" + mbap(1, bytes([16, 0, 0, 0, 2, 4, 0x0B, 0xB8, 0, 2]))
        + read_input[:5])
    put("modbus_framing", "high-bit-function", b"\x41\x00" + mbap(1, bytes([0x84, 0, 0, 0, 1])))
    put("modbus_framing", "protocol-id-7", b"\x01\x01" + read_input + bytes([0, 1, 0, 7, 0, 6, 1, 4, 0, 0, 0, 1]))
    put("modbus_framing", "length-300", b"\x02\x02" + bytes([0, 1, 0, 0, 1, 0x2C, 1, 4]))
    put("modbus_framing", "longest-pdu", b"\x03\x03" + mbap(1, bytes([16, 0, 0, 0, 123, 246]) + bytes(246)))

def config():
    for p in ("deploy/gate.toml", "simulator/data/library.toml"):
        put("config", pathlib.Path(p).name, (ROOT / p).read_text())
    put("config", "kiosk.toml", """[kiosk]
id = "k1"
location = "MAIN"
[reader]
url = "nfc:pn532_uart:/dev/ttyUSB0"
[ils]
url = "sip2://kiosk1:secret@ils.example.org:6001?profile=koha"
[queue]
db = "/var/lib/lasis/queue.db"
[offline]
max_items = 10
""")

def headless():
    put("headless_commands", "visit", "\n".join([
        '{"cmd":"login","card":"P100","pin":"1234"}', '{"cmd":"checkout"}', '{"cmd":"account"}',
        '{"cmd":"renew","item":"B1"}', '{"cmd":"renew-all"}', '{"cmd":"end"}', '{"cmd":"return"}']) + "\n")
    put("headless_commands", "holds", "\n".join([
        '{"cmd":"login","card":"P100","pin":"1234"}', '{"cmd":"hold","item":"B2","pickup":"MAIN"}',
        '{"cmd":"cancel-hold","item":"B2","pickup":"MAIN"}', '{"cmd":"status","item":"B1"}',
        '{"cmd":"checkout","count":2}', '{"cmd":"touch"}', 'not json', '{"cmd":"end"}']) + "\n")

def cardrules():
    # Codes as scanners send them (AIM identifier first, or none), and the Ventspils network's
    # rules as a config (the target reads the same bytes both ways).
    put("cardrules", "network-ventspils.toml", (ROOT / "tests/data/network-ventspils.toml").read_text())
    for name, code in [("ean13", "]E02100001234560"), ("code39-stars", "]A0*PIL0012345*"),
                       ("codabar", "]F0A1234567B"), ("phone-qr", "]Q1LASIS:CARD:2100001234560"),
                       ("foreign", "]E02300045678904"), ("item-itf", "]I130012345"), ("staff", "STAFF042"),
                       ("isbn-x", "080442957X"), ("luhn", "979927398713"), ("misread", "2100001234561"),
                       ("form", "A00123456-210001234560000123456")]:
        put("cardrules", name, code)

sip2(); tagdata(); pn532(); modbus(); config(); headless(); cardrules()

#!/usr/bin/env python3
"""A minimal SMTP server for tests: listens on 127.0.0.1 (an ephemeral port, printed as JSON on the
first line), takes mails (EHLO/HELO, optional AUTH PLAIN, MAIL, RCPT, DATA, QUIT) and prints each
one as a JSON line {"from","to","data","auth"} on stdout. Plain text only: the kiosk is configured
with smtp_allow_plain for it."""
import base64, json, socket, sys

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(5)
print(json.dumps({"port": srv.getsockname()[1]}), flush=True)
while True:
    conn, _ = srv.accept()
    f = conn.makefile("rwb")
    def reply(s):
        f.write((s + "\r\n").encode()); f.flush()
    reply("220 lasis-test ESMTP")
    mail = {"from": "", "to": [], "data": "", "auth": ""}
    while True:
        line = f.readline()
        if not line:
            break
        cmd = line.decode("utf-8", "replace").strip()
        up = cmd.upper()
        if up.startswith("EHLO"):
            f.write(b"250-lasis-test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n"); f.flush()
        elif up.startswith("HELO"):
            reply("250 lasis-test")
        elif up.startswith("AUTH PLAIN"):
            parts = cmd.split(" ")
            if len(parts) > 2:
                token = parts[2]
            else:
                reply("334 ")
                token = f.readline().decode().strip()
            mail["auth"] = base64.b64decode(token).decode("utf-8", "replace").split("\0")[1] if token else ""
            reply("235 ok")
        elif up.startswith("MAIL FROM:"):
            mail["from"] = cmd[10:].strip(); reply("250 ok")
        elif up.startswith("RCPT TO:"):
            mail["to"].append(cmd[8:].strip()); reply("250 ok")
        elif up == "DATA":
            reply("354 go on")
            data = b""
            while True:
                l = f.readline()
                if l in (b".\r\n", b".\n", b""):
                    break
                data += l[1:] if l.startswith(b"..") else l  # undo the client's dot-stuffing
            mail["data"] = data.decode("utf-8", "replace")
            reply("250 queued")
            print(json.dumps(mail, ensure_ascii=False), flush=True)
            mail = {"from": "", "to": [], "data": "", "auth": ""}
        elif up == "QUIT":
            reply("221 bye"); break
        else:
            reply("250 ok")
    conn.close()

#!/usr/bin/env python3
"""What systemd does for a Type=notify unit, for a chroot (tests/deploy/installboot.sh, chroot mode):
bind a unix datagram socket inside ROOT, start COMMAND in ROOT as USER with NOTIFY_SOCKET and
WATCHDOG_USEC set, wait for READY=1, then SIGTERM it and wait for it to exit.
Usage: notify_ready.py ROOT UID:GID GID,... WATCHDOG_SEC -- COMMAND...   (exit 0: READY=1 seen)"""
import os
import signal
import socket
import subprocess
import sys
import time


def main() -> int:
    sep = sys.argv.index("--")
    root, user, groups, watchdog = sys.argv[1:sep]
    command = sys.argv[sep + 1:]
    rel = "/run/installboot/notify.sock"
    path = root + rel
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.unlink(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    os.chmod(path, 0o666)  # the service user must be able to send
    env = ["env", "NOTIFY_SOCKET=" + rel, "WATCHDOG_USEC=%d" % (int(watchdog) * 1000000)]
    argv = ["chroot", "--userspec=" + user, "--groups=" + groups, root] + env + command
    start = time.monotonic()
    log_path = os.path.join(os.path.dirname(path), "gate.log")
    log = open(log_path, "w")
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    # The watchdog pings only count once the main pid is known: env's exec keeps the pid.
    ready = False
    watchdog_pings = 0
    messages = []
    deadline = start + 30
    while time.monotonic() < deadline and proc.poll() is None:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            data = sock.recv(4096).decode(errors="replace")
        except socket.timeout:
            break
        for line in data.splitlines():
            messages.append(line)
            if line == "READY=1":
                ready = True
            if line == "WATCHDOG=1":
                watchdog_pings += 1
        if ready:
            break
    elapsed = (time.monotonic() - start) * 1000
    if ready:
        # Half the watchdog period: a healthy gate pings at least once in it.
        t_end = time.monotonic() + int(watchdog) / 2 + 0.5
        while time.monotonic() < t_end and proc.poll() is None:
            sock.settimeout(max(0.05, t_end - time.monotonic()))
            try:
                data = sock.recv(4096).decode(errors="replace")
            except socket.timeout:
                break
            watchdog_pings += data.splitlines().count("WATCHDOG=1")
    code = proc.poll()
    if code is None:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
    sock.close()
    os.unlink(path)
    status = [m for m in messages if m.startswith("STATUS=")]
    if ready:
        print("READY=1 after %.0f ms (pid %d as %s), %d WATCHDOG=1 within %.1f s, %s; exit %d after SIGTERM"
              % (elapsed, proc.pid, user, watchdog_pings, int(watchdog) / 2 + 0.5,
                 status[-1] if status else "no STATUS=", code))
        return 0 if watchdog_pings > 0 else 1
    log.close()
    print("no READY=1 within 30 s (exit %s), messages: %s; its output:\n%s"
          % (code, messages, open(log_path).read()[-3000:]))
    return 1


if __name__ == "__main__":
    sys.exit(main())

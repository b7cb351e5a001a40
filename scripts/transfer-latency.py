#!/usr/bin/env python3
"""Times redis-trib migrate_slots 0-999 (200 keys/slot, 200k keys) with --transfer migrate and dump,
back and forth between two fresh cluster nodes, while a client GETs keys of moving slots and of other
slots every 2 ms on the source and records each reply's latency."""
import os, socket, subprocess, sys, tempfile, threading, time, statistics, shutil
SERVER = sys.argv[1]; TRIB = sys.argv[2]; RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
FOLDER = tempfile.mkdtemp(prefix="transfer-latency-")
PORTS = [17201, 17202]
def crc16(data):
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xffff
    return crc
tags = {}
i = 0
while len(tags) < 1100:
    t = ("t%d" % i).encode(); sl = crc16(t) % 16384
    if sl < 1100 and sl not in tags: tags[sl] = t
    i += 1
def cmd(sock, *words):
    sock.sendall(b"".join([b"*%d\r\n" % len(words)] + [b"$%d\r\n%s\r\n" % (len(w), w) for w in words]))
def readline(f):
    return f.readline()
for p in PORTS:
    d = os.path.join(FOLDER, str(p)); os.makedirs(d)
    subprocess.run([SERVER, "--port", str(p), "--cluster-enabled", "yes", "--save", "", "--appendonly", "no", "--daemonize", "yes",
                    "--bind", "127.0.0.1", "--dir", d, "--logfile", d + "/log"], check=True)
time.sleep(0.5)
try:
    subprocess.run([TRIB, "start_multi"] + ["127.0.0.1:%d" % p for p in PORTS], check=True, stdout=subprocess.DEVNULL)
    # slots 0-999 on node 0 (start_multi gives it 0-8191)
    s = socket.create_connection(("127.0.0.1", PORTS[0])); f = s.makefile("rb")
    value = b"v" * 32
    for sl in range(1000):
        buf = b"".join(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$32\r\n%s\r\n" % (len(k), k, value) for k in (b"{" + tags[sl] + b"}k%d" % j for j in range(200)))
        s.sendall(buf)
        for _ in range(200): readline(f)
    print("keys:", subprocess.run(["redis-cli", "-p", str(PORTS[0]), "dbsize"], capture_output=True, text=True).stdout.strip())
    def probe(port, stop, lat, errors):
        c = socket.create_connection(("127.0.0.1", port)); cf = c.makefile("rb")
        n = 0
        while not stop.is_set():
            sl = (n * 7) % 1000 if n % 2 == 0 else 1000 + n % 100
            key = b"{" + tags[sl] + b"}k%d" % (n % 200)
            t0 = time.perf_counter(); cmd(c, b"GET", key); line = readline(cf)
            if line.startswith(b"$") and not line.startswith(b"$-1"): readline(cf)
            if line.startswith(b"-") and not line.startswith((b"-ASK", b"-MOVED")): errors.append(line)
            lat.append(time.perf_counter() - t0); n += 1
            time.sleep(0.002)
    results = {}
    for run in range(RUNS):
        for transfer in ["migrate", "dump"]:
            for direction in [0, 1]:
                src, dst = PORTS[direction], PORTS[1 - direction]
                stop = threading.Event(); lat = []; errors = []
                th = threading.Thread(target=probe, args=(src, stop, lat, errors)); th.start(); time.sleep(0.1)
                t0 = time.time()
                r = subprocess.run([TRIB, "migrate_slots", "127.0.0.1:%d" % src, "127.0.0.1:%d" % dst, "0-999", "--no-atomic", "--transfer", transfer],
                                   capture_output=True, text=True)
                wall = time.time() - t0; stop.set(); th.join()
                if r.returncode != 0: print("FAILED", r.stderr); sys.exit(1)
                lat.sort()
                row = (wall, lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.99)] * 1000, lat[-1] * 1000, len(errors))
                results.setdefault(transfer, []).append(row)
                print("%-7s run %d %d->%d: %.2f s, client GET p50 %.2f ms p99 %.2f ms max %.2f ms, errors %d" % ((transfer, run, src, dst) + row), flush=True)
    for transfer, rows in results.items():
        print("%-7s median: %.2f s, p50 %.2f ms, p99 %.2f ms, max %.2f ms" % (transfer, statistics.median(r[0] for r in rows),
              statistics.median(r[1] for r in rows), statistics.median(r[2] for r in rows), statistics.median(r[3] for r in rows)))
finally:
    for p in PORTS:
        subprocess.run(["redis-cli", "-p", str(p), "shutdown", "nosave"], capture_output=True)
    shutil.rmtree(FOLDER, ignore_errors=True)

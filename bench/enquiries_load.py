"""Load benchmark (not a test): many patients sending enquiries at once to gunicorn on SQLite.

Starts gunicorn with 4 workers on a throwaway copy of the site (bench/throwaway.py: a fresh
SQLite file in a temporary folder, prepared as `make run` does), then N clients each fetch the form
(for the CSRF cookie and token) and post an enquiry, until the total is reached. Reports
accepted (302 to the thanks page), stored (rows in the database), 5xx and other answers, and
the p50/p99 latency of the posts. Exits 1 unless accepted == stored with no 5xx.

Only ever talks to 127.0.0.1, with a bounded count, concurrency and time.

    .venv/bin/python bench/enquiries_load.py [--enquiries 240] [--clients 20] [--workers 4]
"""

import argparse
import http.client
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from throwaway import HOST, free_port, prepare_site, site_environment, start_gunicorn, stop_gunicorn

MAX_ENQUIRIES = 5000
MAX_CLIENTS = 100
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def request(port, method, path, body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


class Load:
    def __init__(self, port, total, deadline):
        self.port = port
        self.total = total
        self.deadline = deadline
        self.lock = threading.Lock()
        self.started = 0
        self.statuses = {}
        self.latencies = []
        self.accepted = 0
        self.errors = []

    def next_number(self):
        with self.lock:
            if self.started >= self.total or time.monotonic() > self.deadline:
                return None
            self.started += 1
            return self.started

    def record(self, status, latency, accepted):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.latencies.append(latency)
            self.accepted += accepted

    def client(self, client_number):
        while (number := self.next_number()) is not None:
            try:
                self.send_one(client_number, number)
            except Exception as exc:  # a broken connection counts as a failure, and the run goes on
                with self.lock:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                    self.statuses["no answer"] = self.statuses.get("no answer", 0) + 1

    def send_one(self, client_number, number):
        status, headers, body = request(self.port, "GET", "/enquire/")
        if status != 200:
            self.record(status, 0.0, 0)
            return
        cookie = next(
            value.split(";", 1)[0]
            for name, value in headers
            if name.lower() == "set-cookie" and value.startswith("csrftoken=")
        )
        token = TOKEN.search(body.decode()).group(1)
        form = {
            "csrfmiddlewaretoken": token,
            "name": f"Bench Patient {number}",
            "email": f"bench{number}@example.com",
            "phone": "01632 960001" if number % 2 else "",
            "treatment": ["skin-rejuvenation", "pain-management", "hair-loss", ""][number % 4],
            "message": f"Benchmark enquiry {number} from client {client_number}. " * 5,
            "preferred_contact": "phone" if number % 2 else "email",
            "consent": "on",
            "over_18": "on",
            "website": "",
        }
        started = time.perf_counter()
        status, headers, _ = request(
            self.port,
            "POST",
            "/enquire/",
            body=urllib.parse.urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        latency = time.perf_counter() - started
        location = dict((name.lower(), value) for name, value in headers).get("location", "")
        self.record(status, latency, int(status == 302 and location.endswith("/enquire/thanks/")))


def report(load, database, workers, clients, total, elapsed):
    """Print what the load did and what the database holds; 0 when every accepted enquiry was stored."""
    with sqlite3.connect(database, timeout=30) as db:
        stored = db.execute("SELECT COUNT(*) FROM enquiries_enquiry").fetchone()[0]
    server_errors = sum(n for status, n in load.statuses.items() if isinstance(status, int) and status >= 500)
    latencies = load.latencies or [0.0]
    p50, p99 = (percentile(latencies, fraction) * 1000 for fraction in (0.50, 0.99))
    print(f"gunicorn workers: {workers}, clients: {clients}, enquiries sent: {load.started}/{total}")
    print(f"elapsed: {elapsed:.1f}s, throughput: {load.started / elapsed:.1f} enquiries/s")
    print(f"answers: {dict(sorted(load.statuses.items(), key=str))}")
    print(f"accepted (302 to thanks): {load.accepted}")
    print(f"stored (rows):            {stored}")
    print(f"5xx:                      {server_errors}")
    print(f"POST latency p50: {p50:.0f} ms, p99: {p99:.0f} ms")
    for error in load.errors[:5]:
        print(f"client error: {error}")
    ok = load.accepted == stored == total and server_errors == 0 and not load.errors
    print("OK: every enquiry accepted was stored, no 5xx" if ok else "FAILED")
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enquiries", type=int, default=240)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--time-limit", type=int, default=300, help="seconds for the whole load")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, server log)")
    args = parser.parse_args()
    total = min(max(args.enquiries, 1), MAX_ENQUIRIES)
    clients = min(max(args.clients, 1), MAX_CLIENTS)

    folder = Path(tempfile.mkdtemp(prefix="mesosite-bench-"))
    database = folder / "db.sqlite3"
    port = free_port()
    env = site_environment(folder)
    server = None
    log = open(folder / "server.log", "w")  # closed in finally
    try:
        prepare_site(env, log)
        server = start_gunicorn(env, port, args.workers, log, "--access-logfile", "-")

        load = Load(port, total, time.monotonic() + args.time_limit)
        threads = [threading.Thread(target=load.client, args=(n,), daemon=True) for n in range(clients)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.time_limit + 60)
        elapsed = time.monotonic() - began

        return report(load, database, args.workers, clients, total, elapsed)
    finally:
        if server is not None and server.poll() is None:
            stop_gunicorn(server)
        log.close()
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

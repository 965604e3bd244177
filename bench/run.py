"""Benchmark: throughput of the public pages against a bare Django project, then Lighthouse scores.

Starts the site under gunicorn as production does (DEBUG off, a fresh SQLite database with the
real content, static files collected, the file page cache) and, beside it, a bare project made
by `django-admin startproject` with one fixed page (bench/throwaway.py), both with the
repository's gunicorn.conf.py, on 127.0.0.1 only, and stops both at the end.

    .venv/bin/python bench/run.py              # or: make bench
    .venv/bin/python bench/run.py --rounds 7 --duration 5 --no-lighthouse

For each page it measures, round after round, the page, the bare project's page (the ceiling)
and a bare view behind the site's own middleware (the same-stack figure earlier runs reported),
changing which goes first each round, and prints the medians of page/ceiling and
page/same-stack. Bare-project-vs-itself rounds (A/A) show how noisy the machine is.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from throwaway import (
    BARE_PATH,
    HOST,
    ROOT,
    bare_project,
    free_port,
    prepare_site,
    site_environment,
    start_gunicorn,
    stop_gunicorn,
)

SAME_STACK = "/bench/bare/"
PAGES = {"home": "/", "area": "/treatments/hair-loss/", "enquiry form": "/enquire/"}
# What each page must reach against the bare project (issue 13): cached pages, and the form that
# carries each visitor's CSRF token.
TARGETS = {"home": 0.9, "area": 0.9, "enquiry form": 0.5}
LIGHTHOUSE_PAGES = {"home": "/", "area": "/treatments/hair-loss/", "search": "/search/?q=bruising"}
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
    "--disable-component-update --no-first-run --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def fetch(base, path):
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return response.status, response.read()


def wrk_rps(url, connections, duration):
    threads = min(2, connections)
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise SystemExit(f"{url}: {bad.group(1)} error responses\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), requests


def python_rps(url, connections, duration):
    """A keep-alive client per thread, for machines without wrk (slower: it measures less precisely)."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    path = "/" + url.split("//")[1].split("/", 1)[1]
    counts = [0] * connections
    errors = []
    stop = time.monotonic() + duration

    def client(index):
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        while time.monotonic() < stop:
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
                    return
                counts[index] += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{url}: error responses {sorted(set(errors))}")
    return sum(counts) / duration, sum(counts)


class ServerCPU:
    """CPU seconds (user and system) a gunicorn master and its workers used, recycled workers included.

    Requests per second depend on whatever else the machine runs; the CPU each request costs the
    server much less so, which makes it the steadier figure on a shared machine. Linux only (/proc).
    """

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, master_pid):
        self.master = master_pid

    def seconds(self):
        total = sum(self._stat(self.master)[UTIME : CSTIME + 1])
        for pid in self._children():
            total += sum(self._stat(pid)[UTIME : STIME + 1])
        return total / self.TICKS

    def _children(self):
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if self._stat(int(entry.name))[PPID] == self.master:
                        pids.append(int(entry.name))
                except OSError:
                    continue  # exited meanwhile
        return pids

    @staticmethod
    def _stat(pid):
        """/proc/<pid>/stat's numbers after the command and state: index PPID is the parent, and so on."""
        text = Path(f"/proc/{pid}/stat").read_text()
        return [int(field) for field in text.rsplit(")", 1)[1].split()[1:]]


# proc(5) numbers the fields from 1: ppid is field 4, utime 14, stime 15, cutime (waited-for children) 16,
# cstime 17; ServerCPU._stat drops the first three.
PPID, UTIME, STIME, CSTIME = 4 - 4, 14 - 4, 15 - 4, 17 - 4


def print_medians(results):
    """The median of each page's rounds, beside the bare project's, and each ratio (kept in `results`)."""
    median = statistics.median
    print(
        f"{'page':>18}  {'req/s':>6}  {'bare':>6}  {'/ bare':>6}  {'same stack':>10}  {'/ same':>6}"
        f"  {'target':>6}  {'cpu us':>6}  {'bare':>6}  {'bare/page':>9}  req/s ratios to the bare project"
    )
    for name, entry in results.items():
        entry["median_ratio"] = median(entry["ratio to bare"])
        entry["median_cpu_ratio"] = median(entry["cpu ratio to bare"])
        same = f"{'':10}  {'':6}"
        if "same stack" in entry:
            entry["median_same_stack_ratio"] = median(entry["ratio to same stack"])
            same = f"{median(entry['same stack']):10.0f}  {entry['median_same_stack_ratio']:6.2f}"
        target = f"{TARGETS[name]:6.2f}" if name in TARGETS else f"{'':6}"
        print(
            f"{name:>18}  {median(entry['page']):6.0f}  {median(entry['bare']):6.0f}  {entry['median_ratio']:6.2f}"
            f"  {same}  {target}  {median(entry['page cpu_us']):6.0f}  {median(entry['bare cpu_us']):6.0f}"
            f"  {entry['median_cpu_ratio']:9.2f}  " + " ".join(f"{r:.2f}" for r in entry["ratio to bare"])
        )


def throughput(site, bare, cpu, rounds, connections, duration):
    """Median ratios of each page to the bare project and to the same-stack bare view, round by round.

    `cpu` maps each base URL to its server's ServerCPU. For each measurement it records requests per
    second and the server's CPU microseconds per request; a ratio is the bare figure's cost over the
    page's, or the page's rate over the bare one's, so that 1.0 means as fast as the bare project.
    """
    measure = wrk_rps if shutil.which("wrk") else python_rps
    print(f"load generator: {'wrk' if measure is wrk_rps else 'Python threads (install wrk for better figures)'}")
    print(f"{rounds} rounds, {connections} connections, {duration} s per measurement\n")

    def run(base, path):
        before = cpu[base].seconds()
        rps, requests = measure(base + path, connections, duration)
        # No answer at all within the measurement (every worker restarting at once) costs "infinitely" much.
        return rps, (cpu[base].seconds() - before) / requests * 1e6 if requests else float("inf")

    results = {}
    for round_number in range(1, rounds + 1):
        for name, path in [*PAGES.items(), ("bare vs bare (A/A)", None)]:
            if path is None:
                trio = [("page", bare, BARE_PATH), ("bare", bare, BARE_PATH)]
            else:
                trio = [("page", site, path), ("bare", bare, BARE_PATH), ("same stack", site, SAME_STACK)]
            shift = round_number % len(trio)
            figures = {label: run(base, target) for label, base, target in trio[shift:] + trio[:shift]}
            entry = results.setdefault(name, {})
            for label, (rps, cost) in figures.items():
                entry.setdefault(label, []).append(rps)
                entry.setdefault(f"{label} cpu_us", []).append(cost)
            for label in ("bare", "same stack") if path else ("bare",):
                entry.setdefault(f"ratio to {label}", []).append(figures["page"][0] / figures[label][0])
                entry.setdefault(f"cpu ratio to {label}", []).append(figures[label][1] / figures["page"][1])
            print(
                f"round {round_number} {name:>18}: "
                + ", ".join(f"{label} {rps:6.0f} req/s {cost:5.0f} us" for label, (rps, cost) in figures.items())
            )
    print()
    print_medians(results)
    return results


def lighthouse(base, workdir):
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print("\nLighthouse is not installed: run `make bench` (npm ci) or `npm ci`.")
        return {}
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    scores = {}
    print("\nLighthouse (mobile, simulated throttling):")
    for name, path in LIGHTHOUSE_PAGES.items():
        report_path = workdir / f"lighthouse-{name.replace(' ', '-')}.json"
        command = [
            str(binary),
            base + path,
            "--quiet",
            "--form-factor=mobile",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report_path}",
        ]
        # Lighthouse now and then fails to record a trace (NO_NAVSTART): try once more, and never
        # lose the throughput figures measured before it over a Lighthouse error.
        for _ in range(2):
            if subprocess.run(command, env=env, timeout=240).returncode == 0:
                break
        else:
            print(f"  {name:>6} {path:<24} Lighthouse failed twice: no scores")
            continue
        report = json.loads(report_path.read_text())
        scores[name] = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
        print(f"  {name:>6} {path:<24} " + "  ".join(f"{key} {value}" for key, value in scores[name].items()))
        for category in CATEGORIES:
            for ref in report["categories"][category]["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                    print(f"         {category}: {audit['id']} scored {audit['score']}: {audit['title']}")
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--duration", type=int, default=3, help="whole seconds per measurement (default 3)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each pair (default 5, at least 5)")
    parser.add_argument("--no-lighthouse", action="store_true", help="throughput only")
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("--rounds must be at least 5: one noisy round should not decide the median")

    with tempfile.TemporaryDirectory(prefix="mesosite-bench-") as tmp:
        workdir = Path(tmp)
        env = site_environment(workdir)
        print(f"preparing a fresh site and a bare project in {workdir} ...")
        site_port, bare_port = free_port(), free_port()
        site, bare = f"http://{HOST}:{site_port}", f"http://{HOST}:{bare_port}"
        with (workdir / "gunicorn.log").open("w") as log, (workdir / "bare-gunicorn.log").open("w") as bare_log:
            prepare_site(env, log)
            bare_folder, bare_env = bare_project(workdir)
            # Both exactly as gunicorn.conf.py says (max_requests included), but for the address and workers.
            server = start_gunicorn(env, site_port, args.workers, log)
            try:
                bare_server = start_gunicorn(
                    bare_env, bare_port, args.workers, bare_log, app="bare.wsgi", cwd=bare_folder, ready=BARE_PATH
                )
                try:
                    print(f"gunicorn: {args.workers} sync workers each for {site} and {bare}, {os.cpu_count()} CPUs")
                    for base, path in [(bare, BARE_PATH), (site, SAME_STACK), *((site, p) for p in PAGES.values())]:
                        status, body = fetch(base, path)
                        assert status == 200, (base, path, status)
                        print(f"  {base + path:<48} {len(body):6d} bytes")
                    cpu = {site: ServerCPU(server.pid), bare: ServerCPU(bare_server.pid)}
                    results = throughput(site, bare, cpu, args.rounds, args.connections, args.duration)
                finally:
                    stop_gunicorn(bare_server)
                scores = {} if args.no_lighthouse else lighthouse(site, workdir)
            finally:
                stop_gunicorn(server)
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        summary = {"args": vars(args), "cpus": os.cpu_count(), "throughput": results, "lighthouse": scores}
        (out / f"{stamp}.json").write_text(json.dumps(summary, indent=2))
        print(f"\nwritten to bench/results/{stamp}.json")


if __name__ == "__main__":
    main()

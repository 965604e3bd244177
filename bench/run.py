"""Benchmark: throughput of the public pages against a bare Django view, then Lighthouse scores.

Starts gunicorn as production does (DEBUG off, a fresh SQLite database with the real content,
static files collected, the file page cache), on 127.0.0.1 only, and stops it at the end.

    .venv/bin/python bench/run.py              # or: make bench
    .venv/bin/python bench/run.py --rounds 7 --duration 5 --no-lighthouse

For each page it alternates the page and the bare view for --rounds rounds (flipping which goes
first), and prints the median of page/bare. Bare-vs-bare rounds measure the noise of the machine.
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

from throwaway import HOST, ROOT, free_port, prepare_site, site_environment, start_gunicorn, stop_gunicorn

BARE = "/bench/bare/"
PAGES = {"home": "/", "area": "/treatments/hair-loss/", "enquiry form": "/enquire/"}
LIGHTHOUSE_PAGES = {"home": "/", "area": "/treatments/hair-loss/"}
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
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


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
    return sum(counts) / duration


def throughput(base, rounds, connections, duration):
    """Median page/bare ratios, alternating the two and flipping the order every round."""
    measure = wrk_rps if shutil.which("wrk") else python_rps
    print(f"load generator: {'wrk' if measure is wrk_rps else 'Python threads (install wrk for better figures)'}")
    print(f"{rounds} rounds, {connections} connections, {duration} s per measurement\n")
    results = {name: {"page": [], "bare": [], "ratio": []} for name in [*PAGES, "bare vs bare"]}
    for round_number in range(1, rounds + 1):
        for name, path in [*PAGES.items(), ("bare vs bare", BARE)]:
            pair = [("page", path), ("bare", BARE)]
            if round_number % 2 == 0:
                pair.reverse()
            rps = {label: measure(base + target, connections, duration) for label, target in pair}
            entry = results[name]
            entry["page"].append(rps["page"])
            entry["bare"].append(rps["bare"])
            entry["ratio"].append(rps["page"] / rps["bare"])
            print(f"round {round_number} {name:>14}: {rps['page']:8.0f} req/s, bare {rps['bare']:8.0f} req/s")
    print()
    print(f"{'page':>14}  {'median req/s':>12}  {'bare req/s':>10}  {'median ratio':>12}  ratios")
    for name, entry in results.items():
        entry["median_ratio"] = statistics.median(entry["ratio"])
        ratios = " ".join(f"{r:.2f}" for r in entry["ratio"])
        print(
            f"{name:>14}  {statistics.median(entry['page']):12.0f}  {statistics.median(entry['bare']):10.0f}"
            f"  {entry['median_ratio']:12.2f}  {ratios}"
        )
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
        subprocess.run(
            [
                str(binary),
                base + path,
                "--quiet",
                "--form-factor=mobile",
                f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={report_path}",
            ],
            env=env,
            check=True,
            timeout=240,
        )
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
        print(f"preparing a fresh site in {workdir} ...")
        port = free_port()
        base = f"http://{HOST}:{port}"
        with (workdir / "gunicorn.log").open("w") as log:
            prepare_site(env, log)
            # Production recycles a worker every ~2000 requests; at benchmark rates that would be every
            # second and would measure Python's start-up, not the site.
            server = start_gunicorn(env, port, args.workers, log, "--max-requests", "0")
            try:
                print(f"gunicorn: {args.workers} sync workers on {base}, {os.cpu_count()} CPUs")
                for path in [BARE, *PAGES.values()]:
                    status, body = fetch(base, path)
                    assert status == 200, (path, status)
                    print(f"  {path:<24} {len(body):6d} bytes")
                results = throughput(base, args.rounds, args.connections, args.duration)
                scores = {} if args.no_lighthouse else lighthouse(base, workdir)
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

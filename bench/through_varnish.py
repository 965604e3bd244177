"""Benchmark: the cached pages through Varnish (deploy/varnish/mesosite.vcl) against the bare Django project.

Starts a throwaway site under gunicorn as production does (bench/throwaway.py), Debian's varnishd in
front of it with the repository's VCL, and the bare project made by `django-admin startproject`, all on
127.0.0.1, and measures with wrk, round after round and changing which goes first: each page through
Varnish, and the bare project's fixed page (the fastest a Django project answers). The direct figures,
the site against the same bare project without a cache in front, are `bench/run.py`'s.

    .venv/bin/python bench/through_varnish.py          # `make bench` runs it after bench/run.py
    .venv/bin/python bench/through_varnish.py --rounds 7 --duration 5

Every request says `Accept-Encoding: gzip`, as browsers do (Varnish keeps the pages compressed).
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import time
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

PAGES = {"home": "/", "area": "/treatments/hair-loss/"}
TARGET = 5.0  # issue 21: cached pages through the cache, against the bare project
VCL = ROOT / "deploy" / "varnish" / "mesosite.vcl"


def wrk(url, connections, duration):
    """Requests per second, with a browser's Accept-Encoding; SystemExit on any error answer."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-H", "Accept-Encoding: gzip"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=duration + 30).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise SystemExit(f"{url}: {bad.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def start_varnish(workdir, backend_port, port):
    config = workdir / "site.vcl"
    config.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    command = [varnishd, "-F", "-j", "none", "-n", str(workdir / "varnish"), "-a", f"{HOST}:{port}"]
    log = (workdir / "varnishd.log").open("w")
    process = subprocess.Popen([*command, "-f", str(config), "-s", "malloc,64m"], stdout=log, stderr=log)
    url = f"http://{HOST}:{port}"
    for _ in range(100):
        try:
            subprocess.run(["curl", "-sf", "-o", "/dev/null", url + "/"], check=True, timeout=5)
            return process, url
        except subprocess.CalledProcessError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"varnishd did not answer; see {workdir / 'varnishd.log'}")


def measure(varnish, bare, rounds, connections, duration):
    results = {name: {"varnish": [], "bare": [], "ratio": []} for name in PAGES}
    for round_number in range(1, rounds + 1):
        for name, path in PAGES.items():
            pair = [("varnish", varnish + path), ("bare", bare + BARE_PATH)]
            if round_number % 2:
                pair.reverse()
            figures = {label: wrk(url, connections, duration) for label, url in pair}
            for label, rps in figures.items():
                results[name][label].append(rps)
            results[name]["ratio"].append(figures["varnish"] / figures["bare"])
            varnish_rps, bare_rps = figures["varnish"], figures["bare"]
            print(f"round {round_number} {name:>5}: varnish {varnish_rps:7.0f} req/s, bare {bare_rps:6.0f}")
    print(f"\n{'page':>5}  {'varnish':>7}  {'bare':>6}  {'ratio':>5}  {'target':>6}  ratios per round")
    for name, entry in results.items():
        entry["median_ratio"] = statistics.median(entry["ratio"])
        print(
            f"{name:>5}  {statistics.median(entry['varnish']):7.0f}  {statistics.median(entry['bare']):6.0f}"
            f"  {entry['median_ratio']:5.2f}  {TARGET:6.2f}  " + " ".join(f"{r:.2f}" for r in entry["ratio"])
        )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for each (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--duration", type=int, default=3, help="whole seconds per measurement (default 3)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (default 5, at least 5)")
    # So that `make bench`'s BENCH_ARGS suit both scripts: there is no Lighthouse run here.
    parser.add_argument("--no-lighthouse", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("--rounds must be at least 5: one noisy round should not decide the median")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (Debian's wrk)")

    with tempfile.TemporaryDirectory(prefix="mesosite-varnish-bench-") as tmp:
        workdir = Path(tmp)
        env = site_environment(workdir)
        site_port, bare_port, varnish_port = free_port(), free_port(), free_port()
        with (workdir / "gunicorn.log").open("w") as log, (workdir / "bare-gunicorn.log").open("w") as bare_log:
            prepare_site(env, log)
            bare_folder, bare_env = bare_project(workdir)
            server = start_gunicorn(env, site_port, args.workers, log)
            bare_server = start_gunicorn(
                bare_env, bare_port, args.workers, bare_log, app="bare.wsgi", cwd=bare_folder, ready=BARE_PATH
            )
            varnish, varnish_url = start_varnish(workdir, site_port, varnish_port)
            try:
                print(f"varnishd in front of gunicorn ({args.workers} workers) at {varnish_url}; bare project beside")
                bare = f"http://{HOST}:{bare_port}"
                results = measure(varnish_url, bare, args.rounds, args.connections, args.duration)
            finally:
                varnish.terminate()
                varnish.wait(30)
                stop_gunicorn(bare_server)
                stop_gunicorn(server)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"{stamp}-varnish.json").write_text(json.dumps({"args": vars(args), "through_varnish": results}, indent=2))
    print(f"\nwritten to bench/results/{stamp}-varnish.json")


if __name__ == "__main__":
    main()

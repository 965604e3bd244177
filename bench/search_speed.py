"""Search speed benchmark (not a test): how long /search/ takes with the shipped content, on SQLite or PostgreSQL.

Builds a throwaway database (bench/throwaway.py's environment: production settings, DEBUG off) with
`migrate` and `load_content`, then, in this process, times each query many times:

- the search itself (`search.services.search`: reading the query, typos, synonyms, the database's
  full-text search, the extract), once the process is warm;
- the whole request, `GET /search/?q=…` through Django's test client (middleware, template);
- the first search of a fresh process (the vocabulary for typos built from the index);
- this process's CPU time for the search (on SQLite that is the whole cost, the database included),
  which a busy machine changes far less than the wall-clock time; on PostgreSQL, also the server's own
  execution time of one search's queries (EXPLAIN ANALYZE).

    .venv/bin/python bench/search_speed.py                       # SQLite, in a temporary folder
    createdb -h 127.0.0.1 -U postgres bench_search
    .venv/bin/python bench/search_speed.py --database-url postgres://postgres@127.0.0.1:5432/bench_search
    dropdb -h 127.0.0.1 -U postgres bench_search

With PostgreSQL, give it an empty database of its own: it migrates and loads the content into it.
Nothing leaves this machine.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from throwaway import ROOT, site_environment

QUERIES = [
    "hair thinning",
    "hiar loss",
    "mesotheraphy",
    "diabetes",
    "bruising",
    "botox",
    "can I have it if I'm diabetic?",
    "what does it cost",
    "xylophone",
    "a" * 3000,
]


def timed(function, repeat, cpu=None):
    """Wall-clock milliseconds of each run; this process's CPU milliseconds appended to `cpu`, if given."""
    times = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        times.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - start_cpu) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty PostgreSQL database of its own (default: SQLite)")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="mesosite-search-bench-"))
    try:
        os.environ.update(site_environment(workdir))
        os.environ["ALLOWED_HOSTS"] = "testserver"
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        sys.path.insert(0, str(ROOT))
        report(args.repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(repeat):
    import django

    django.setup()
    from django.conf import settings

    # Pages name their CSS and JS without collectstatic's hashed names: nothing here serves them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from search import services
    from search.models import Entry

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_content", verbosity=0)
    first = timed(lambda: services.search("hiar loss"), 1)[0]
    client = Client()
    print(f"database: {connection.vendor}, {Entry.objects.count()} sections indexed, {repeat} runs each")
    print(f"first search of a fresh process (vocabulary built): {first:.1f} ms")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock times grow with it)")
    print(f"{'query':<32} {'search p50':>10} {'p95':>7} {'max':>7} {'cpu p50':>8}   {'request p50':>11} {'p95':>7}")
    all_search, all_cpu, all_request = [], [], []
    for query in QUERIES:
        cpu = []
        search = timed(lambda q=query: services.search(q), repeat, cpu)
        request = timed(lambda q=query: client.get("/search/", {"q": q}), repeat)
        all_search, all_cpu, all_request = all_search + search, all_cpu + cpu, all_request + request
        print(line(query[:30], search, cpu, request))
    print(line("all", all_search, all_cpu, all_request))
    if connection.vendor == "postgresql":
        print(f"PostgreSQL's own execution time of one search's queries: {server_time('hiar loss'):.2f} ms")


def server_time(query):
    """Milliseconds PostgreSQL spent executing the queries of one search (EXPLAIN ANALYZE)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import services

    with CaptureQueriesContext(connection) as captured:
        services.search(query)
    total = 0.0
    with connection.cursor() as cursor:
        for executed in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + executed["sql"])
            total += cursor.fetchone()[0][0]["Execution Time"]
    return total


def line(name, search, cpu, request):
    median = statistics.median
    return (
        f"{name:<32} {median(search):>10.2f} {percentile(search, 95):>7.2f} {max(search):>7.2f} {median(cpu):>8.2f}"
        f"   {median(request):>11.2f} {percentile(request, 95):>7.2f}"
    )


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


if __name__ == "__main__":
    main()

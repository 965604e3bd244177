"""Search speed benchmark (not a test): how long /search/ takes with the shipped content, on SQLite or PostgreSQL.

Builds a throwaway database (bench/throwaway.py's environment: production settings, DEBUG off) with
`migrate` and `load_content`, then, in this process, times each query many times:

- the search itself (`search.services.search`: reading the query, typos, synonyms, the database's
  full-text search, the extract), once the process is warm;
- the whole request, `GET /search/?q=…` through Django's test client (middleware, template);
- the first search of a fresh process (the vocabulary for typos built from the index).

    .venv/bin/python bench/search_speed.py                       # SQLite, in a temporary folder
    .venv/bin/python bench/search_speed.py --database-url postgres://postgres@127.0.0.1:5432/postgres

With PostgreSQL it creates a database of its own beside the one named (`bench_search_<pid>`), and drops
it at the end. Nothing leaves this machine.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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


def postgres_database(url):
    """(the throwaway database's URL, a function that drops it)."""
    import psycopg

    parts = urlsplit(url)
    name = f"bench_search_{os.getpid()}"
    admin = psycopg.connect(url, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL server to make a throwaway database on")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="mesosite-search-bench-"))
    drop = None
    try:
        os.environ.update(site_environment(workdir))
        os.environ["ALLOWED_HOSTS"] = "testserver"
        if args.database_url:
            os.environ["DATABASE_URL"], drop = postgres_database(args.database_url)
        sys.path.insert(0, str(ROOT))
        report(args.repeat)
    finally:
        if drop:
            drop()
        shutil.rmtree(workdir, ignore_errors=True)


def report(repeat):
    import django

    django.setup()
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
    print(f"{'query':<32} {'search p50':>10} {'p95':>7} {'max':>7}   {'request p50':>11} {'p95':>7}")
    all_search, all_request = [], []
    for query in QUERIES:
        search = timed(lambda q=query: services.search(q), repeat)
        request = timed(lambda q=query: client.get("/search/", {"q": q}), repeat)
        all_search += search
        all_request += request
        print(
            f"{query[:30]:<32} {statistics.median(search):>10.2f} {percentile(search, 95):>7.2f} {max(search):>7.2f}"
            f"   {statistics.median(request):>11.2f} {percentile(request, 95):>7.2f}"
        )
    print(
        f"{'all':<32} {statistics.median(all_search):>10.2f} {percentile(all_search, 95):>7.2f} {max(all_search):>7.2f}"
        f"   {statistics.median(all_request):>11.2f} {percentile(all_request, 95):>7.2f}"
    )


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


if __name__ == "__main__":
    main()

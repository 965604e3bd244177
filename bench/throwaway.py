"""A throwaway copy of the site, run as production runs it, for the benchmark scripts.

A fresh SQLite database in a temporary folder with the real content and collected static
files, DEBUG off, a random SECRET_KEY, the file page cache, mail to the console, and gunicorn
with the repository's gunicorn.conf.py, on 127.0.0.1 only. bench/settings.py adds the bare
ceiling view. The scripts beside this file import it by its plain name (`python bench/x.py`
puts bench/ on the path).
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"  # never anything else
# Settings of this machine's own site that must not leak into the throwaway one.
NOT_INHERITED = {"DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ENV", "WEB_CONCURRENCY", "EMAIL_HOST"}


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def site_environment(workdir):
    """Production's settings from the environment, pointed at throwaway files in `workdir`."""
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        PAGE_CACHE_DIR=str(workdir / "pages"),
        MEDIA_ROOT=str(workdir / "media"),
        ALLOWED_HOSTS=f"{HOST},localhost",
        ENQUIRY_RATE_LIMIT="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare_site(env, log):
    """What `make run` and bin/container-start do before serving, with their output in `log`."""
    for command in (
        ["migrate", "--no-input"],
        ["createcachetable"],
        ["setup_roles"],
        ["load_content"],
        ["collectstatic", "--no-input", "--verbosity", "0"],
    ):
        subprocess.run(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=log, stderr=log, timeout=300
        )


def start_gunicorn(env, port, workers, log, *extra_args, timeout=60):
    """gunicorn as production starts it, once /healthz answers; SystemExit if it does not."""
    command = [
        str(Path(PYTHON).with_name("gunicorn")),
        "mesosite.wsgi",
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        *extra_args,
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(server)
    raise SystemExit(f"gunicorn did not answer /healthz within {timeout} s; see {log.name}")


def stop_gunicorn(server):
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()

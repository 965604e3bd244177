"""A throwaway copy of the site, run as production runs it, and a bare Django project beside it.

The site: a fresh SQLite database in a temporary folder with the real content and collected
static files, DEBUG off, a random SECRET_KEY, the file page cache, mail to the console, and
gunicorn with the repository's gunicorn.conf.py, on 127.0.0.1 only. bench/settings.py adds a
bare view behind the site's own middleware.

The bare project: what `django-admin startproject` makes (its default middleware and apps),
with DEBUG off and one view that returns a fixed page: the ceiling a Django engineer means,
served by the same gunicorn settings.

The scripts beside this file import it by its plain name (`python bench/x.py` puts bench/ on
the path).
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


BARE_PATH = "/bare/"
BARE_VIEW = """

# Added by bench/throwaway.py: the fastest answer this project can give.
from django.http import HttpResponse  # noqa: E402

BARE_PAGE = (
    b'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Bare</title></head>'
    b"<body><p>A fixed page: the fastest answer this Django project can give.</p></body></html>"
)
urlpatterns.append(path("bare/", lambda request: HttpResponse(BARE_PAGE)))
"""


def bare_project(workdir):
    """`django-admin startproject bare` in `workdir`, DEBUG off, with one fixed page at /bare/.

    Returns its folder and the environment to run it in (nothing of the site's settings).
    """
    folder = workdir / "bare"
    folder.mkdir()
    subprocess.run(
        [str(Path(PYTHON).with_name("django-admin")), "startproject", "bare", str(folder)], check=True, timeout=60
    )
    settings = folder / "bare" / "settings.py"
    text = settings.read_text()
    for old, new in (("DEBUG = True", "DEBUG = False"), ("ALLOWED_HOSTS = []", f'ALLOWED_HOSTS = ["{HOST}"]')):
        assert old in text, f"startproject's settings no longer say {old!r}"
        text = text.replace(old, new)
    settings.write_text(text)
    with (folder / "bare" / "urls.py").open("a") as urls:
        urls.write(BARE_VIEW)
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(DJANGO_SETTINGS_MODULE="bare.settings", PYTHONPATH=str(folder))
    return folder, env


def start_gunicorn(env, port, workers, log, *extra_args, app="mesosite.wsgi", cwd=ROOT, ready="/healthz", timeout=60):
    """gunicorn with the repository's gunicorn.conf.py, once `ready` answers; SystemExit if it does not."""
    command = [
        str(Path(PYTHON).with_name("gunicorn")),
        app,
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        *extra_args,
    ]
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{ready}", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(server)
    raise SystemExit(f"gunicorn did not answer {ready} within {timeout} s; see {log.name}")


def stop_gunicorn(server):
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()

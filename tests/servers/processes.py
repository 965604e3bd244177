"""Real servers for the legs in this folder: gunicorn as production runs it, the outbox worker,
redis-server, varnishd, and a visitor.

Everything listens on and talks to 127.0.0.1 only, on ports the system reports free, and every
wait is bounded.
"""

import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from tests.support.project import ROOT, manage

HOST = "127.0.0.1"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAFF_PASSWORD = "a-long-leg-password-1"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(what, check, timeout, interval=0.1):
    """Poll `check()` until it returns something true, for at most `timeout` seconds; fail saying `what`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(interval)


def prepare(env):
    """What every app server runs before serving (migrate, roles, content), and the static files.

    Both at once (they share nothing); collectstatic only when a static file is newer than the last
    collection (CI's earlier legs collected them already, and compressing them all again is slow).
    """
    jobs = [["prepare_site"]] + ([] if static_collected() else [["collectstatic", "--no-input", "--verbosity", "0"]])
    running = [
        subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for command in jobs
    ]
    for process in running:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output


def static_collected():
    """STATIC_ROOT's manifest is newer than every file the static finders find."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    newest = max(
        Path(storage.path(path)).stat().st_mtime
        for finder in finders.get_finders()
        for path, storage in finder.list([])
    )
    return manifest.stat().st_mtime > newest


def create_staff(env, username):
    """A superuser with STAFF_PASSWORD, made through the app's own command."""
    result = manage(
        "createsuperuser",
        "--no-input",
        "--username",
        username,
        "--email",
        f"{username}@example.com",
        env={**env, "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD},
    )
    assert result.returncode == 0, result.stdout + result.stderr


class Gunicorn:
    """`gunicorn mesosite.wsgi -c gunicorn.conf.py` on a free port, its output in `log`."""

    def __init__(self, env, log, workers=2):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = Path(log)
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "mesosite.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(workers),
        ]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        wait_for(f"gunicorn on {self.url} answering /healthz", self._answers, timeout=60)

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self):
        stop(self.process)


class OutboxWorker:
    """The outbox worker (`manage.py db_worker`) as bin/container-worker runs it, its output in `log`."""

    def __init__(self, env, log):
        self.log = Path(log)
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", WORKER_INTERVAL]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def stop(self):
        stop(self.process)


# bin/container-worker's polling interval: a purge reaches the HTTP cache well within a second.
WORKER_INTERVAL = re.search(r"db_worker .*--interval (\S+)", (ROOT / "bin" / "container-worker").read_text()).group(1)


class Varnish:
    """varnishd with `vcl` in front of `backend_port`, on a free port, working in `folder`.

    `-j none`: no privilege separation, so that it runs as whoever runs the test, reading the VCL from
    the test's private folder (Debian's service runs it with its own users).
    """

    def __init__(self, vcl, backend_port, folder, port=None):
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "site.vcl"
        config.write_text(Path(vcl).read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
        self.log = self.folder / "varnishd.log"
        command = ["varnishd", "-F", "-j", "none", "-n", str(self.folder / "work"), "-a", f"{HOST}:{self.port}"]
        command += ["-f", str(config), "-s", "malloc,32m"]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        wait_for(f"varnishd on {self.url}", self._answers, timeout=30)

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"varnishd exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
        try:
            with socket.create_connection((HOST, self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self):
        stop(self.process)


class RedisServer:
    """A redis-server of the test's own on a free port, saving to `folder` when stopped, as a real one does."""

    def __init__(self, folder):
        self.port = free_port()
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            HOST,
            "--dir",
            str(self.folder),
            "--save",
            "3600 1",  # a save point, so stopping writes the data and starting reads it back
            "--appendonly",
            "no",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(f"redis-server on port {self.port}", self.answers, timeout=20)

    def answers(self):
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        stop(self.process)


def stop(process):
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self):
        return self.body.decode()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookies (sent to every server on 127.0.0.1, as behind one load balancer)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects)

    def get(self, url, headers=None):
        return self._open(urllib.request.Request(url, headers=headers or {}))

    def post(self, url, data, headers=None):
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(url, data=body, headers=headers or {}))

    def post_form(self, server, path, data):
        """GET the form from `server` for its CSRF token, then POST `data` to the same path."""
        form = self.get(server.url + path)
        assert form.status == 200, (path, form.status)
        return self.post(server.url + path, {**data, "csrfmiddlewaretoken": TOKEN.search(form.text).group(1)})

    def upload(self, url, field, filename, content, content_type):
        """A multipart POST of one file, with the CSRF cookie's token in the header, as markdownx's script does."""
        boundary = uuid.uuid4().hex
        body = b"".join(
            [
                f"--{boundary}\r\n".encode(),
                f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'.encode(),
                f"Content-Type: {content_type}\r\n\r\n".encode(),
                content,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRFToken": self.cookie("csrftoken"),
            "X-Requested-With": "XMLHttpRequest",
        }
        return self._open(urllib.request.Request(url, data=body, headers=headers))

    def sign_in(self, server, username, password=STAFF_PASSWORD):
        return self.post_form(
            server, "/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/"}
        )

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=15) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

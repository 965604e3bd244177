"""gunicorn settings for make run and production; flags on the command line override them."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The usual 2×cores+1, capped: each worker holds a database connection. The cores this process
# may run on (a container's cpuset), not the host's; WEB_CONCURRENCY overrides it (CPU quotas).
workers = int(os.environ.get("WEB_CONCURRENCY", min(len(os.sched_getaffinity(0)) * 2 + 1, 9)))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5
# A worker restarts after this many requests, a guard against slow memory leaks in libraries (the
# page cache's own memory is bounded). A restart costs about half a second of CPU (Python imports
# Django and the site) and the worker's page copies: at 2000 a busy worker (2,000 req/s) restarted
# every second; at 100,000 that is under a minute at full load and a day or two at a clinic's
# usual traffic. The jitter keeps workers from restarting together.
max_requests = 100_000
max_requests_jitter = 10_000
accesslog = "-"
# key=value like the app's own log lines. The path without its query string (it may hold personal
# data); behind a proxy "remote" is the proxy, and "client" the address it forwarded.
access_log_format = (
    'remote=%(h)s client="%({x-forwarded-for}i)s" method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s duration_ms=%(M)s'
)
errorlog = "-"
# Heartbeat files in memory: on a container's overlay filesystem they can stall workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No gunicornc control socket: we manage gunicorn by signals, and its default path in $HOME is
# shared by every gunicorn of the user (and not writable for the container's user).
control_socket_disable = True
# Which peers may tell gunicorn the request came over HTTPS (X-Forwarded-Proto): the reverse proxy.
# Django trusts that header itself (SECURE_PROXY_SSL_HEADER), so the proxy must always overwrite it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

"""The requests the live server is still answering, so that a test can wait for them before its
database is emptied.

With SQLite in memory the live server's threads use the test's own database connection. A request
still running when the test ends (a page's presence beat, sent just before its browser closed) made
the flush fail in CI: "database table is locked: auth_permission".
"""

import threading

WAIT_SECONDS = 10


class RequestsInFlight:
    """A WSGI application that counts the requests `app` is answering."""

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.count += 1
        try:
            # Django renders the whole answer here; sending it touches no database.
            return self.app(environ, start_response)
        finally:
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_until_answered(self):
        with self.changed:
            answered = self.changed.wait_for(lambda: self.count == 0, WAIT_SECONDS)
        assert answered, f"the live server was still answering {self.count} request(s) after {WAIT_SECONDS} s"


def requests_in_flight(live_server):
    """The live server's counter, put in front of its application the first time it is asked for."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, RequestsInFlight):
        app = RequestsInFlight(app)
        httpd.set_app(app)
    return app

"""Work that every pytest-xdist worker needs and none changes, done by whichever worker asks first."""

import fcntl
from contextlib import contextmanager


def shared_folder(tmp_path_factory, worker_id):
    """A folder all of this run's workers see: the parent of each worker's own base temp folder."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@contextmanager
def only_one_at_a_time(lock_path):
    """Hold an exclusive lock on `lock_path` so the others wait for the first to finish, not repeat it."""
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

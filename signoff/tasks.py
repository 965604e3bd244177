"""The worker's sign-off task: make a scheduled approval live at its time (signoff.schedule).

Its argument is the page's id only; the task table holds nothing of the page.
"""

from django_tasks import task

from .schedule import run


@task()
def go_live(page_id):
    run(page_id)

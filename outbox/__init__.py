"""The outbox: every email the site sends is stored here first and delivered by a separate worker;
purges for the shared HTTP caches in front go the same way.

Public interface (see services.py):

    from outbox.services import queue_email, mails_regarding, send_again

    queue_email(message, *, regarding=obj, kind="signoff_review_requested")  # in the caller's transaction
    mails_regarding(obj, *more_objs)                                 # their OutgoingEmail queryset
    send_again(mail)                                                 # a failed mail, queued anew

    from outbox.purges import queue_purge

    queue_purge(cache_url, key)  # after commit: the worker sends PURGE with `xkey-purge: key`, with retries

This app imports no feature app: features import it.
"""

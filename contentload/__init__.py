"""The content loader: `manage.py load_content` turns content/*.md into the content models.

reading.py parses and checks every file (checks.py: each value, lengths from the models), writing.py
writes rows without overwriting an editor's change, approving.py publishes each clinical page as signed
in its file. The top layer: it knows every content app; no app imports it.
"""

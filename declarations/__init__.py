"""The page-declaration framework (content.py): the bottom layer that content apps declare their
pages with, and that sign-off, the editors' tools, search and the views read. It imports no app."""

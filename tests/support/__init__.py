"""What tests share, in one place: tests import helpers from here, never from another test module.

tools (Chromium and other tools a test needs), publishing (approving content as load_content does),
real_content (the shipped content, loaded once a session), forms, uploads, versions, enquiries (the
enquiry form's data), browser (Playwright steps and the axe-core check), headers (security headers),
worker (running the outbox worker in a test), claims (findings as rule ids), pages, project and html (what the
page tests read).
"""

"""The security headers every response carries, and the Content-Security-Policy read as directives."""

HEADERS = {
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
}


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (d.split() for d in header.split(";") if d.strip())}


def assert_security_headers(response):
    for name, value in HEADERS.items():
        assert response.get(name) == value, (response.request["PATH_INFO"], name, response.get(name))
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    # Anything else in script-src is a sha256 hash of one exact JSON-LD block: never a blanket allowance.
    assert all(source.startswith("'sha256-") for source in csp["script-src"][1:]), csp["script-src"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]

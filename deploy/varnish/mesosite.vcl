# Varnish 7 in front of Mesosite's app servers (Debian: apt-get install varnish varnish-modules).
#
#   varnishd -a :80 -f /etc/varnish/mesosite.vcl -s malloc,256m
#
# What it does (docs/deploy.md, "Varnish in front"):
# - keeps the public pages the app marks public (Cache-Control: s-maxage, PUBLIC_CACHE_SECONDS) and
#   answers them without cookies; passes everything else (admin, previews, the enquiry and feedback
#   forms, searches, anyone signed in) straight to the app, untouched;
# - drops every page when the app sends `PURGE /` with `xkey-purge: mesosite-pages` after an
#   approval, a take-down or a save of clinic details or page text (FRONTEND_CACHE_URLS), and takes
#   purges only from the addresses in `acl purgers`;
# - when no app server answers, keeps serving the last good copy of each page for up to a day (grace).

vcl 4.1;

import std;
import xkey;

# One app server. For several: one backend each and a director (import directors; round_robin),
# every one with this probe. The probe's Host must be a name in the app's ALLOWED_HOSTS.
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .request = "GET /healthz HTTP/1.1"
                   "Host: 127.0.0.1"
                   "Connection: close";
        # Lenient: a busy server that answers slowly is not taken for a dead one.
        .interval = 2s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
}

# Who may purge: the app servers (their workers send the purges). Nobody else. If a TLS proxy on this
# machine hands visitors to Varnish, have it speak the PROXY protocol (varnishd -a :6086,PROXY) so that
# client.ip is the visitor, not 127.0.0.1.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            # Hard purge: a withdrawn or changed page is never served again, not even during an outage.
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.x-purged));
        }
        return (purge);  # this one URL, for an operator's curl -X PURGE
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, the forms that carry a token or take an answer, searches: always the app's own answer.
    if (req.url ~ "^/(admin|preview|markdownx|enquire|feedback|search|healthz)(/|\?|$)"
        || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # A public page is the same for everyone without a login: no cookie goes to the app.
    unset req.http.Cookie;
    set req.http.x-mesosite-cacheable = "1";
    # While the app answers, a page past its lifetime is served for at most 10 s more while it is
    # fetched afresh; when it does not (the probe failing, or a restart from vcl_deliver after a
    # failed fetch), the copy's whole grace applies.
    if (req.restarts > 0) {
        set req.grace = 24h;
    } else if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    # The same address over http and https is two answers (a redirect; absolute links): keep both apart.
    # Then the built-in rule: the URL and the Host.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_fetch {
    unset bereq.http.x-mesosite-cacheable;
}

sub vcl_backend_response {
    # A page the app failed to render never takes the place of the last good copy.
    if (beresp.status >= 500 && !bereq.uncacheable) {
        return (abandon);
    }
    # The app names what a purge drops with Surrogate-Key; xkey indexes the xkey header.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
        unset beresp.http.Surrogate-Key;
    }
    # Longer than any page's own lifetime: the last good copy through an outage of the app servers.
    set beresp.grace = 24h;
    if (beresp.http.Content-Type ~ "^(text/|application/xml)") {
        set beresp.do_gzip = true;
    }
    # Then Varnish's built-in rules: nothing with Set-Cookie, private or no-store is kept.
}

sub vcl_backend_error {
    # Nor does no answer at all.
    if (!bereq.uncacheable) {
        return (abandon);
    }
}

# The app failed or did not answer (the fetch was abandoned, above) before the probe noticed: look
# again, once, with the whole grace, which finds the last good copy if there is one.
sub vcl_synth {
    if (resp.status == 503 && req.restarts == 0 && req.http.x-mesosite-cacheable) {
        return (restart);
    }
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

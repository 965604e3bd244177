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
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Who may purge: the app servers (their workers send the purges). Nobody else.
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
    # While the app answers, a page past its lifetime is served for at most 10 s more while it is
    # fetched afresh; when it does not, the object's whole grace (below) applies.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
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

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

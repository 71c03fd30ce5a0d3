// Package fetch downloads one web resource for the bot with the guards a
// server-side fetch of a user-given URL needs (SSRF):
//
//   - only http and https URLs, without credentials;
//   - an optional allow-list of hosts (a host matches an entry or is a
//     subdomain of one), checked for the first URL and for every redirect;
//   - the address actually connected to is checked at dial time, after DNS
//     resolution (a net.Dialer Control function), for every connection,
//     redirects included: loopback, private, link-local, unspecified,
//     multicast, CGNAT, cloud metadata and other reserved addresses are
//     refused, IPv4-mapped and NAT64/6to4-embedded IPv4 addresses included.
//     IP literals are refused before any connection. No proxy is used;
//   - a bounded number of redirects, a bounded total time (headers and body)
//     and a bounded body size (a larger declared Content-Length is refused
//     before the body is read; a body without one is cut at the limit);
//   - a 2xx status and an accepted content type (HTML unless told
//     otherwise).
//
// Errors wrap the sentinel errors below, so that callers can tell the user
// why; they never carry the URL's query, which may be signed.
//
// Tests serve pages from httptest servers on loopback: PermitAddrs lets a
// Fetcher connect to exactly those addresses, and WrapTransport lets a test
// redirect a host to a fake. No configuration key reaches either.
package fetch

// Package fakeweb is a local web server for tests of what the bot fetches
// from the web (/ajouter url:): real-looking news pages, with navigation,
// advertising, a comment section and a footer around the article, and
// hostile ones: a redirect to another loopback port or to a cloud metadata
// address, a redirect loop, a page of 50 MB (with and without
// Content-Length), a page that never ends, a PDF, plain text, error
// statuses, a page without an article and an article full of markup,
// mention tokens and control characters.
//
// Its pages are embedded (pages/); New serves them on an httptest server
// on loopback, with a second server standing for an internal service that
// must never be reached (InternalHits counts its requests).
package fakeweb

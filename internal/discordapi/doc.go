// Package discordapi holds small helpers for talking to the Discord REST API
// through a configurable base URL.
//
// discordgo hard-codes https://discord.com/api/v9/... in package-level
// endpoint variables, which must not be mutated (tests run in parallel and
// other code may share them). Instead, NewTransport returns an
// http.RoundTripper that rewrites every request aimed at
// https://discord.com/api to the same path under another base URL (a REST
// proxy in production, the in-process fake in tests). Install it as
// Session.Client.Transport.
package discordapi

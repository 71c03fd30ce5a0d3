// Package metrics exposes the bot's Prometheus metrics, on a registry of
// its own (never the global default one), together with the /healthz and
// /readyz endpoints served on the same address.
//
// Every method of a nil *Metrics is a no-op, so callers can run without
// metrics by passing nil.
package metrics

// Command articlebot answers questions about a news article and the other
// documents of its knowledge base: from the terminal (ask), or as a Discord
// bot (serve).
//
// main only wires: it loads the configuration into a config.Config, builds
// the knowledge store, the answering layer and, for serve, the Discord bot,
// and runs until SIGINT or SIGTERM. Subcommands: ask, check, eval, figures,
// summary, serve. Exit codes: 0 success, 2 usage or configuration error, 1
// anything else.
package main

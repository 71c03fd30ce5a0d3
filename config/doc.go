// Package config loads and validates the articlebot configuration. It is the
// only package that imports viper, and it always uses its own viper.New()
// instance, never the global one.
//
// Sources, lowest precedence first: built-in defaults ([Default]); a YAML
// file (articlebot.yaml in the working directory, or the --config path, which
// must exist); a .env file in the working directory; environment variables
// (ARTICLEBOT_SECTION_KEY such as ARTICLEBOT_LLM_BASE_URL, plus
// DISCORD_TOKEN, OPENAI_API_KEY and OPENAI_BASE_URL); command-line flags that
// were set. A .env value never overrides a real environment variable, and
// empty .env or environment values count as unset.
//
// [Keys] lists every setting with its default and a one-line description;
// .env.example ([EnvExample]) and the README settings table
// ([MarkdownTable]) are generated from it, and a test keeps .env.example in
// sync.
//
// Secrets (discord.token, llm.api_key) have type [Secret], which prints as
// "(set)" or "(unset)" everywhere (fmt, slog, JSON); errors never contain
// them. Configuration errors wrap [ErrInvalid]; validation errors are a
// *[ValidationError] listing every bad key.
//
// Typical use from a command:
//
//	cfg, err := config.Load(config.LoadOptions{
//		ConfigFile: configPath,
//		Flags:      cmd.Flags(),
//		FlagKeys:   map[string]string{"kb": "knowledge.dir", "mode": "answer.mode"},
//	})
//	if err != nil { ... } // errors.Is(err, config.ErrInvalid) -> exit 2
//	if err := cfg.RequireDiscord(); err != nil { ... } // serve only
package config

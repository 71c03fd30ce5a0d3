package config

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ErrInvalid is wrapped by every error caused by bad configuration (bad
// values, unknown keys, unreadable or missing config files), so the CLI can
// map errors.Is(err, ErrInvalid) to exit code 2.
var ErrInvalid = errors.New("invalid configuration")

// Problem is one invalid setting.
type Problem struct {
	Key     string // dotted key, e.g. "answer.mode", or a file name
	Message string // what is expected; never contains a secret value
	Source  string // where the value came from (see Config.Source); may be empty
}

// String renders "key: message (from source)".
func (p Problem) String() string {
	s := p.Key + ": " + p.Message
	if p.Source != "" && p.Source != "default" {
		s += " (from " + p.Source + ")"
	}
	return s
}

// ValidationError lists every problem found. It wraps [ErrInvalid].
type ValidationError struct {
	Problems []Problem
}

// Error renders one problem on one line, several problems one per line.
func (e *ValidationError) Error() string {
	switch len(e.Problems) {
	case 0:
		return ErrInvalid.Error()
	case 1:
		return ErrInvalid.Error() + ": " + e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d problems):", ErrInvalid, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// problems collects Problems, filling in sources from a Config.
type problems struct {
	list    []Problem
	sources map[string]string
}

func (ps *problems) add(key, format string, args ...any) {
	ps.list = append(ps.list, Problem{Key: key, Message: fmt.Sprintf(format, args...), Source: ps.sources[key]})
}

// err returns the problems sorted in Keys order (other names last,
// alphabetically), or nil.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	order := make(map[string]int)
	for i, k := range keyTable() {
		order[k.Name] = i + 1
	}
	rank := func(p Problem) int {
		if r := order[p.Key]; r > 0 {
			return r
		}
		return len(order) + 1
	}
	slices.SortStableFunc(ps.list, func(a, b Problem) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return &ValidationError{Problems: ps.list}
}

// Validate checks every setting and returns a *ValidationError listing all
// problems, or nil. It does not require a Discord token (see
// [Config.RequireDiscord]); llm.base_url and llm.model are required only when
// answer.mode is "llm". It does not touch the file system.
func (c *Config) Validate() error {
	ps := &problems{sources: c.sources}
	c.validate(ps)
	return ps.err()
}

func (c *Config) validate(ps *problems) {
	d := c.Discord
	checkSecret(ps, "discord.token", d.Token, ` (remove spaces, newlines and any "Bot " prefix)`)
	if u := checkHTTPURL(ps, "discord.api_url", d.APIURL, true); u != nil {
		switch {
		case u.User != nil:
			ps.add("discord.api_url", "must not hold credentials (user:password@), got %q: the bot authenticates with discord.token", redactURL(d.APIURL))
		case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
			ps.add("discord.api_url", "must not have a query or a fragment, got %q", redactURL(d.APIURL))
		}
	}
	if d.GuildID != "" && !isSnowflake(d.GuildID) {
		ps.add("discord.guild_id", "must be a numeric Discord ID, got %q", d.GuildID)
	}
	checkIDs(ps, "discord.channels", d.Channels)
	checkIDs(ps, "discord.admin_roles", d.AdminRoles)
	checkIDs(ps, "discord.admin_users", d.AdminUsers)
	if d.ShardCount < 1 {
		ps.add("discord.shard_count", "must be at least 1, got %d", d.ShardCount)
	} else if d.ShardID < 0 || d.ShardID >= d.ShardCount {
		ps.add("discord.shard_id", "must be between 0 and discord.shard_count-1 (%d), got %d", d.ShardCount-1, d.ShardID)
	}
	checkEnum(ps, "discord.reply_style", d.ReplyStyle, ReplyStyleEmbed, ReplyStyleText)
	checkPositiveDuration(ps, "discord.shutdown_grace", d.ShutdownGrace)

	if c.Knowledge.MaxFileSize <= 0 {
		ps.add("knowledge.max_file_size", "must be greater than 0, got %d", c.Knowledge.MaxFileSize)
	}
	for i, h := range c.Knowledge.Fetch.AllowHosts {
		if !isHostName(h) {
			ps.add("knowledge.fetch.allow_hosts", "item %d must be a host name such as example.org (no scheme, port or path), got %q", i+1, h)
		}
	}
	checkPositiveDuration(ps, "knowledge.fetch.timeout", c.Knowledge.Fetch.Timeout)
	if c.Knowledge.Fetch.MaxSize <= 0 {
		ps.add("knowledge.fetch.max_size", "must be greater than 0, got %d", c.Knowledge.Fetch.MaxSize)
	}

	a := c.Answer
	checkEnum(ps, "answer.mode", a.Mode, AnswerModeTemplate, AnswerModeLLM)
	checkMin(ps, "answer.top_k", a.TopK, 1)
	checkMin(ps, "answer.max_question_length", a.MaxQuestionLength, 1)
	checkMin(ps, "answer.rate_limit", a.RateLimit, 0)
	checkPositiveDuration(ps, "answer.rate_window", a.RateWindow)

	l := c.LLM
	llmMode := a.Mode == AnswerModeLLM
	if l.BaseURL == "" {
		if llmMode {
			ps.add("llm.base_url", "required when answer.mode is %q", AnswerModeLLM)
		}
	} else {
		checkHTTPURL(ps, "llm.base_url", l.BaseURL, false)
	}
	checkSecret(ps, "llm.api_key", l.APIKey, "")
	if strings.TrimSpace(l.Model) == "" && llmMode {
		ps.add("llm.model", "required when answer.mode is %q", AnswerModeLLM)
	}
	checkPositiveDuration(ps, "llm.timeout", l.Timeout)
	checkMin(ps, "llm.max_context_tokens", l.MaxContextTokens, 1)
	if math.IsNaN(l.Temperature) || l.Temperature < 0 || l.Temperature > 2 {
		ps.add("llm.temperature", "must be between 0 and 2, got %v", l.Temperature)
	}

	checkEnum(ps, "log.level", c.Log.Level, "debug", "info", "warn", "error")
	checkEnum(ps, "log.format", c.Log.Format, LogFormatText, LogFormatJSON)

	if addr := c.Metrics.Addr; addr != "" {
		if _, port, err := net.SplitHostPort(addr); err != nil || !validPort(port) {
			ps.add("metrics.addr", `must be host:port such as ":9090" or "127.0.0.1:9090", got %q`, addr)
		}
	}

	checkMin(ps, "unanswered.max", c.Unanswered.Max, 1)
}

// RequireDiscord reports whether the settings needed to connect to Discord
// (the serve command) are present: discord.token must be set. Format problems
// are reported by [Config.Validate]. The error wraps [ErrInvalid].
func (c *Config) RequireDiscord() error {
	ps := &problems{sources: c.sources}
	if !c.Discord.Token.IsSet() {
		ps.add("discord.token", "required to connect to Discord (set %s or DISCORD_TOKEN)", envName("discord.token"))
	}
	return ps.err()
}

func checkSecret(ps *problems, key string, s Secret, hint string) {
	if strings.ContainsFunc(s.Reveal(), unicode.IsSpace) {
		ps.add(key, "contains whitespace%s", hint)
	}
}

// checkHTTPURL checks that raw is an absolute http(s) URL and returns it
// parsed, or nil. Problems never echo credentials or a query (see
// redactURL), and never an unparseable value.
func checkHTTPURL(ps *problems, key, raw string, required bool) *url.URL {
	if raw == "" {
		if required {
			ps.add(key, "must be an http or https URL, got an empty value")
		}
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse's error repeats the value, which may hold credentials.
		ps.add(key, "must be an http or https URL, got a value that does not parse as a URL (not shown: it may hold credentials)")
		return nil
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		ps.add(key, "must be an http or https URL, got %q", redactURL(raw))
		return nil
	}
	return u
}

// redactURL renders the URL raw with its user info, query and fragment
// replaced by "xxxxx": they may hold credentials or tokens. A value that
// does not parse is not shown at all.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(not a URL, not shown)"
	}
	if u.User == nil && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" {
		return raw
	}
	if u.User != nil {
		u.User = url.User("xxxxx")
	}
	if u.RawQuery != "" || u.ForceQuery {
		u.RawQuery, u.ForceQuery = "xxxxx", false
	}
	if u.Fragment != "" {
		u.Fragment, u.RawFragment = "xxxxx", ""
	}
	return u.String()
}

func checkIDs(ps *problems, key string, ids []string) {
	for i, id := range ids {
		if !isSnowflake(id) {
			ps.add(key, "item %d must be a numeric Discord ID, got %q", i+1, id)
		}
	}
}

func checkEnum(ps *problems, key, got string, allowed ...string) {
	for _, a := range allowed {
		if got == a {
			return
		}
	}
	quoted := make([]string, len(allowed))
	for i, a := range allowed {
		quoted[i] = strconv.Quote(a)
	}
	want := strings.Join(quoted, " or ")
	if len(quoted) > 2 {
		want = strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
	}
	ps.add(key, "must be %s, got %q", want, got)
}

func checkMin(ps *problems, key string, got, minimum int) {
	if got < minimum {
		ps.add(key, "must be at least %d, got %d", minimum, got)
	}
}

func checkPositiveDuration(ps *problems, key string, d time.Duration) {
	if d <= 0 {
		ps.add(key, "must be a positive duration such as 30s or 1m, got %s", formatDuration(d))
	}
}

// isSnowflake reports whether s is a Discord ID: 1 to 20 decimal digits
// fitting in a uint64.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// isHostName reports whether s is a DNS name (letters, digits, hyphens,
// dots; an optional leading "*." or "."): an allow-list entry.
func isHostName(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "*"), ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(s, "."), ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 0 && n <= 65535
}

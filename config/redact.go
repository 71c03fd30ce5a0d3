package config

import (
	"fmt"
	"log/slog"
	"strings"
)

// Redacted renders every setting as "key = value", one per line in [Keys]
// order, with secrets shown as "(set)" or "(unset)" and the credentials,
// query and fragment of URLs as "xxxxx". Values that do not come from the
// defaults are followed by "  # <source>".
func (c *Config) Redacted() string {
	var b strings.Builder
	for _, k := range Keys() {
		fmt.Fprintf(&b, "%s = %s", k.Name, shown(k, c))
		if src := c.sources[k.Name]; src != "" && src != "default" {
			b.WriteString("  # " + src)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// LogValue implements slog.LogValuer: one group per section, secrets and
// URL credentials masked as in Redacted, e.g. slog.Any("config", cfg).
func (c *Config) LogValue() slog.Value {
	var groups []slog.Attr
	var section string
	var attrs []slog.Attr
	flush := func() {
		if section != "" {
			groups = append(groups, slog.Attr{Key: section, Value: slog.GroupValue(attrs...)})
		}
	}
	for _, k := range Keys() {
		sec, leaf, _ := strings.Cut(k.Name, ".")
		if sec != section {
			flush()
			section, attrs = sec, nil
		}
		attrs = append(attrs, slog.String(leaf, shown(k, c)))
	}
	flush()
	return slog.GroupValue(groups...)
}

// shown is the value of key k in c as it may be printed or logged.
func shown(k Key, c *Config) string {
	v := render(k.field(c), true)
	if strings.HasSuffix(k.Name, "_url") && v != "" {
		return redactURL(v)
	}
	return v
}

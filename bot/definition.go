package bot

// Definition is what Discord shows of a command: its name and description
// in French, with their English localizations, and its options. The
// adapter turns it into Discord's application command.
type Definition struct {
	Name, NameEN               string
	Description, DescriptionEN string
	// AdminOnly: shown to members with the Manage Server permission only,
	// and in guilds only (the bot checks the rights again, see
	// requireAdmin).
	AdminOnly bool
	Options   []OptionDefinition
}

// OptionType is the type of a command's option.
type OptionType int

// Option types.
const (
	OptionString OptionType = iota + 1
	OptionInteger
	OptionBoolean
	OptionAttachment
)

// OptionDefinition is one option of a command.
type OptionDefinition struct {
	Type                       OptionType
	Name, NameEN               string
	Description, DescriptionEN string
	Required                   bool
	Autocomplete               bool
	// MinLength and MaxLength bound a string (0: no maximum); MinValue and
	// MaxValue a number (0: no maximum).
	MinLength *int
	MaxLength int
	MinValue  *float64
	MaxValue  float64
}

package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot"
)

// Definitions returns the application commands the bot registers: the
// command table's definitions (bot.Bot.Commands) as Discord's.
func (a *Adapter) Definitions() []*discordgo.ApplicationCommand {
	cmds := a.bot.Commands()
	out := make([]*discordgo.ApplicationCommand, len(cmds))
	for i, c := range cmds {
		out[i] = applicationCommand(c.Definition)
	}
	return out
}

// applicationCommand is d as Discord's application command. Names and
// descriptions are French, with their English localizations for both
// English locales; an admin command is shown to members with the Manage
// Server permission only, in guilds only.
func applicationCommand(d bot.Definition) *discordgo.ApplicationCommand {
	c := &discordgo.ApplicationCommand{
		Name:                     d.Name,
		NameLocalizations:        english(d.NameEN),
		Description:              d.Description,
		DescriptionLocalizations: english(d.DescriptionEN),
	}
	if d.AdminOnly {
		manageGuild := int64(discordgo.PermissionManageGuild)
		guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
		c.DefaultMemberPermissions, c.Contexts = &manageGuild, &guildOnly
	}
	for _, o := range d.Options {
		c.Options = append(c.Options, commandOption(o))
	}
	return c
}

// optionType is Discord's type of a command option.
func optionType(t bot.OptionType) discordgo.ApplicationCommandOptionType {
	switch t {
	case bot.OptionInteger:
		return discordgo.ApplicationCommandOptionInteger
	case bot.OptionBoolean:
		return discordgo.ApplicationCommandOptionBoolean
	case bot.OptionAttachment:
		return discordgo.ApplicationCommandOptionAttachment
	}
	return discordgo.ApplicationCommandOptionString
}

func commandOption(o bot.OptionDefinition) *discordgo.ApplicationCommandOption {
	out := &discordgo.ApplicationCommandOption{
		Type:         optionType(o.Type),
		Name:         o.Name,
		Description:  o.Description,
		Required:     o.Required,
		Autocomplete: o.Autocomplete,
		MinLength:    o.MinLength,
		MaxLength:    o.MaxLength,
		MinValue:     o.MinValue,
		MaxValue:     o.MaxValue,
	}
	if loc := english(o.NameEN); loc != nil {
		out.NameLocalizations = *loc
	}
	if loc := english(o.DescriptionEN); loc != nil {
		out.DescriptionLocalizations = *loc
	}
	return out
}

// english gives a localization for both English locales (nil for none).
func english(s string) *map[discordgo.Locale]string {
	if s == "" {
		return nil
	}
	return &map[discordgo.Locale]string{discordgo.EnglishUS: s, discordgo.EnglishGB: s}
}

// register bulk-overwrites the application commands.
func (a *Adapter) register(ctx context.Context) error {
	app := a.appID.Load().(string)
	if app == "" {
		return errors.New("register commands: application id unknown (no READY)")
	}
	body, err := registrationBody(a.Definitions())
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	endpoint, where := discordgo.EndpointApplicationGlobalCommands(app), "global"
	if a.opts.GuildID != "" {
		endpoint, where = discordgo.EndpointApplicationGuildCommands(app, a.opts.GuildID), "guild "+a.opts.GuildID
	}
	var resp []byte
	err = a.retry(ctx, "register commands", func(int) error {
		var err error
		resp, err = a.s.RequestWithBucketID("PUT", endpoint, body, endpoint, discordgo.WithContext(ctx), noRestRetries())
		return err
	})
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	var got []json.RawMessage
	if err := json.Unmarshal(resp, &got); err != nil {
		return fmt.Errorf("register commands: response: %w", err)
	}
	a.log.Info("slash commands registered", "count", len(got), "scope", where)
	return nil
}

// registrationBody encodes the command definitions for a bulk overwrite.
// discordgo writes default_member_permissions as a string; Discord's OpenAPI
// description has an integer, so the body is rewritten with a number.
func registrationBody(defs []*discordgo.ApplicationCommand) ([]map[string]any, error) {
	out := make([]map[string]any, len(defs))
	for i, d := range defs {
		raw, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		if d.DefaultMemberPermissions != nil {
			m["default_member_permissions"] = *d.DefaultMemberPermissions
		}
		out[i] = m
	}
	return out, nil
}

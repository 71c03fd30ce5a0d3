package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// This file is the only place that sends anything to Discord.

// noMentions is the allowed_mentions of every message the bot sends: an
// empty parse list (serialised as "parse":[]) and no replied-user ping, so
// neither the question nor the answer can ping anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// styled applies the configured reply style.
func (b *Bot) styled(r Reply) Reply {
	if b.opts.ReplyStyle == StyleText {
		return r.asText()
	}
	return r
}

// typing shows the typing indicator in channelID.
func (b *Bot) typing(ctx context.Context, channelID string) {
	if err := b.s.ChannelTyping(channelID, discordgo.WithContext(ctx)); err != nil {
		b.log.Debug("typing indicator failed", "channel", channelID, "err", err)
	}
}

// sendReply sends r as a reply to m (the first message references m, the
// others follow it) and returns the ids of the messages sent.
func (b *Bot) sendReply(ctx context.Context, m *discordgo.Message, r Reply) ([]string, error) {
	noFail := false
	var ids []string
	for i, p := range b.styled(r).parts() {
		send := &discordgo.MessageSend{Content: p.content, Embeds: p.embeds, AllowedMentions: noMentions()}
		if i == 0 {
			send.Reference = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &noFail}
		}
		msg, err := b.s.ChannelMessageSendComplex(m.ChannelID, send, discordgo.WithContext(ctx))
		if err != nil {
			return ids, fmt.Errorf("send reply %d: %w", i+1, err)
		}
		ids = append(ids, msg.ID)
	}
	return ids, nil
}

func flags(ephemeral bool) discordgo.MessageFlags {
	if ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// respond answers an interaction at once with r (the first part as the
// response, the others as follow-ups).
func (b *Bot) respond(ctx context.Context, i *discordgo.Interaction, r Reply) error {
	parts := b.styled(r).parts()
	err := b.s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         parts[0].content,
			Embeds:          parts[0].embeds,
			AllowedMentions: noMentions(),
			Flags:           flags(r.Ephemeral),
		},
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("interaction response: %w", err)
	}
	_, err = b.followups(ctx, i, parts[1:], r.Ephemeral)
	return err
}

// deferResponse acknowledges an interaction ("thinking…"); the answer
// comes later with editResponse.
func (b *Bot) deferResponse(ctx context.Context, i *discordgo.Interaction, ephemeral bool) error {
	err := b.s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags(ephemeral), AllowedMentions: noMentions()},
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("defer interaction: %w", err)
	}
	return nil
}

// editResponse replaces a deferred response with r (the first part; the
// others follow up) and returns the ids of the messages.
func (b *Bot) editResponse(ctx context.Context, i *discordgo.Interaction, r Reply) ([]string, error) {
	parts := b.styled(r).parts()
	content, embeds := parts[0].content, parts[0].embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	msg, err := b.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("edit interaction response: %w", err)
	}
	ids := []string{msg.ID}
	more, err := b.followups(ctx, i, parts[1:], r.Ephemeral)
	return append(ids, more...), err
}

// followups sends parts as interaction follow-up messages.
func (b *Bot) followups(ctx context.Context, i *discordgo.Interaction, parts []part, ephemeral bool) ([]string, error) {
	var ids []string
	for n, p := range parts {
		msg, err := b.s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
			Content:         p.content,
			Embeds:          p.embeds,
			AllowedMentions: noMentions(),
			Flags:           flags(ephemeral),
		}, discordgo.WithContext(ctx))
		if err != nil {
			return ids, fmt.Errorf("follow-up %d: %w", n+1, err)
		}
		ids = append(ids, msg.ID)
	}
	return ids, nil
}

// choice is one autocomplete suggestion.
type choice struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// autocompleteResult answers an autocomplete interaction. discordgo drops an
// empty choices list (omitempty), which Discord rejects, so the body is
// written here.
func (b *Bot) autocompleteResult(ctx context.Context, i *discordgo.Interaction, choices []choice) error {
	if choices == nil {
		choices = []choice{}
	}
	body := map[string]any{
		"type": discordgo.InteractionApplicationCommandAutocompleteResult,
		"data": map[string]any{"choices": choices},
	}
	endpoint := discordgo.EndpointInteractionResponse(i.ID, i.Token)
	if _, err := b.s.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("autocomplete response: %w", err)
	}
	return nil
}

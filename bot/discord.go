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
	return b.sendParts(ctx, m.ChannelID, replyTo(m), b.styled(r).parts())
}

// replyTo references m, without failing when m was deleted meanwhile.
func replyTo(m *discordgo.Message) *discordgo.MessageReference {
	noFail := false
	return &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &noFail}
}

// sendParts sends one message per part to channelID, the first one with
// ref (if any), and returns their ids.
func (b *Bot) sendParts(ctx context.Context, channelID string, ref *discordgo.MessageReference, parts []part) ([]string, error) {
	var ids []string
	for i, p := range parts {
		send := &discordgo.MessageSend{Content: p.content, Embeds: p.embeds, AllowedMentions: noMentions()}
		if i == 0 {
			send.Reference = ref
		}
		msg, err := b.s.ChannelMessageSendComplex(channelID, send, discordgo.WithContext(ctx))
		if err != nil {
			return ids, fmt.Errorf("send reply %d: %w", i+1, err)
		}
		ids = append(ids, msg.ID)
	}
	return ids, nil
}

// editReply replaces the bot's message id in channelID with r: the first
// part in place, the others as new messages after it. It returns the ids
// of the messages.
func (b *Bot) editReply(ctx context.Context, channelID, id string, r Reply) ([]string, error) {
	parts := b.styled(r).parts()
	if err := b.editMessage(ctx, channelID, id, parts[0]); err != nil {
		return nil, err
	}
	more, err := b.sendParts(ctx, channelID, nil, parts[1:])
	return append([]string{id}, more...), err
}

// editMessage replaces the content and embeds of the bot's message id.
func (b *Bot) editMessage(ctx context.Context, channelID, id string, p part) error {
	content, embeds := p.content, p.embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	_, err := b.s.ChannelMessageEditComplex(&discordgo.MessageEdit{
		ID:              id,
		Channel:         channelID,
		Content:         &content,
		Embeds:          &embeds,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("edit message: %w", err)
	}
	return nil
}

// partial shows a partial answer: the first one as a reply to m, the
// others by editing it. It returns the id of the reply.
func (b *Bot) partial(ctx context.Context, m *discordgo.Message, r Reply, id string) (string, error) {
	parts := b.styled(r).parts()
	if id != "" {
		return id, b.editMessage(ctx, m.ChannelID, id, parts[0])
	}
	ids, err := b.sendParts(ctx, m.ChannelID, replyTo(m), parts[:1])
	if err != nil {
		return "", err
	}
	return ids[0], nil
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
	id, err := b.editOriginal(ctx, i, parts[0])
	if err != nil {
		return nil, err
	}
	ids := []string{id}
	more, err := b.followups(ctx, i, parts[1:], r.Ephemeral)
	return append(ids, more...), err
}

// editOriginal replaces the interaction's response with p and returns the
// id of its message.
func (b *Bot) editOriginal(ctx context.Context, i *discordgo.Interaction, p part) (string, error) {
	content, embeds := p.content, p.embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	msg, err := b.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("edit interaction response: %w", err)
	}
	return msg.ID, nil
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

package discord

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot"
)

// This file sends everything users see on Discord (connect.go and
// register.go only connect and register the commands).
//
// Every request that posts or edits what a user sees is retried when it
// fails transiently (500, 502, 503, 504 or a broken connection; discordgo
// itself waits out 429s), with exponential backoff and jitter, at most
// sendAttempts times and never past the bot's work context. A retry never
// posts twice:
//
//   - channel messages carry a nonce with enforce_nonce: Discord returns
//     the message an earlier try created instead of creating another;
//   - edits are idempotent;
//   - a repeated interaction callback is refused as already acknowledged
//     (40060), which after a failed try means the earlier one took effect;
//   - before a follow-up is posted again, the channel is searched for the
//     one an earlier try may have created; when that cannot be known
//     (ephemeral reply, unreadable channel) it is not posted again unless
//     the earlier try never reached Discord.

// noMentions is the allowed_mentions of every message the bot sends: an
// empty parse list (serialised as "parse":[]) and no replied-user ping, so
// neither the question nor the answer can ping anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// embeds are es as Discord's embeds (nil for none).
func embeds(es []*bot.Embed) []*discordgo.MessageEmbed {
	if es == nil {
		return nil
	}
	out := make([]*discordgo.MessageEmbed, len(es))
	for i, e := range es {
		d := &discordgo.MessageEmbed{URL: e.URL, Title: e.Title, Description: e.Description, Color: e.Color}
		if e.Footer != nil {
			d.Footer = &discordgo.MessageEmbedFooter{Text: e.Footer.Text}
		}
		for _, f := range e.Fields {
			d.Fields = append(d.Fields, &discordgo.MessageEmbedField{Name: f.Name, Value: f.Value, Inline: f.Inline})
		}
		out[i] = d
	}
	return out
}

// components are bs as one row of Discord's buttons. nil stays nil (the
// buttons of an edited message are left as they are), an empty list
// stays empty (they are removed).
func components(bs []bot.Button) []discordgo.MessageComponent {
	if bs == nil {
		return nil
	}
	if len(bs) == 0 {
		return []discordgo.MessageComponent{}
	}
	row := make([]discordgo.MessageComponent, len(bs))
	for i, b := range bs {
		style := discordgo.SecondaryButton
		if b.Style == bot.ButtonDanger {
			style = discordgo.DangerButton
		}
		row[i] = discordgo.Button{Label: b.Label, Style: style, CustomID: b.CustomID}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// typing shows the typing indicator in channelID.
func (a *Adapter) typing(ctx context.Context, channelID string) {
	if err := a.s.ChannelTyping(channelID, discordgo.WithContext(ctx)); err != nil {
		a.log.Debug("typing indicator failed", "channel", channelID, "err", err)
	}
}

// sendReply sends r as a reply to m (the first message references m, the
// others follow it) and returns the ids of the messages sent.
func (a *Adapter) sendReply(ctx context.Context, m *discordgo.Message, r bot.Reply) ([]string, error) {
	return a.sendParts(ctx, m.ChannelID, replyTo(m), a.bot.Messages(r))
}

// replyTo references m, without failing when m was deleted meanwhile.
func replyTo(m *discordgo.Message) *discordgo.MessageReference {
	noFail := false
	return &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &noFail}
}

// sendParts sends one message per part to channelID, the first one with
// ref (if any), and returns their ids.
func (a *Adapter) sendParts(ctx context.Context, channelID string, ref *discordgo.MessageReference, parts []bot.Message) ([]string, error) {
	var ids []string
	for i, p := range parts {
		send := &discordgo.MessageSend{Content: p.Content, Embeds: embeds(p.Embeds), AllowedMentions: noMentions()}
		if i == 0 {
			send.Reference = ref
		}
		id, err := a.createMessage(ctx, channelID, send)
		if err != nil {
			return ids, fmt.Errorf("send reply %d: %w", i+1, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// messageCreate is a message with a nonce that Discord enforces: created
// again within a few minutes (a retry whose first try took effect but
// whose response was lost), it returns the existing message. discordgo's
// MessageSend has no nonce.
type messageCreate struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// createMessage posts send in channelID, retried under one nonce, and
// returns the message's id.
func (a *Adapter) createMessage(ctx context.Context, channelID string, send *discordgo.MessageSend) (string, error) {
	for _, e := range send.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich
		}
	}
	body := messageCreate{MessageSend: send, Nonce: newNonce(), EnforceNonce: true}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	var id string
	err := a.retry(ctx, "create message", func(int) error {
		raw, err := a.s.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint, discordgo.WithContext(ctx), noRestRetries())
		if err != nil {
			return err
		}
		// Only the id is read: decoding the whole discordgo.Message (its
		// embeds, timestamps, author) cost as much CPU as the request.
		var msg struct {
			ID string `json:"id"`
		}
		if err := discordgo.Unmarshal(raw, &msg); err != nil {
			return fmt.Errorf("created message: %w", err)
		}
		id = msg.ID
		return nil
	})
	return id, err
}

// newNonce returns a random message nonce (20 characters; Discord takes 25
// at most).
func newNonce() string {
	b := make([]byte, 10)
	_, _ = crand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// editReply replaces the bot's message id in channelID with r: the first
// part in place, the others as new messages after it. It returns the ids
// of the messages.
func (a *Adapter) editReply(ctx context.Context, channelID, id string, r bot.Reply) ([]string, error) {
	parts := a.bot.Messages(r)
	if err := a.editMessage(ctx, channelID, id, parts[0]); err != nil {
		return nil, err
	}
	more, err := a.sendParts(ctx, channelID, nil, parts[1:])
	return append([]string{id}, more...), err
}

// editMessage replaces the content and embeds of the bot's message id.
func (a *Adapter) editMessage(ctx context.Context, channelID, id string, p bot.Message) error {
	content, es := p.Content, embeds(p.Embeds)
	if es == nil {
		es = []*discordgo.MessageEmbed{}
	}
	edit := &discordgo.MessageEdit{
		ID:              id,
		Channel:         channelID,
		Content:         &content,
		Embeds:          &es,
		AllowedMentions: noMentions(),
	}
	err := a.retry(ctx, "edit message", func(int) error {
		_, err := a.s.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx), noRestRetries())
		return err
	})
	if err != nil {
		return fmt.Errorf("edit message: %w", err)
	}
	return nil
}

// partial shows a partial answer: the first one as a reply to m, the
// others by editing it. It returns the id of the reply.
func (a *Adapter) partial(ctx context.Context, m *discordgo.Message, r bot.Reply, id string) (string, error) {
	parts := a.bot.Messages(r)
	if id != "" {
		return id, a.editMessage(ctx, m.ChannelID, id, parts[0])
	}
	ids, err := a.sendParts(ctx, m.ChannelID, replyTo(m), parts[:1])
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
func (a *Adapter) respond(ctx context.Context, i *discordgo.Interaction, r bot.Reply) error {
	parts := a.bot.Messages(r)
	err := a.callback(ctx, i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         parts[0].Content,
			Embeds:          embeds(parts[0].Embeds),
			Components:      components(parts[0].Buttons),
			AllowedMentions: noMentions(),
			Flags:           flags(r.Ephemeral),
		},
	})
	if err != nil {
		return fmt.Errorf("interaction response: %w", err)
	}
	_, err = a.followups(ctx, i, i.ID, parts[1:], r.Ephemeral)
	return err
}

// codeAlreadyAcknowledged is Discord's error code for a second callback to
// an interaction.
const codeAlreadyAcknowledged = 40060

// callback sends the initial response to an interaction. When a try fails
// but took effect, the next one is refused as already acknowledged: the
// response is there.
func (a *Adapter) callback(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	return a.retry(ctx, "interaction callback", func(try int) error {
		err := a.s.InteractionRespond(i, resp, discordgo.WithContext(ctx), noRestRetries())
		var re *discordgo.RESTError
		if try > 0 && errors.As(err, &re) && re.Message != nil && re.Message.Code == codeAlreadyAcknowledged {
			return nil
		}
		return err
	}, i.Token)
}

// deferResponse acknowledges an interaction ("thinking…"); the answer
// comes later with editResponse.
func (a *Adapter) deferResponse(ctx context.Context, i *discordgo.Interaction, ephemeral bool) error {
	err := a.callback(ctx, i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags(ephemeral), AllowedMentions: noMentions()},
	})
	if err != nil {
		return fmt.Errorf("defer interaction: %w", err)
	}
	return nil
}

// deferUpdate acknowledges a click on a button of a message: the message
// is then replaced with editResponse. The callback carries no message.
func (a *Adapter) deferUpdate(ctx context.Context, i *discordgo.Interaction) error {
	err := a.callback(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
	if err != nil {
		return fmt.Errorf("defer message update: %w", err)
	}
	return nil
}

// editResponse replaces a deferred response with r (the first part; the
// others follow up) and returns the ids of the messages.
func (a *Adapter) editResponse(ctx context.Context, i *discordgo.Interaction, r bot.Reply) ([]string, error) {
	parts := a.bot.Messages(r)
	if r.Buttons != nil && parts[0].Buttons == nil {
		parts[0].Buttons = []bot.Button{} // the buttons go with the last part
	}
	id, err := a.editOriginal(ctx, i, parts[0])
	if err != nil {
		return nil, err
	}
	ids := []string{id}
	more, err := a.followups(ctx, i, id, parts[1:], r.Ephemeral)
	return append(ids, more...), err
}

// editOriginal replaces the interaction's response with p and returns the
// id of its message.
func (a *Adapter) editOriginal(ctx context.Context, i *discordgo.Interaction, p bot.Message) (string, error) {
	content, es := p.Content, embeds(p.Embeds)
	if es == nil {
		es = []*discordgo.MessageEmbed{}
	}
	edit := &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &es,
		AllowedMentions: noMentions(),
	}
	if p.Buttons != nil { // an empty list removes the buttons
		comps := components(p.Buttons)
		edit.Components = &comps
	}
	var id string
	err := a.retry(ctx, "edit interaction response", func(int) error {
		msg, err := a.s.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx), noRestRetries())
		if err != nil {
			return err
		}
		id = msg.ID
		return nil
	}, i.Token)
	if err != nil {
		return "", fmt.Errorf("edit interaction response: %w", err)
	}
	return id, nil
}

// followups sends parts as interaction follow-up messages; after is the id
// of the reply's message they follow (or of the interaction).
func (a *Adapter) followups(ctx context.Context, i *discordgo.Interaction, after string, parts []bot.Message, ephemeral bool) ([]string, error) {
	var ids []string
	for n, p := range parts {
		id, err := a.followup(ctx, i, after, p, ephemeral)
		if err != nil {
			return ids, fmt.Errorf("follow-up %d: %w", n+1, err)
		}
		ids = append(ids, id)
		after = id
	}
	return ids, nil
}

// errUnverifiable stops the retries of a follow-up that an earlier try may
// have posted, when the channel cannot tell.
var errUnverifiable = errors.New("an earlier try may have posted it and the channel cannot tell: not posted again")

// followup posts one follow-up message. Webhook messages take no nonce:
// before trying again after a failure that may have taken effect, it looks
// for the message among those after after in the channel.
func (a *Adapter) followup(ctx context.Context, i *discordgo.Interaction, after string, p bot.Message, ephemeral bool) (string, error) {
	params := &discordgo.WebhookParams{
		Content:         p.Content,
		Embeds:          embeds(p.Embeds),
		Components:      components(p.Buttons),
		AllowedMentions: noMentions(),
		Flags:           flags(ephemeral),
	}
	var id string
	var last error
	err := a.retry(ctx, "follow-up", func(try int) error {
		if try > 0 && classify(last) != failNotSent {
			found, err := a.findFollowup(ctx, i, after, p, ephemeral)
			if err != nil {
				return fmt.Errorf("%w (%v; after %v)", errUnverifiable, err, last)
			}
			if found != "" {
				id = found
				return nil
			}
		}
		msg, err := a.s.FollowupMessageCreate(i, true, params, discordgo.WithContext(ctx), noRestRetries())
		if err != nil {
			last = err
			return err
		}
		id = msg.ID
		return nil
	}, i.Token)
	return id, err
}

// findFollowup looks for follow-up p of interaction i among the messages
// after after in the channel: a message of the interaction with p's
// content and embeds. It returns its id, "" when it is not there, or an
// error when the channel cannot tell (ephemeral messages are not listed; a
// full page may hide it; the bot may not read the channel).
func (a *Adapter) findFollowup(ctx context.Context, i *discordgo.Interaction, after string, p bot.Message, ephemeral bool) (string, error) {
	if ephemeral {
		return "", errors.New("ephemeral messages are not listed")
	}
	const page = 100
	msgs, err := a.s.ChannelMessages(i.ChannelID, page, "", after, "", discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("list the channel's messages: %w", err)
	}
	for _, m := range msgs {
		if m.InteractionMetadata != nil && m.InteractionMetadata.ID == i.ID && sameMessage(m, p) {
			return m.ID, nil
		}
	}
	if len(msgs) == page {
		return "", errors.New("too many messages since")
	}
	return "", nil
}

// sameMessage reports whether m shows p.
func sameMessage(m *discordgo.Message, p bot.Message) bool {
	if m.Content != p.Content || len(m.Embeds) != len(p.Embeds) {
		return false
	}
	for k, e := range p.Embeds {
		if m.Embeds[k].Title != e.Title || m.Embeds[k].Description != e.Description {
			return false
		}
	}
	return true
}

// autocompleteResult answers an autocomplete interaction. discordgo drops an
// empty choices list (omitempty), which Discord rejects, so the body is
// written here.
func (a *Adapter) autocompleteResult(ctx context.Context, i *discordgo.Interaction, choices []bot.Choice) error {
	if choices == nil {
		choices = []bot.Choice{}
	}
	body := map[string]any{
		"type": discordgo.InteractionApplicationCommandAutocompleteResult,
		"data": map[string]any{"choices": choices},
	}
	endpoint := discordgo.EndpointInteractionResponse(i.ID, i.Token)
	err := a.retry(ctx, "autocomplete response", func(try int) error {
		_, err := a.s.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint, discordgo.WithContext(ctx), noRestRetries())
		var re *discordgo.RESTError
		if try > 0 && errors.As(err, &re) && re.Message != nil && re.Message.Code == codeAlreadyAcknowledged {
			return nil
		}
		return err
	}, i.Token)
	if err != nil {
		return fmt.Errorf("autocomplete response: %w", err)
	}
	return nil
}

// Retries of requests to Discord.
const (
	sendAttempts     = 4                      // tries of one request, the first included
	DefaultRetryWait = 250 * time.Millisecond // Options.RetryWait
	maxRetryWait     = 2 * time.Second        // longest wait between two tries
)

// noRestRetries turns off discordgo's own retries of a 502 (immediate, so
// without backoff, and blind for follow-ups): retry does them.
func noRestRetries() discordgo.RequestOption { return discordgo.WithRestRetries(0) }

// retry runs send until it succeeds, fails for good, or has been tried
// sendAttempts times, waiting between tries (exponential backoff with
// jitter) unless ctx is done. send is told which try it is (0 first), so
// that it may check whether a failed one took effect. Secrets (interaction
// tokens) are kept out of the log.
func (a *Adapter) retry(ctx context.Context, what string, send func(try int) error, secrets ...string) error {
	for try := 0; ; try++ {
		err := send(try)
		if err == nil || try+1 >= sendAttempts || classify(err) == failPermanent || ctx.Err() != nil {
			return err
		}
		wait := backoff(a.opts.RetryWait, try)
		a.log.Warn("discord request failed, retrying", "request", what, "try", try+1, "status", statusOf(err),
			"retry_in_ms", wait.Milliseconds(), "err", redact(err, secrets...))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// backoff is the wait before retry n+1: up to base·2ⁿ (at most
// maxRetryWait), at least half of it, the rest random so that replies
// failing together do not all retry together.
func backoff(base time.Duration, n int) time.Duration {
	return backoffUpTo(base, maxRetryWait, n)
}

// failure is how a request to Discord failed.
type failure int

const (
	failPermanent failure = iota // trying again would fail the same way (4xx, cancelled)
	failNotSent                  // it never reached Discord: trying again is safe
	failTransient                // 500, 502, 503, 504 or a broken connection: it may have taken effect
)

// classify says how err, from discordgo, failed.
func classify(err error) failure {
	switch {
	case err == nil || errors.Is(err, errUnverifiable) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return failPermanent
	case statusOf(err) != 0:
		switch statusOf(err) {
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return failTransient
		}
		return failPermanent
	}
	var ue *url.Error
	if !errors.As(err, &ue) {
		return failPermanent
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return failNotSent
	}
	return failTransient
}

// statusOf is the HTTP status of a failed request, 0 when there was none.
func statusOf(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	// Without retries left, discordgo reports a 502 with a plain error.
	if err != nil && strings.Contains(err.Error(), "Exceeded Max retries HTTP 502") {
		return http.StatusBadGateway
	}
	return 0
}

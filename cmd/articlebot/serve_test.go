package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/fakediscord"
	"github.com/articlebot/articlebot/internal/fakeopenai"
	"github.com/articlebot/articlebot/internal/testlog"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestServe runs the real serve command against the fake Discord: it
// connects through discord.api_url, answers a mention, serves metrics and
// health, shuts down cleanly on cancel, and never logs its token.
func TestServe(t *testing.T) {
	const token = "MTIz.fake-token-for-tests.XYZ"
	fake := fakediscord.New(t, fakediscord.WithToken(token), fakediscord.WithHeartbeatInterval(4*time.Second))
	addr := serveEnv(t, fake, token)
	t.Setenv("ARTICLEBOT_UNANSWERED_FILE", "unanswered.json")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr testlog.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr) }()

	if err := fake.WaitUntil(time.Minute, func() bool { return len(fake.Identifies()) > 0 }); err != nil {
		t.Fatalf("no IDENTIFY: %v\n%s", err, stderr.String())
	}
	if _, err := fake.WaitFor(time.Minute, 1, fakediscord.OnRoute(fakediscord.RouteBulkGuildCommands)); err != nil {
		t.Fatalf("commands not registered: %v", err)
	}
	bot := fake.BotUser()
	if _, err := fake.SendMessage(fakediscord.MessageSpec{Content: fmt.Sprintf("<@%s> combien de salariés emploie le secteur ?", bot.ID),
		Mentions: []fakediscord.User{bot}}); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.SendMessage(fakediscord.MessageSpec{DM: true, Content: "Qui est le PDG de Webhelp ?"}); err != nil {
		t.Fatal(err)
	}
	replies, err := fake.WaitFor(time.Minute, 2, fakediscord.OnRoute(fakediscord.RouteCreateMessage))
	if err != nil {
		t.Fatalf("no reply: %v\n%s", err, stderr.String())
	}
	if body := string(replies[0].RawBody) + string(replies[1].RawBody); !strings.Contains(body, "80.000") {
		t.Errorf("reply does not answer: %s", body)
	}

	if code, body := get(t, "http://"+addr+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz: %d %s", code, body)
	}
	if !pollUntil(time.Minute, func() bool { code, _ := get(t, "http://"+addr+"/readyz"); return code == http.StatusOK }) {
		code, body := get(t, "http://"+addr+"/readyz")
		t.Errorf("/readyz: %d %s", code, body)
	}
	// A reply is sent before its question is counted: wait for the counts.
	wants := []string{`articlebot_questions_total{mode="template",outcome="answered",trigger="mention"} 1`, "articlebot_knowledge_passages 4", "articlebot_gateway_connected 1",
		`articlebot_questions_total{mode="template",outcome="declined",trigger="dm"} 1`, "articlebot_unanswered_questions 1"}
	var metrics string
	pollUntil(time.Minute, func() bool {
		_, metrics = get(t, "http://"+addr+"/metrics")
		for _, want := range wants {
			if !strings.Contains(metrics, want) {
				return false
			}
		}
		return true
	})
	for _, want := range wants {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	cancel()
	waitExit(t, done, time.Minute, &stderr)
	logs := stderr.String()
	if strings.Contains(logs, token) || strings.Contains(logs, "fake-token") {
		t.Error("the token appears in the logs")
	}
	if !strings.Contains(logs, "question") {
		t.Errorf("no log line per question:\n%s", logs)
	}
	saved, err := os.ReadFile("unanswered.json")
	if err != nil || !strings.Contains(string(saved), "Webhelp") {
		t.Errorf("the declined question was not saved on shutdown: %v %s", err, saved)
	}
	fake.AssertClean(t)
}

// TestServeShutdownSavesLastAnswers signals serve while the model is still
// writing the answers to five questions (LLM mode): the questions are
// answered — declined, the model finding nothing — after the signal, and
// the unanswered-questions file saved on exit holds all five.
func TestServeShutdownSavesLastAnswers(t *testing.T) {
	const token = "MTIz.fake-token-for-tests.XYZ"
	fake := fakediscord.New(t, fakediscord.WithToken(token), fakediscord.WithHeartbeatInterval(4*time.Second))
	model := fakeopenai.New(t)
	release := make(chan struct{})
	model.Handle(func(r fakeopenai.Request) *fakeopenai.Response {
		if r.Chat == nil {
			return nil
		}
		<-release
		return &fakeopenai.Response{Text: answer.NotFoundMarker}
	})
	t.Chdir(t.TempDir())
	for k, v := range map[string]string{
		"DISCORD_TOKEN":                     token,
		"ARTICLEBOT_DISCORD_API_URL":        fake.APIURL(),
		"ARTICLEBOT_DISCORD_GUILD_ID":       fakediscord.DefaultGuildID,
		"ARTICLEBOT_DISCORD_SHUTDOWN_GRACE": "2m",
		"ARTICLEBOT_ANSWER_MODE":            "llm",
		"ARTICLEBOT_ANSWER_RATE_LIMIT":      "0",
		"ARTICLEBOT_LLM_BASE_URL":           model.URL(),
		"ARTICLEBOT_LLM_API_KEY":            "sk-test",
		"ARTICLEBOT_LLM_TIMEOUT":            "2m",
		"ARTICLEBOT_UNANSWERED_FILE":        "unanswered.json",
	} {
		t.Setenv(k, v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr testlog.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr) }()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	if _, err := fake.WaitFor(time.Minute, 1, fakediscord.OnRoute(fakediscord.RouteBulkGuildCommands)); err != nil {
		t.Fatalf("commands not registered: %v\n%s", err, stderr.String())
	}
	places := []string{"en Tunisie", "en Algérie", "au Sénégal", "en Égypte", "au Portugal"}
	for i, p := range places {
		if _, err := fake.SendMessage(fakediscord.MessageSpec{DM: true, ChannelID: fmt.Sprintf("40000000000000000%02d", i),
			Author:  fakediscord.User{ID: fmt.Sprintf("20000000000000000%02d", i), Username: "u"},
			Content: "Combien de salariés emploie le secteur " + p + " ?"}); err != nil {
			t.Fatal(err)
		}
	}
	asked := func() int {
		n := 0
		for _, r := range model.Requests() {
			if r.Chat != nil {
				n++
			}
		}
		return n
	}
	poll(t, "the model asked every question", func() bool { return asked() == len(places) })
	cancel() // SIGTERM, with every answer still being written
	poll(t, "shutdown started", func() bool { return strings.Contains(stderr.String(), "shutting down") })
	close(release)
	waitExit(t, done, 2*time.Minute, &stderr)
	saved, err := os.ReadFile("unanswered.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range places {
		if !strings.Contains(string(saved), p) {
			t.Errorf("the question declined during shutdown (%s) was not saved:\n%s", p, saved)
		}
	}
	if n := len(fake.Messages()) - len(places); n != len(places) {
		t.Errorf("%d replies, want %d", n, len(places))
	}
	if strings.Contains(stderr.String(), "not answered") || strings.Contains(stderr.String(), "not taken") {
		t.Errorf("a question was left unanswered:\n%s", stderr.String())
	}
	fake.AssertClean(t)
}

// poll waits until cond holds, failing the test after a minute.
func poll(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if !pollUntil(time.Minute, cond) {
		t.Fatalf("%s: not within a minute", what)
	}
}

// pollUntil waits until cond holds or timeout passes, and says whether it
// holds.
// serveEnv points serve at fake with token, from a temporary directory,
// and returns the address of its metrics and health endpoints.
func serveEnv(t *testing.T, fake *fakediscord.Server, token string) string {
	t.Helper()
	addr := freeAddr(t)
	t.Chdir(t.TempDir())
	t.Setenv("DISCORD_TOKEN", token)
	t.Setenv("ARTICLEBOT_DISCORD_API_URL", fake.APIURL())
	t.Setenv("ARTICLEBOT_METRICS_ADDR", addr)
	t.Setenv("ARTICLEBOT_DISCORD_GUILD_ID", fakediscord.DefaultGuildID)
	return addr
}

// waitExit waits for a stopped serve's exit code, which must be exitOK.
func waitExit(t *testing.T, done <-chan int, wait time.Duration, stderr *testlog.Buffer) {
	t.Helper()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(wait):
		t.Fatal("serve did not stop after cancel")
	}
}

func pollUntil(timeout time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(timeout); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return cond()
		}
	}
	return true
}

// TestServeRetriesAtStart: while Discord refuses connections, serve keeps
// trying instead of exiting, /healthz answers 200 and /readyz 503; once
// Discord accepts, the bot connects and /readyz answers 200.
func TestServeRetriesAtStart(t *testing.T) {
	const token = "MTIz.fake-token-for-tests.XYZ"
	fake := fakediscord.New(t, fakediscord.WithToken(token), fakediscord.WithHeartbeatInterval(4*time.Second))
	fake.RefuseGateway(-1)
	addr := serveEnv(t, fake, token)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr testlog.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr) }()

	if err := fake.WaitUntil(time.Minute, func() bool { return fake.RefusedGateway() >= 1 }); err != nil {
		t.Fatalf("no connection tried: %v\n%s", err, stderr.String())
	}
	poll(t, "/healthz answers", func() bool { code, _ := get(t, "http://"+addr+"/healthz"); return code == http.StatusOK })
	if code, body := get(t, "http://"+addr+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "connecting to Discord") {
		t.Errorf("/readyz while Discord refuses: %d %s", code, body)
	}
	select {
	case code := <-done:
		t.Fatalf("serve exited %d while Discord could not be reached:\n%s", code, stderr.String())
	default:
	}
	fake.RefuseGateway(0)
	if _, err := fake.WaitFor(time.Minute, 1, fakediscord.OnRoute(fakediscord.RouteBulkGuildCommands)); err != nil {
		t.Fatalf("commands not registered: %v\n%s", err, stderr.String())
	}
	if !pollUntil(time.Minute, func() bool { code, _ := get(t, "http://"+addr+"/readyz"); return code == http.StatusOK }) {
		code, body := get(t, "http://"+addr+"/readyz")
		t.Errorf("/readyz once connected: %d %s", code, body)
	}
	cancel()
	waitExit(t, done, time.Minute, &stderr)
	logs := stderr.String()
	if !strings.Contains(logs, "cannot reach Discord, retrying") {
		t.Errorf("the retries are not logged:\n%s", logs)
	}
	if strings.Contains(logs, token) || strings.Contains(logs, "fake-token") {
		t.Error("the token appears in the logs")
	}
	fake.AssertClean(t)
}

// TestServeInvalidToken: a token Discord refuses is a configuration error
// (exit code 2) with a clear message, at once, not retried.
func TestServeInvalidToken(t *testing.T) {
	fake := fakediscord.New(t, fakediscord.WithToken("MTIz.the-right-token.XYZ"))
	t.Chdir(t.TempDir())
	t.Setenv("DISCORD_TOKEN", "MTIz.a-wrong-token.XYZ")
	t.Setenv("ARTICLEBOT_DISCORD_API_URL", fake.APIURL())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // retrying would end here, with another code
	defer cancel()
	var stdout, stderr testlog.Buffer
	code := run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr)
	out := stderr.String()
	if code != exitUsage || !strings.Contains(out, "discord.token: Discord refused it") || !strings.Contains(out, "DISCORD_TOKEN") {
		t.Errorf("exit %d, want %d and a message naming discord.token:\n%s", code, exitUsage, out)
	}
	if strings.Contains(out, "a-wrong-token") || strings.Contains(out, "retrying") {
		t.Errorf("the token is shown, or the start retried:\n%s", out)
	}
	if n := len(fake.Identifies()); n != 1 {
		t.Errorf("%d IDENTIFY, want 1", n)
	}
}

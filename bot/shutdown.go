package bot

import (
	"time"
)

// DefaultShutdownGrace is how long, by default, Shutdown waits for the
// questions already received to be answered.
const DefaultShutdownGrace = 10 * time.Second

// shutdownLinger bounds the wait, once the grace period is over and the
// work cancelled, for the handlers to return.
const shutdownLinger = 2 * time.Second

// job is one message or interaction being handled.
type job struct {
	kind    string // "message" or "interaction"
	trigger string // how the question came (TriggerMention, …), or the command
	id      string // the message's or interaction's id
	user    string // pseudonymised (userHash)
	start   time.Time
}

// begin registers a job for an event created at created (Discord's time).
// Once Shutdown began, only events created before it are taken, and none
// after the grace period or once everything taken was answered; a refused
// question is logged, never dropped silently.
func (b *Bot) begin(j job, created time.Time) (uint64, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	// Discord's times are whole milliseconds: an event of the signal's own
	// millisecond may come after it, so it is refused (and logged).
	if b.closing && (b.expired || !created.Before(b.cutoff.Truncate(time.Millisecond))) {
		b.log.Warn("question not taken: shutting down", "kind", j.kind, "trigger", j.trigger, "id", j.id, "user", j.user)
		return 0, false
	}
	j.start = time.Now()
	b.lastJob++
	b.jobs[b.lastJob] = j
	return b.lastJob, true
}

// end unregisters a job.
func (b *Bot) end(n uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.jobs, n)
	b.idleLocked()
}

// idleLocked closes idle when, shutting down, no job is left; from then on
// nothing more is taken. b.mu must be held.
func (b *Bot) idleLocked() {
	if b.closing && !b.idleClosed && len(b.jobs) == 0 {
		b.expired, b.idleClosed = true, true
		close(b.idle)
	}
}

// InFlight is the number of invocations being handled.
func (b *Bot) InFlight() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.jobs)
}

// Shutdown stops taking new questions (those asked from now on are logged
// and left unanswered), waits up to ShutdownGrace for the ones already
// received to be answered — including those the gateway delivers during
// the wait —, then cancels and logs each one still unanswered. The adapter
// closes the connection after it. A second call returns at once.
func (b *Bot) Shutdown() {
	b.mu.Lock()
	if b.closing {
		b.mu.Unlock()
		return
	}
	b.closing, b.cutoff = true, time.Now()
	pending := len(b.jobs)
	b.idleLocked()
	b.mu.Unlock()
	b.log.Info("shutting down: finishing the questions received", "in_flight", pending, "grace", b.opts.ShutdownGrace)

	timer := time.NewTimer(b.opts.ShutdownGrace)
	defer timer.Stop()
	select {
	case <-b.idle:
	case <-timer.C:
		b.mu.Lock()
		b.expired = true
		left := make([]job, 0, len(b.jobs))
		for _, j := range b.jobs {
			left = append(left, j)
		}
		b.mu.Unlock()
		for _, j := range left {
			b.log.Warn("shutdown: question not answered within the grace period", "kind", j.kind, "trigger", j.trigger,
				"id", j.id, "user", j.user, "running_ms", time.Since(j.start).Milliseconds())
		}
		b.stopWork()
		select {
		case <-b.idle:
		case <-time.After(shutdownLinger):
			b.log.Warn("shutdown: closing with handlers still running", "count", b.InFlight())
		}
	}
	b.stopWork()
}

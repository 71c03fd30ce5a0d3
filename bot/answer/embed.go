package answer

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/articlebot/articlebot/knowledge"
)

// Embedder turns texts into vectors (*llm.Client with an embeddings model).
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

const (
	rrfK        = 60 // reciprocal rank fusion constant
	embedBatch  = 64
	vectorDepth = searchDepth
)

// vectors caches passage embeddings by content, so a reload embeds only
// the passages that changed.
type vectors struct {
	mu    sync.Mutex
	byKey map[[32]byte][]float32
}

func contentKey(text string) [32]byte { return sha256.Sum256([]byte(text)) }

func (v *vectors) get(text string) ([]float32, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	vec, ok := v.byKey[contentKey(text)]
	return vec, ok
}

// Prepare embeds every passage of base that is not cached yet. The bot
// calls it after each load and reload; without it the first question does.
func (a *Answerer) Prepare(ctx context.Context, base *knowledge.Base) error {
	if a.opts.Embedder == nil || base == nil {
		return nil
	}
	_, err := a.passageVectors(ctx, base)
	return err
}

// embeddedPassage is a passage of a base with its embedding.
type embeddedPassage struct {
	hit knowledge.Hit
	vec []float32
}

// passageVectors returns every passage of base with its embedding, in
// document order, embedding those not cached yet. The list is kept with
// the base's cache: the questions do not look up (hash) every passage of
// the base again.
func (a *Answerer) passageVectors(ctx context.Context, base *knowledge.Base) ([]embeddedPassage, error) {
	c := a.cacheFor(base)
	if all := c.embedded.Load(); all != nil {
		return *all, nil
	}
	if err := a.embedMissing(ctx, base); err != nil {
		return nil, err
	}
	var all []embeddedPassage
	for _, d := range base.Documents() {
		for _, p := range d.Passages {
			if v, ok := a.vecs.get(p.Text); ok {
				all = append(all, embeddedPassage{knowledge.Hit{Passage: p, Title: d.Title}, v})
			}
		}
	}
	c.embedded.Store(&all)
	return all, nil
}

// embedMissing embeds the passages of base that are not cached yet.
func (a *Answerer) embedMissing(ctx context.Context, base *knowledge.Base) error {
	var missing []string
	seen := map[[32]byte]bool{}
	for _, d := range base.Documents() {
		for _, p := range d.Passages {
			k := contentKey(p.Text)
			if _, ok := a.vecs.get(p.Text); !ok && !seen[k] {
				seen[k] = true
				missing = append(missing, p.Text)
			}
		}
	}
	for start := 0; start < len(missing); start += embedBatch {
		batch := missing[start:min(start+embedBatch, len(missing))]
		vecs, err := a.opts.Embedder.Embed(ctx, batch)
		if err != nil {
			return fmt.Errorf("embed passages: %w", err)
		}
		if len(vecs) != len(batch) {
			return fmt.Errorf("embed passages: %d vectors for %d texts", len(vecs), len(batch))
		}
		a.vecs.mu.Lock()
		for i, t := range batch {
			a.vecs.byKey[contentKey(t)] = vecs[i]
		}
		a.vecs.mu.Unlock()
	}
	return nil
}

// fuse adds the passages nearest to the question's embedding to the BM25
// hits by reciprocal rank fusion. Any failure leaves the BM25 hits as they
// are: embeddings only help.
func (a *Answerer) fuse(ctx context.Context, base *knowledge.Base, question string, hits []knowledge.Hit) []knowledge.Hit {
	if a.opts.Embedder == nil {
		return hits
	}
	vecs, err := a.passageVectors(ctx, base)
	if err != nil {
		a.opts.Logger.Warn("embeddings unavailable, BM25 only", "err", err)
		return hits
	}
	qv, err := a.opts.Embedder.Embed(ctx, []string{question})
	if err != nil || len(qv) != 1 {
		a.opts.Logger.Warn("question embedding failed, BM25 only", "err", err)
		return hits
	}
	type scored struct {
		hit knowledge.Hit
		sim float64
	}
	all := make([]scored, len(vecs))
	for i, e := range vecs {
		all[i] = scored{e.hit, cosine(qv[0], e.vec)}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].sim > all[j].sim })
	fused := map[string]*knowledge.Hit{}
	var order []string
	add := func(h knowledge.Hit, rank int) {
		id := h.Passage.ID()
		if f, ok := fused[id]; ok {
			f.Score += 1 / float64(rrfK+rank+1)
			return
		}
		h.Score = 1 / float64(rrfK+rank+1)
		fused[id] = &h
		order = append(order, id)
	}
	for r, h := range hits {
		add(h, r)
	}
	for r := 0; r < len(all) && r < vectorDepth; r++ {
		add(all[r].hit, r)
	}
	out := make([]knowledge.Hit, 0, len(order))
	for _, id := range order {
		out = append(out, *fused[id])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out[:min(len(out), searchDepth)]
}

func cosine(a, b []float32) float64 {
	if len(a) != len(b) {
		return 0
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

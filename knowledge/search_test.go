package knowledge

import (
	"context"
	"maps"
	"slices"
	"testing"
)

// TestSearchSameAfterEveryLoad: two loads of the same documents rank the
// same passages with the same scores, to the last bit. (bleve numbers a
// batch's documents in map order, and sums a passage's term scores in an
// order that follows that numbering.) The trainer's reproducibility rests
// on it.
func TestSearchSameAfterEveryLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the benchmark corpus twice")
	}
	fsys := manpagesFS(t)
	names := slices.Sorted(maps.Keys(fsys))
	for _, name := range names[min(len(names), 100):] { // 100 documents are enough
		delete(fsys, name)
	}
	ctx := context.Background()
	var bases [2]*Base
	for i := range bases {
		b, err := Load(ctx, fsys, Options{})
		if err != nil {
			t.Fatal(err)
		}
		bases[i] = b
	}
	queries := []string{
		"fichier configuration système", "afficher le contenu du répertoire courant", "processus signal terminer",
		"option ligne de commande utilisateur", "mot de passe compte", "réseau adresse interface", "copier des fichiers",
		"variable environnement shell", "date heure format", "permissions propriétaire groupe", "archive compression",
		"sortie standard erreur", "noyau module charger", "disque partition montage", "imprimer page manuel",
	}
	for _, q := range queries {
		h0, err0 := bases[0].SearchExpanded(ctx, q, "liste exécuter programme", 20)
		h1, err1 := bases[1].SearchExpanded(ctx, q, "liste exécuter programme", 20)
		if err0 != nil || err1 != nil {
			t.Fatalf("%q: %v, %v", q, err0, err1)
		}
		if len(h0) != len(h1) {
			t.Fatalf("%q: %d hits, then %d", q, len(h0), len(h1))
		}
		for i := range h0 {
			if h0[i].Passage.ID() != h1[i].Passage.ID() || h0[i].Score != h1[i].Score {
				t.Errorf("%q, hit %d: %s %v, then %s %v", q, i, h0[i].Passage.ID(), h0[i].Score, h1[i].Passage.ID(), h1[i].Score)
				break
			}
		}
	}
}

package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing/fstest"
)

// squadFile is the part of the SQuAD format this package reads.
type squadFile struct {
	Data []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				Question     string `json:"question"`
				IsImpossible bool   `json:"is_impossible"`
				Answers      []struct {
					Text string `json:"text"`
				} `json:"answers"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

// ReadSQuAD reads a SQuAD-format data set (such as PIAF) into a knowledge
// tree, one Markdown document per article with one passage per context,
// and the evaluation cases with their gold answer spans.
func ReadSQuAD(r io.Reader) (fstest.MapFS, []Case, error) {
	var f squadFile
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("squad: %w", err)
	}
	fsys := fstest.MapFS{}
	var cases []Case
	for i, art := range f.Data {
		id := fmt.Sprintf("squad-%02d", i+1)
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %q\n---\n\n", art.Title)
		for j, p := range art.Paragraphs {
			b.WriteString(strings.Join(strings.Fields(p.Context), " "))
			b.WriteString("\n\n")
			for _, qa := range p.QAs {
				c := Case{Question: qa.Question, Doc: id, Passage: j + 1}
				if qa.IsImpossible || len(qa.Answers) == 0 {
					no := false
					c.ExpectFound = &no
				}
				for _, a := range qa.Answers {
					c.Gold = append(c.Gold, a.Text)
				}
				cases = append(cases, c)
			}
		}
		fsys[id+".md"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	if len(cases) == 0 {
		return nil, nil, fmt.Errorf("squad: no question")
	}
	return fsys, cases, nil
}

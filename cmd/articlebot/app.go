package main

import (
	"context"
	"fmt"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/lexicon"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/prompts"
)

// knowledgeSource is the configured knowledge directory, or the embedded
// default knowledge base when none is set.
func knowledgeSource(cfg *config.Config) knowledge.Source {
	if cfg.Knowledge.Dir == "" {
		return knowledge.FSSource(knowledge.DefaultFS())
	}
	return knowledge.DirSource(cfg.Knowledge.Dir)
}

func knowledgeOptions(cfg *config.Config) knowledge.Options {
	return knowledge.Options{MaxFileSize: cfg.Knowledge.MaxFileSize}
}

// buildAnswerer loads the knowledge base and the prompts and returns the
// answering layer over them.
func buildAnswerer(ctx context.Context, cfg *config.Config) (*answer.Answerer, *knowledge.Store, error) {
	store := knowledge.NewStore(knowledgeSource(cfg), knowledgeOptions(cfg))
	if _, err := store.Reload(ctx); err != nil {
		return nil, nil, fmt.Errorf("load knowledge base: %w", err)
	}
	p, err := prompts.Load(cfg.Prompts.Dir)
	if err != nil {
		return nil, nil, err
	}
	return answer.New(store, p, answerOptions(cfg)), store, nil
}

// answerOptions are the answering settings of cfg, with the embedded
// lexicon (French thesaurus, English-French dictionary).
func answerOptions(cfg *config.Config) answer.Options {
	return answer.Options{TopK: cfg.Answer.TopK, MaxQuestionLength: cfg.Answer.MaxQuestionLength, Lexicon: lexicon.Lazy()}
}

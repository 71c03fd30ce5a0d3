package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/lexicon"
	"github.com/articlebot/articlebot/internal/llm"
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
// Its replies are worded for a terminal (see prompts.LoadTerminal).
func buildAnswerer(ctx context.Context, cfg *config.Config) (*answer.Answerer, *knowledge.Store, error) {
	p, err := prompts.LoadTerminal(cfg.Prompts.Dir)
	if err != nil {
		return nil, nil, err
	}
	return buildAnswererWith(ctx, cfg, newLogger(os.Stderr, cfg.Log, nil), nil, p)
}

// buildAnswererWith is buildAnswerer logging to logger, with the prompts p
// (prompts.Load for Discord, prompts.LoadTerminal). onLLM, if not nil, is
// told the outcome of every call to the model.
func buildAnswererWith(ctx context.Context, cfg *config.Config, logger *slog.Logger, onLLM func(string),
	p *prompts.Set) (*answer.Answerer, *knowledge.Store, error) {
	store := knowledge.NewStore(knowledgeSource(cfg), knowledgeOptions(cfg))
	if _, err := store.Reload(ctx); err != nil {
		return nil, nil, fmt.Errorf("load knowledge base: %w", err)
	}
	opts, err := answerOptions(cfg, logger)
	if err != nil {
		return nil, nil, err
	}
	opts.OnLLM = onLLM
	a := answer.New(store, p, opts)
	if err := a.Prepare(ctx, store.Base()); err != nil {
		logger.Warn("passage embeddings unavailable: BM25 retrieval only", "err", err)
	}
	return a, store, nil
}

// answerOptions are the answering settings of cfg, with the embedded
// lexicon (French thesaurus, English-French dictionary) and, in LLM mode,
// the client of the OpenAI-compatible server.
func answerOptions(cfg *config.Config, logger *slog.Logger) (answer.Options, error) {
	opts := answer.Options{TopK: cfg.Answer.TopK, MaxQuestionLength: cfg.Answer.MaxQuestionLength,
		Lexicon: lexicon.Lazy(), Mode: cfg.Answer.Mode, MaxContextTokens: cfg.LLM.MaxContextTokens, Logger: logger}
	if cfg.Answer.Mode != config.AnswerModeLLM && cfg.LLM.EmbeddingsModel == "" {
		return opts, nil
	}
	client, err := llm.New(llm.Config{
		BaseURL: cfg.LLM.BaseURL, APIKey: cfg.LLM.APIKey.Reveal(), Model: cfg.LLM.Model,
		EmbeddingsModel: cfg.LLM.EmbeddingsModel, Timeout: cfg.LLM.Timeout, Temperature: float32(cfg.LLM.Temperature),
		OnCircuitChange: func(open bool) {
			if open {
				logger.Warn("LLM circuit breaker open: template answers until it recovers")
			} else {
				logger.Info("LLM circuit breaker closed")
			}
		},
	})
	if err != nil {
		return opts, fmt.Errorf("%w: llm: %v", config.ErrInvalid, err)
	}
	if cfg.Answer.Mode == config.AnswerModeLLM {
		opts.LLM = client
	}
	if cfg.LLM.EmbeddingsModel != "" {
		opts.Embedder = client
	}
	return opts, nil
}

// templateParts are the terminal prompts and the template-mode answering
// options of cfg, for commands that build answerers over knowledge bases
// of their own (eval --squad, train).
func templateParts(cfg *config.Config, logger *slog.Logger) (*prompts.Set, answer.Options, error) {
	p, err := prompts.LoadTerminal(cfg.Prompts.Dir)
	if err != nil {
		return nil, answer.Options{}, err
	}
	opts, err := answerOptions(cfg, logger)
	if err != nil {
		return nil, answer.Options{}, err
	}
	opts.Mode, opts.LLM, opts.Embedder = answer.ModeTemplate, nil, nil
	return p, opts, nil
}
